/** The point-in-time cases (Feast's published ones and the reference script's), written to files and run through an engine. */
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { ParquetWriter, fileWriter } from 'hyparquet-writer'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import type { FeatureType, KeyType } from '../../../../shared/contract/features'
import type { RetrievalRequest } from '../engine/retrieval'

export interface CaseView {
  view: {
    name: string
    keys: { name: string; type: KeyType }[]
    timestampField: string
    createdTimestampField: string | null
    ttlSeconds: number
    features: { name: string; type: FeatureType }[]
  }
  featureColumns: string[]
  featureRows: string[][]
}

export interface CaseRun {
  filterByCreatedTimestamp: boolean
  fullFeatureNames?: boolean
  expected: Record<string, (number | string | boolean | null)[]>
}

export interface PitCase {
  name: string
  from?: string
  views: CaseView[]
  entityColumns: string[]
  entityRows: string[][]
  entityTimestampColumn: string
  runs: CaseRun[]
}

interface RawCase extends Partial<PitCase> {
  name: string
  view?: CaseView['view']
  featureColumns?: string[]
  featureRows?: string[][]
  filterByCreatedTimestamp?: boolean
  expected?: CaseRun['expected']
}

const FIX = __dirname

function normalise(c: RawCase): PitCase {
  if (c.views) return c as PitCase
  return {
    name: c.name,
    ...(c.from ? { from: c.from } : {}),
    views: [{ view: c.view!, featureColumns: c.featureColumns!, featureRows: c.featureRows! }],
    entityColumns: c.entityColumns!,
    entityRows: c.entityRows!,
    entityTimestampColumn: c.entityTimestampColumn!,
    runs: [{ filterByCreatedTimestamp: c.filterByCreatedTimestamp!, expected: c.expected! }]
  }
}

export const feastCases = (): PitCase[] =>
  (JSON.parse(fs.readFileSync(path.join(FIX, 'feast-cases.json'), 'utf8')) as { cases: RawCase[] }).cases.map(normalise)
export const referenceCases = (): PitCase[] =>
  (JSON.parse(fs.readFileSync(path.join(FIX, 'reference-cases.json'), 'utf8')) as { cases: RawCase[] }).cases.map(normalise)

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

export function writeCsv(file: string, columns: string[], rows: string[][]): string {
  fs.writeFileSync(file, [columns.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n')
  return file
}

/** The same rows as Parquet with every column as text (an empty cell is null). */
export function writeParquetText(file: string, columns: string[], rows: string[][]): string {
  const writer = fileWriter(file)
  const schema = [{ name: 'root', num_children: columns.length }, ...columns.map((name) => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }))]
  const pw = new ParquetWriter({ writer, schema: schema as never })
  pw.write({ columnData: columns.map((name, j) => ({ name, data: rows.map((r) => (r[j] === '' ? null : r[j]!)) })) as never, rowGroupSize: 7 })
  pw.finish()
  return file
}

/** Files for one case and the retrieval request of one run. */
export function requestFor(c: PitCase, run: CaseRun, dir: string, format: 'csv' | 'parquet', out: 'csv' | 'parquet' = 'csv'): RetrievalRequest {
  const write = format === 'csv' ? writeCsv : writeParquetText
  const ext = format === 'csv' ? 'csv' : 'parquet'
  const entity = write(path.join(dir, `entity.${ext}`), c.entityColumns, c.entityRows)
  return {
    entity: { source: { format, files: [entity] }, timestampColumn: c.entityTimestampColumn },
    views: c.views.map((v) => ({
      name: v.view.name,
      version: 0,
      keys: v.view.keys,
      timestampField: v.view.timestampField,
      createdTimestampField: v.view.createdTimestampField,
      ttlSeconds: v.view.ttlSeconds,
      source: { format, files: [write(path.join(dir, `${v.view.name}.${ext}`), v.featureColumns, v.featureRows)] },
      features: v.view.features.map((f) => ({ ...f, column: run.fullFeatureNames ? `${v.view.name}__${f.name}` : f.name }))
    })),
    filterByCreatedTimestamp: run.filterByCreatedTimestamp,
    output: { path: path.join(dir, `out.${out}`), format: out }
  }
}

/** Output columns of a training set file, values typed by the feature types of the request. */
export async function readOutput(req: RetrievalRequest): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  if (req.output.format === 'csv') {
    const rows = parse(fs.readFileSync(req.output.path, 'utf8'), { columns: true }) as Record<string, string>[]
    const columns = Object.keys(rows[0] ?? {})
    return { columns, rows }
  }
  const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(req.output.path) })) as Record<string, unknown>[]
  return { columns: Object.keys(rows[0] ?? {}), rows }
}

/** A cell of the output as the expected JSON value. */
export function typed(v: unknown, type: FeatureType): number | string | boolean | null {
  if (v === null || v === undefined || v === '') return null
  if (type === 'string') return String(v)
  if (type === 'bool') return v === true || v === 'true'
  return Number(v)
}
