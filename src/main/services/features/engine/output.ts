/**
 * Writing a training set (TypeScript engine): the entity file read again batch by batch, its columns kept as they are,
 * followed by the joined feature columns, as CSV or Parquet. Memory: one batch of the entity file plus the feature columns.
 */
import fs from 'node:fs'
import { ParquetWriter, fileWriter } from 'hyparquet-writer'
import type { FeatureType } from '../../../../shared/contract/features'
import { parquetColumnTypes, readColumns, type Cells, type Progress, type SourceFiles } from '../files'

export interface OutputColumn {
  name: string
  type: FeatureType
  /** Numbers (NaN = null; bool 1/0) or dictionary codes (−1 = null). */
  values: Float64Array | Int32Array
  dictionary?: string[]
}

type CellType = 'int64' | 'float64' | 'string' | 'bool' | 'timestamp'

const QUOTE = /[",\r\n]/

export const csvCell = (s: string): string => (QUOTE.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

function rawText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  return String(v)
}

/** One feature value as CSV text ('' = null). */
export function featureText(c: OutputColumn, row: number): string {
  if (c.type === 'string') {
    const code = c.values[row]!
    return code < 0 ? '' : csvCell(c.dictionary![code]!)
  }
  const v = c.values[row]!
  if (Number.isNaN(v)) return ''
  if (c.type === 'bool') return v ? 'true' : 'false'
  return String(v)
}

function featureData(c: OutputColumn, from: number, n: number): unknown[] {
  const out = new Array<unknown>(n)
  for (let i = 0; i < n; i++) {
    const v = c.values[from + i]!
    if (c.type === 'string') out[i] = v < 0 ? null : c.dictionary![v]
    else if (Number.isNaN(v)) out[i] = null
    else if (c.type === 'bool') out[i] = v === 1
    else if (c.type === 'int64') out[i] = BigInt(v)
    else out[i] = v
  }
  return out
}

const PARQUET_TYPE: Record<CellType, string> = {
  int64: 'INT64',
  float64: 'DOUBLE',
  string: 'STRING',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP'
}
const SCHEMA: Record<string, Record<string, unknown>> = {
  INT64: { type: 'INT64' },
  DOUBLE: { type: 'DOUBLE' },
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  BOOLEAN: { type: 'BOOLEAN' },
  TIMESTAMP: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }
}

function entityData(type: CellType, cells: Cells, n: number): unknown[] {
  const out = new Array<unknown>(n)
  for (let i = 0; i < n; i++) {
    const v = cells[i]
    if (v === null || v === undefined) out[i] = null
    else if (type === 'int64') out[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))
    else if (type === 'float64') out[i] = Number(v)
    else if (type === 'bool') out[i] = Boolean(v)
    else if (type === 'timestamp') out[i] = Number(v)
    else out[i] = rawText(v)
  }
  return out
}

/** Writes the training set; answers the number of rows written. */
export async function writeTrainingSet(
  entity: SourceFiles,
  entityColumns: string[],
  features: OutputColumn[],
  out: { path: string; format: 'csv' | 'parquet' },
  signal?: AbortSignal,
  progress?: Progress
): Promise<number> {
  const total = features[0]?.values.length ?? null
  let at = 0
  if (out.format === 'csv') {
    const fd = fs.openSync(out.path, 'w')
    try {
      fs.writeSync(fd, [...entityColumns.map(csvCell), ...features.map((f) => csvCell(f.name))].join(',') + '\n')
      await readColumns(
        entity,
        entityColumns,
        (cols, n) => {
          const lines: string[] = new Array<string>(n)
          for (let i = 0; i < n; i++) {
            const row = at + i
            const cells: string[] = []
            for (const c of cols) cells.push(csvCell(rawText(c[i])))
            for (const f of features) cells.push(featureText(f, row))
            lines[i] = cells.join(',')
          }
          fs.writeSync(fd, lines.join('\n') + '\n')
          at += n
          progress?.(at, total, 'writing the training set')
        },
        { signal }
      )
    } finally {
      fs.closeSync(fd)
    }
    return at
  }
  const types = (await parquetColumnTypes(entity)) ?? new Map<string, CellType>()
  const entityTypes = entityColumns.map((c) => types.get(c) ?? 'string')
  const basic = [...entityTypes.map((t) => PARQUET_TYPE[t]), ...features.map((f) => PARQUET_TYPE[f.type])]
  const names = [...entityColumns, ...features.map((f) => f.name)]
  const schema = [
    { name: 'root', num_children: names.length },
    ...names.map((name, j) => ({ name, repetition_type: 'OPTIONAL', ...SCHEMA[basic[j]!] }))
  ]
  const writer = fileWriter(out.path)
  const pw = new ParquetWriter({ writer, schema: schema as never, createdBy: 'Control Console feature store' })
  await readColumns(
    entity,
    entityColumns,
    (cols, n) => {
      const columnData = [
        ...cols.map((c, j) => ({ name: entityColumns[j]!, data: entityData(entityTypes[j]!, c, n) })),
        ...features.map((f) => ({ name: f.name, data: featureData(f, at, n) }))
      ]
      void pw.write({ columnData: columnData as never, rowGroupSize: Math.max(n, 1) })
      at += n
      progress?.(at, total, 'writing the training set')
    },
    { signal }
  )
  pw.finish()
  return at
}
