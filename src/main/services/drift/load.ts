/** Reading a CSV/Parquet file or a folder of them into compact columns (runs inside a worker thread). */
import fs from 'node:fs'
import path from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet'
import type { ColumnKind, ColumnSpec, Inspection } from '../../../shared/contract/drift'
import { builderFor, describeColumn, F64Builder, isMissingToken, type ColumnBuilder, type ColumnData } from './columns'
import { cleanHeader, CsvParser, detectDelimiter, detectHeader, NotUtf8Error, parseSample, readTextChunks, sampleText } from './csv'
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

const DATA_FILE = /\.(csv|tsv|txt|parquet)$/i
const isParquet = (f: string): boolean => /\.parquet$/i.test(f)

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
    if (files.length === 0) throw new DriftInputError(`the folder ${p} holds no .csv, .tsv, .txt or .parquet files`)
    const kinds = new Set(files.map(isParquet))
    if (kinds.size > 1) throw new DriftInputError(`the folder ${p} mixes CSV and Parquet files; keep one format per folder`)
    return files
  }
  if (st.size === 0) throw new DriftInputError(`the file ${p} is empty`)
  return [p]
}

// ---------------------------------------------------------------- inspect

export async function inspectPath(p: string, opts: LoadOptions = {}): Promise<Inspection> {
  const files = resolveFiles(p)
  if (isParquet(files[0]!)) return inspectParquet(p, files)
  const first = files[0]!
  const sample = await sampleText(first)
  const warnings: string[] = []
  if (sample.encoding !== 'utf-8')
    warnings.push('The file is not valid UTF-8; it is read as Windows-1252 (Latin-1). Check accented characters in the preview.')
  const detected = detectDelimiter(sample.text)
  const delimiter = opts.delimiter ?? detected.delimiter
  if (!opts.delimiter && detected.single)
    warnings.push('Only one column was found with , ; tab or |. If the file uses another separator, it cannot be read as a table.')
  const rows = parseSample(sample.text, delimiter, 5001)
  if (rows.length === 0) throw new DriftInputError(`no rows in ${first}`)
  if (opts.delimiter && rows.every((r) => r.length === 1) && !detected.single && detected.delimiter !== opts.delimiter) {
    warnings.push(
      `With “${printable(opts.delimiter)}” every row is a single field; the file looks separated by “${printable(detected.delimiter)}”.`
    )
  }
  const header = opts.header ?? detectHeader(rows)
  const names = header ? cleanHeader(rows[0]!, rows[0]!.length) : cleanHeader([], rows[0]!.length)
  const body = header ? rows.slice(1) : rows
  const ragged = body.filter((r) => r.length !== names.length).length
  if (ragged)
    warnings.push(
      `${ragged} of the first ${body.length} rows have a different number of fields than the header (${names.length}); missing fields are read as missing values, extra fields are ignored.`
    )
  const columns = names.map((name, j) => {
    const inf = inferKind(body.map((r) => r[j]))
    return { name, kind: inf.kind, missing: inf.missing, unique: inf.unique, examples: inf.examples, message: inf.message }
  })
  return { path: p, format: 'csv', files, delimiter, header, encoding: sample.encoding, sampleRows: body.length, columns, warnings }
}

const printable = (d: string): string => (d === '\t' ? 'tab' : d)

// ---------------------------------------------------------------- CSV

