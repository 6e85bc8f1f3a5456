/** Reading a CSV/Parquet file or a folder of them into compact columns (runs inside a worker thread), on the shared readers. */
import fs from 'node:fs'
import path from 'node:path'
import type { ColumnKind, ColumnSpec, Inspection } from '../../../shared/contract/drift'
import { openCsv } from '../../core/files/csv'
import { inspectTable } from '../../core/files/inspect'
import { cellText, openParquet } from '../../core/files/parquet'
import { probeFile } from '../../core/files/source'
import { DATA_FILE, type CellValue, type RowBatch } from '../../core/files/table'
import { builderFor, describeColumn, F64Builder, isMissingToken, type ColumnBuilder, type ColumnData } from './columns'
import { inferKind } from './infer'

/** A problem with the user's file, reported as is (becomes a VALIDATION error on `path`). */
export class DriftInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DriftInputError'
  }
}

export interface LoadOptions {
  delimiter?: string | undefined
  header?: boolean | undefined
  columns?: ColumnSpec[] | undefined
}

export interface LoadedDataset {
  format: 'csv' | 'parquet'
  files: string[]
  delimiter: string | null
  header: boolean
  encoding: string
  rows: number
  columns: ColumnData[]
  warnings: string[]
  /** Set when the job stored the columns itself (then `columns` is empty). */
  stored?: { schema: ColumnSpec[]; bytes: number }
}

export type Progress = (done: number, total: number | null, message?: string) => void

/** Parquet by name (.parquet, .pq) or by its first bytes. */
const isParquet = (f: string): boolean => /\.(parquet|pq)$/i.test(f) || probeFile(f).magic === 'parquet'

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
}

/** The data files a path stands for: the file itself, or the data files of a folder (sorted by name). */
export function resolveFiles(p: string): string[] {
  let st: fs.Stats
  try {
    st = fs.statSync(p)
  } catch {
    throw new DriftInputError(`no file or folder at ${p}`)
  }
  if (st.isDirectory()) {
    const files = fs
      .readdirSync(p)
      .filter((f) => DATA_FILE.test(f))
      .sort()
      .map((f) => path.join(p, f))
    if (files.length === 0) throw new DriftInputError(`the folder ${p} holds no .csv, .tsv, .txt or .parquet files (or .gz of them)`)
    const kinds = new Set(files.map(isParquet))
    if (kinds.size > 1) throw new DriftInputError(`the folder ${p} mixes CSV and Parquet files; keep one format per folder`)
    return files
  }
  if (st.size === 0) throw new DriftInputError(`the file ${p} is empty`)
  return [p]
}

// ---------------------------------------------------------------- inspect

/** The shared inspection of the first file, with drift's column kinds (and why) and the files of the path. */
export async function inspectPath(p: string, opts: LoadOptions = {}): Promise<Inspection> {
  const files = resolveFiles(p)
  const first = files[0]!
  const parquet = isParquet(first)
  const { inspection, cells } = parquet
    ? await inspectTable(first, { as: 'parquet', sampleRows: 5000 }).catch(notParquet(first))
    : await inspectTable(first, { delimiter: opts.delimiter, header: opts.header, sampleRows: 5000 })
  const columns = inspection.columns.map((c, j) => {
    const values = cells[j]!
    const texts = values.map((v) => (v === null || v === undefined ? undefined : cellText(v)))
    const inf = inferKind(texts)
    const kind = parquet ? inferParquetKind(values) : inf.kind
    return { ...c, kind, message: kind === inf.kind ? inf.message : null }
  })
  return { ...inspection, path: p, files, columns }
}

/** A .parquet file hyparquet cannot read, as drift's input error (the reader's message names the file). */
const notParquet =
  (file: string) =>
  (err: unknown): never => {
    const message = (err as Error).message
    throw new DriftInputError(message.includes(path.basename(file)) ? message : `${path.basename(file)}: ${message}`)
  }

function inferParquetKind(values: CellValue[]): ColumnKind {
  const present = values.filter((v) => v !== null && v !== undefined)
  if (present.length === 0) return 'categorical'
  if (present.every((v) => typeof v === 'number' || typeof v === 'bigint')) return 'numeric'
  if (present.every((v) => typeof v === 'boolean')) return 'boolean'
  if (present.every((v) => v instanceof Date)) return 'datetime'
  return inferKind(present.map(cellText)).kind
}

// ---------------------------------------------------------------- reading

interface FileColumns {
  columns: ColumnData[]
  rows: number
  schema: ColumnSpec[]
  delimiter: string | null
  header: boolean
  encoding: string
  warnings: string[]
}

let scratch = new Float64Array(0)

/** Appends a batch's cells of column j to a builder: numbers straight from bytes, the rest as text or typed values. */
function pushColumn(b: RowBatch, j: number, builder: ColumnBuilder, typed: boolean): void {
  const n = b.length
  if (typed) {
    for (let i = 0; i < n; i++) pushCell(builder, b.value(i, j))
    return
  }
  if (builder instanceof F64Builder && builder.kind === 'numeric') {
    const values = scratch.length >= n ? scratch : (scratch = new Float64Array(n))
    b.numbers(j, values, 0)
    for (let i = 0; i < n; i++) {
      const v = values[i]!
      if (v === v) builder.pushValue(v)
      else builder.pushText(b.text(i, j)) // missing tokens and invalid cells are counted from the text
    }
    return
  }
  for (let i = 0; i < n; i++) builder.pushText(b.text(i, j))
}

function pushCell(b: ColumnBuilder, v: unknown): void {
  if (v === null || v === undefined) return b.pushText(undefined)
  if (b instanceof F64Builder) {
    if (typeof v === 'number') return b.kind === 'boolean' ? b.pushValue(v ? 1 : 0) : b.pushValue(Number.isFinite(v) ? v : Number.NaN)
    if (typeof v === 'bigint') return b.pushValue(Number(v))
    if (typeof v === 'boolean') return b.pushValue(v ? 1 : 0)
    if (v instanceof Date) return b.pushValue(v.getTime())
  }
  b.pushText(cellText(v))
}

/** One file into columns of the given (or inferred) schema; columns of the schema the file lacks are all missing. */
async function loadFile(
  file: string,
  opts: LoadOptions,
  schema: ColumnSpec[] | null,
  progress: Progress | undefined,
  signal: AbortSignal | undefined,
  base: { bytesBefore: number; bytesTotal: number }
): Promise<FileColumns> {
  const parquet = isParquet(file)
  const name = path.basename(file)
  const specs =
    schema ??
    (await inspectPath(file, opts)).columns.map((c) => ({
      name: c.name,
      kind: c.kind
    }))
  const available = parquet ? (await openParquet(file).catch(notParquet(file))).fileColumns : null
  const reader = parquet
    ? await openParquet(file, { columns: specs.map((s) => s.name).filter((c) => available!.includes(c)) })
    : await openCsv(file, { delimiter: opts.delimiter, header: opts.header })
  const names = reader.columns
  const warnings: string[] = []
  const pos = new Map(names.map((n, j) => [n, j]))
  const builders: (ColumnBuilder | null)[] = names.map(() => null)
  for (const s of specs) {
    const j = pos.get(s.name)
    if (j !== undefined) builders[j] = builderFor(s.name, s.kind)
  }
  const width = names.length
  let rows = 0
  let ragged = 0
  const raggedRows: number[] = []
  try {
    for await (const b of reader) {
      aborted(signal)
      if (!parquet)
        for (let i = 0; i < b.length; i++)
          if (b.width(i) !== width) {
            ragged++
            if (raggedRows.length < 5) raggedRows.push(b.rowNumber(i))
          }
      for (let j = 0; j < width; j++) if (builders[j]) pushColumn(b, j, builders[j]!, parquet)
      rows += b.length
      progress?.(parquet ? rows : base.bytesBefore + reader.bytesRead, parquet ? null : base.bytesTotal, `reading ${name}`)
    }
  } finally {
    await reader.close()
  }
  if (reader.encoding === 'latin-1') warnings.push(`${name} is not valid UTF-8; it was read as Latin-1 (Windows-1252).`)
  if (ragged) {
    warnings.push(
      `${ragged.toLocaleString('en-US')} row${ragged === 1 ? '' : 's'} of ${name} ha${ragged === 1 ? 's' : 've'} a different number of fields than the header (${width}), e.g. row${raggedRows.length > 1 ? 's' : ''} ${raggedRows.join(', ')}; missing fields were read as missing values and extra fields ignored.`
    )
  }
  const byName = new Map<string, ColumnData>()
  names.forEach((n, j) => {
    const b = builders[j]
    if (b) byName.set(n, b.finish())
  })
  const columns = specs.map((s) => {
    const c = byName.get(s.name)
    if (c) return c
    const m = missingColumn(s.name, s.kind, rows)
    m.message = `not in ${name}; every value is missing`
    return m
  })
  return {
    columns,
    rows,
    schema: specs,
    delimiter: reader.delimiter,
    header: reader.header,
    encoding: reader.encoding ?? 'parquet',
    warnings
  }
}