async function loadCsvFile(
  file: string,
  opts: LoadOptions,
  schema: ColumnSpec[] | null,
  progress: Progress | undefined,
  signal: AbortSignal | undefined,
  base: { bytesBefore: number; bytesTotal: number }
): Promise<{
  columns: ColumnData[]
  rows: number
  schema: ColumnSpec[]
  delimiter: string
  header: boolean
  encoding: string
  warnings: string[]
}> {
  const warnings: string[] = []
  const sample = await sampleText(file, 256 * 1024)
  const delimiter = opts.delimiter ?? detectDelimiter(sample.text).delimiter
  const sampleRows = parseSample(sample.text, delimiter, 2001)
  const header = opts.header ?? detectHeader(sampleRows)
  let encoding: 'utf-8' | 'windows-1252' = sample.encoding
  for (let attempt = 0; attempt < 2; attempt++) {
    let names = null as string[] | null
    let builders: (ColumnBuilder | null)[] = []
    let specs: ColumnSpec[] = schema ?? []
    let ragged = 0
    const raggedLines: number[] = []
    let rows = 0
    const setup = (headerNames: string[]): void => {
      names = headerNames
      if (!schema) {
        // no schema given: infer from the sample
        const body = header ? sampleRows.slice(1) : sampleRows
        specs = headerNames.map((name, j) => ({ name, kind: inferKind(body.map((r) => r[j])).kind }))
      }
      const pos = new Map(headerNames.map((n, j) => [n, j]))
      builders = headerNames.map(() => null)
      for (const s of specs) {
        const j = pos.get(s.name)
        if (j !== undefined) builders[j] = builderFor(s.name, s.kind)
      }
    }
    const parser = new CsvParser(delimiter, (fields, line) => {
      if (names === null) {
        if (header) {
          setup(cleanHeader(fields, fields.length))
          return
        }
        setup(cleanHeader([], fields.length))
      }
      const n = names!.length
      if (fields.length !== n) {
        ragged++
        if (raggedLines.length < 5) raggedLines.push(line)
      }
      for (let j = 0; j < n; j++) builders[j]?.pushText(fields[j])
      rows++
    })
    try {
      await readTextChunks(
        file,
        {
          encoding,
          ...(signal ? { signal } : {}),
          onBytes: (read) => progress?.(base.bytesBefore + read, base.bytesTotal, `reading ${path.basename(file)}`)
        },
        (text) => {
          parser.push(text)
        }
      )
      parser.end()
    } catch (err) {
      if (err instanceof NotUtf8Error && attempt === 0) {
        encoding = 'windows-1252'
        continue
      }
      throw err
    }
    if (names === null) throw new DriftInputError(`no rows in ${file}`)
    const headerNames: string[] = names
    if (encoding !== 'utf-8') warnings.push(`${path.basename(file)} is not valid UTF-8; it was read as Windows-1252 (Latin-1).`)
    if (ragged) {
      warnings.push(
        `${ragged.toLocaleString('en-US')} row${ragged === 1 ? '' : 's'} of ${path.basename(file)} ha${ragged === 1 ? 's' : 've'} a different number of fields than the header (${headerNames.length}), e.g. line${raggedLines.length > 1 ? 's' : ''} ${raggedLines.join(', ')}; missing fields were read as missing values and extra fields ignored.`
      )
    }
    const byName = new Map<string, ColumnData>()
    headerNames.forEach((n, j) => {
      const b = builders[j]
      if (b) byName.set(n, b.finish())
    })
    const columns: ColumnData[] = []
    for (const s of specs) {
      const c = byName.get(s.name) ?? missingColumn(s.name, s.kind, rows)
      if (!byName.has(s.name)) c.message = `not in ${path.basename(file)}; every value is missing`
      columns.push(c)
    }
    return { columns, rows, schema: specs, delimiter, header, encoding, warnings }
  }
  throw new DriftInputError(`could not decode ${file}`)
}

function missingColumn(name: string, kind: ColumnKind, rows: number): ColumnData {
  const b = builderFor(name, kind)
  for (let i = 0; i < rows; i++) b.pushText(undefined)
  return b.finish()
}

// ---------------------------------------------------------------- Parquet

interface ParquetLeaf {
  name: string
  kind: ColumnKind
}

async function parquetLeaves(file: string): Promise<{ leaves: ParquetLeaf[]; rows: number; sample: unknown[][] }> {
  const buffer = await asyncBufferFromFile(file)
  let metadata
  try {
    metadata = await parquetMetadataAsync(buffer)
  } catch (err) {
    throw new DriftInputError(`${path.basename(file)} is not a readable Parquet file (${(err as Error).message})`)
  }
  const tree = parquetSchema(metadata)
  const names = tree.children.map((c) => c.element.name)
  const rows = Number(metadata.num_rows)
  const sampleEnd = Math.min(rows, 5000)
  let sample: unknown[][] = []
  if (sampleEnd > 0) await parquetRead({ file: buffer, metadata, rowStart: 0, rowEnd: sampleEnd, onComplete: (r) => (sample = r) })
  const leaves = names.map((name, j) => ({ name, kind: inferParquetKind(sample.map((r) => r[j])) }))
  return { leaves, rows, sample }
}