function missingColumn(name: string, kind: ColumnKind, rows: number): ColumnData {
  const b = builderFor(name, kind)
  for (let i = 0; i < rows; i++) b.pushText(undefined)
  return b.finish()
}

// ---------------------------------------------------------------- both

/** Concatenate same-schema columns from several files. */
function concat(parts: ColumnData[][], specs: ColumnSpec[]): ColumnData[] {
  if (parts.length === 1) return parts[0]!
  return specs.map((s, j) => {
    const cols = parts.map((p) => p[j]!)
    const b = builderFor(s.name, s.kind)
    for (const c of cols) {
      if (c.encoding === 'f64') for (let i = 0; i < c.values.length; i++) (b as F64Builder).pushValue(c.values[i]!)
      else for (let i = 0; i < c.codes.length; i++) b.pushText(c.codes[i]! < 0 ? undefined : c.dictionary[c.codes[i]!])
    }
    const out = b.finish()
    out.invalid = cols.reduce((n, c) => n + c.invalid, 0)
    out.invalidExample = cols.find((c) => c.invalidExample)?.invalidExample ?? null
    out.missing = cols.reduce((n, c) => n + c.missing, 0)
    const notes = cols.map((c) => c.message).filter((m): m is string => !!m)
    out.message = notes.length ? notes.join('; ') : null
    return out
  })
}

/** Read every file of a path with the given (or inferred) schema. */
export async function loadPath(p: string, opts: LoadOptions = {}, progress?: Progress, signal?: AbortSignal): Promise<LoadedDataset> {
  const files = resolveFiles(p)
  const parquet = isParquet(files[0]!)
  const sizes = files.map((f) => fs.statSync(f).size)
  const bytesTotal = sizes.reduce((a, b) => a + b, 0)
  let schema: ColumnSpec[] | null = opts.columns && opts.columns.length ? opts.columns : null
  if (opts.columns && opts.columns.length === 0) throw new DriftInputError('choose at least one column')
  const parts: ColumnData[][] = []
  const warnings: string[] = []
  let rows = 0
  let delimiter: string | null = null
  let header = true
  let encoding = parquet ? 'parquet' : 'utf-8'
  let bytesBefore = 0
  for (let i = 0; i < files.length; i++) {
    aborted(signal)
    const r = await loadFile(files[i]!, opts, schema, progress, signal, { bytesBefore, bytesTotal })
    schema = r.schema
    parts.push(r.columns)
    rows += r.rows
    delimiter = r.delimiter
    header = r.header
    if (r.encoding !== 'utf-8') encoding = r.encoding
    warnings.push(...r.warnings)
    bytesBefore += sizes[i]!
  }
  const columns = concat(parts, schema!)
  for (const c of columns) {
    const own = describeColumn(c)
    c.message = [c.message, own].filter(Boolean).join('; ') || null
  }
  if (rows === 0) warnings.push('The data has a header but no rows.')
  return { format: parquet ? 'parquet' : 'csv', files, delimiter, header, encoding, rows, columns, warnings }
}

export { isMissingToken }