function inferParquetKind(values: unknown[]): ColumnKind {
  const present = values.filter((v) => v !== null && v !== undefined)
  if (present.length === 0) return 'categorical'
  if (present.every((v) => typeof v === 'number' || typeof v === 'bigint')) return 'numeric'
  if (present.every((v) => typeof v === 'boolean')) return 'boolean'
  if (present.every((v) => v instanceof Date)) return 'datetime'
  return inferKind(present.map(cellText)).kind
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x))
  return String(v)
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

async function inspectParquet(p: string, files: string[]): Promise<Inspection> {
  const { leaves, sample } = await parquetLeaves(files[0]!)
  const columns = leaves.map((l, j) => {
    const vals = sample.map((r) => r[j])
    const texts = vals.map((v) => (v === null || v === undefined ? undefined : cellText(v)))
    const inf = inferKind(texts)
    return {
      name: l.name,
      kind: l.kind,
      missing: inf.missing,
      unique: inf.unique,
      examples: inf.examples,
      message: l.kind === inf.kind || inf.message === null ? null : inf.message
    }
  })
  return {
    path: p,
    format: 'parquet',
    files,
    delimiter: null,
    header: true,
    encoding: 'parquet',
    sampleRows: sample.length,
    columns,
    warnings: []
  }
}

async function loadParquetFile(
  file: string,
  schema: ColumnSpec[] | null,
  progress: Progress | undefined,
  signal: AbortSignal | undefined
): Promise<{ columns: ColumnData[]; rows: number; schema: ColumnSpec[] }> {
  const buffer = await asyncBufferFromFile(file)
  let metadata
  try {
    metadata = await parquetMetadataAsync(buffer)
  } catch (err) {
    throw new DriftInputError(`${path.basename(file)} is not a readable Parquet file (${(err as Error).message})`)
  }
  const specs = schema ?? (await parquetLeaves(file)).leaves
  const available = new Set(parquetSchema(metadata).children.map((c) => c.element.name))
  const read = specs.filter((s) => available.has(s.name))
  const builders = read.map((s) => builderFor(s.name, s.kind))
  const total = Number(metadata.num_rows)
  let start = 0
  for (const rg of metadata.row_groups) {
    aborted(signal)
    const end = start + Number(rg.num_rows)
    if (read.length) {
      await parquetRead({
        file: buffer,
        metadata,
        columns: read.map((s) => s.name),
        rowStart: start,
        rowEnd: end,
        onComplete: (rows: unknown[][]) => {
          for (const row of rows) for (let j = 0; j < builders.length; j++) pushCell(builders[j]!, row[j])
        }
      })
    }
    start = end
    progress?.(start, total, `reading ${path.basename(file)}`)
  }
  const byName = new Map(read.map((s, j) => [s.name, builders[j]!.finish()]))
  const columns = specs.map((s) => {
    const c = byName.get(s.name)
    if (c) return c
    const m = missingColumn(s.name, s.kind, total)
    m.message = `not in ${path.basename(file)}; every value is missing`
    return m
  })
  return { columns, rows: total, schema: specs }
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
    const f = files[i]!
    if (parquet) {
      const r = await loadParquetFile(f, schema, progress, signal)
      schema = r.schema
      parts.push(r.columns)
      rows += r.rows
    } else {
      const r = await loadCsvFile(f, opts, schema, progress, signal, { bytesBefore, bytesTotal })
      schema = r.schema
      parts.push(r.columns)
      rows += r.rows
      delimiter = r.delimiter
      header = r.header
      if (r.encoding !== 'utf-8') encoding = r.encoding
      warnings.push(...r.warnings)
    }
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
