/**
 * Reading CSV/Parquet files and folders in batches of columns: the feature store's one door to its files, so that moving
 * to the shared readers (src/main/core/files, when they land) is a change to this file only.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse'
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet'
import type { SourceInspection } from '../../../shared/contract/features'
import { toInstant } from './values'

/** A problem with the user's file or input, reported as it is (a VALIDATION error naming the field). */
export class FeatureInputError extends Error {
  constructor(
    message: string,
    readonly field = 'path'
  ) {
    super(message)
    this.name = 'FeatureInputError'
  }
}

export interface SourceFiles {
  format: 'csv' | 'parquet'
  files: string[]
}

export type Cells = ArrayLike<unknown>
export type Progress = (done: number, total: number | null, message?: string) => void

const DATA = /\.(csv|tsv|txt|parquet)$/i
const isParquet = (f: string): boolean => /\.parquet$/i.test(f)

/** The data files a path stands for: the file, or the data files of a folder sorted by name (one format per folder). */
export function resolveSource(p: string, format: 'auto' | 'csv' | 'parquet' = 'auto', field = 'path'): SourceFiles {
  let st: fs.Stats
  try {
    st = fs.statSync(p)
  } catch {
    throw new FeatureInputError(`no file or folder at ${p}`, field)
  }
  let files: string[]
  if (st.isDirectory()) {
    files = fs
      .readdirSync(p)
      .filter((f) => DATA.test(f))
      .sort()
      .map((f) => path.join(p, f))
    if (!files.length) throw new FeatureInputError(`the folder ${p} holds no .csv, .tsv, .txt or .parquet files`, field)
    if (new Set(files.map(isParquet)).size > 1)
      throw new FeatureInputError(`the folder ${p} mixes CSV and Parquet files; keep one format per folder`, field)
  } else files = [p]
  const detected = isParquet(files[0]!) ? 'parquet' : 'csv'
  return { format: format === 'auto' ? detected : format, files }
}

// ---------------------------------------------------------------- CSV

function delimiterOf(headerLine: string, file: string): string {
  if (/\.tsv$/i.test(file)) return '\t'
  let best = ','
  let most = -1
  for (const d of [',', ';', '\t', '|']) {
    const n = headerLine.split(d).length
    if (n > most) {
      most = n
      best = d
    }
  }
  return best
}

function firstLine(file: string): string {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(64 * 1024)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    const text = buf
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
    return text.split(/\r?\n/)[0] ?? ''
  } finally {
    fs.closeSync(fd)
  }
}

interface CsvHeader {
  delimiter: string
  names: string[]
}

/** The delimiter of a CSV file, from its header line (tab for .tsv). */
export const csvDelimiter = (file: string): string => delimiterOf(firstLine(file), file)

async function csvHeader(file: string): Promise<CsvHeader> {
  const line = firstLine(file)
  if (!line.trim()) throw new FeatureInputError(`${path.basename(file)} is empty or has no header row`)
  const delimiter = delimiterOf(line, file)
  const names = await new Promise<string[]>((resolve, reject) => {
    parse(line, { delimiter, relax_quotes: true }, (err, rows: string[][]) => (err ? reject(err) : resolve(rows[0] ?? [])))
  })
  return { delimiter, names: names.map((n) => n.trim()) }
}

async function readCsv(
  file: string,
  wanted: string[],
  batchRows: number,
  onBatch: (cols: Cells[], n: number) => void,
  signal: AbortSignal | undefined,
  onBytes: (read: number) => void
): Promise<number> {
  const { delimiter, names } = await csvHeader(file)
  const idx = wanted.map((w) => names.indexOf(w))
  const missing = wanted.filter((_, j) => idx[j]! < 0)
  if (missing.length)
    throw new FeatureInputError(
      `${path.basename(file)} has no column ${missing.map((m) => `“${m}”`).join(', ')} (its columns: ${names.slice(0, 30).join(', ')})`
    )
  let cols: (string | undefined)[][] = wanted.map(() => [])
  let n = 0
  let total = 0
  const flush = (): void => {
    if (!n) return
    onBatch(cols, n)
    total += n
    cols = wanted.map(() => [])
    n = 0
  }
  const stream = fs.createReadStream(file)
  let read = 0
  stream.on('data', (chunk) => {
    read += chunk.length
    onBytes(read)
  })
  const parser = stream.pipe(
    parse({ delimiter, bom: true, from_line: 2, relax_column_count: true, skip_empty_lines: true, relax_quotes: true })
  )
  const abort = (): void => {
    stream.destroy()
    parser.destroy(Object.assign(new Error('cancelled'), { name: 'AbortError' }))
  }
  signal?.addEventListener('abort', abort, { once: true })
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      for (let j = 0; j < idx.length; j++) {
        const cell = record[idx[j]!]
        cols[j]!.push(cell === '' ? undefined : cell)
      }
      if (++n === batchRows) flush()
    }
  } catch (err) {
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    if (
      err instanceof Error &&
      'code' in err &&
      typeof (err as { code: unknown }).code === 'string' &&
      String((err as { code: string }).code).startsWith('CSV_')
    )
      throw new FeatureInputError(`${path.basename(file)}: ${err.message}`)
    throw err
  } finally {
    signal?.removeEventListener('abort', abort)
  }
  flush()
  return total
}

// ---------------------------------------------------------------- Parquet

/** Timestamps as milliseconds, dates as midnight UTC in milliseconds: no Date objects on the hot path. */
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Math.floor(Number(v) / 1000),
  timestampFromNanoseconds: (v: bigint) => Number(v / 1_000_000n),
  dateFromDays: (d: number) => d * 86_400_000
}

async function parquetMeta(
  file: string
): Promise<{ buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>; metadata: FileMetaData; names: string[] }> {
  const buffer = await asyncBufferFromFile(file)
  let metadata: FileMetaData
  try {
    metadata = await parquetMetadataAsync(buffer)
  } catch (err) {
    throw new FeatureInputError(`${path.basename(file)} is not a readable Parquet file (${(err as Error).message})`)
  }
  return { buffer, metadata, names: parquetSchema(metadata).children.map((c) => c.element.name) }
}

/** Column types of a Parquet file as the feature store names them. */
function parquetTypes(metadata: FileMetaData): Map<string, 'int64' | 'float64' | 'string' | 'bool' | 'timestamp'> {
  const out = new Map<string, 'int64' | 'float64' | 'string' | 'bool' | 'timestamp'>()
  for (const c of parquetSchema(metadata).children) {
    const e = c.element
    const logical = (e.logical_type as { type?: string } | undefined)?.type
    const converted = e.converted_type as string | undefined
    if (logical === 'TIMESTAMP' || logical === 'DATE' || (converted && /TIMESTAMP|DATE/.test(converted)) || e.type === 'INT96')
      out.set(e.name, 'timestamp')
    else if (e.type === 'BOOLEAN') out.set(e.name, 'bool')
    else if (e.type === 'INT32' || e.type === 'INT64') out.set(e.name, 'int64')
    else if (e.type === 'FLOAT' || e.type === 'DOUBLE') out.set(e.name, 'float64')
    else out.set(e.name, 'string')
  }
  return out
}

function concatPieces(pieces: { start: number; data: ArrayLike<unknown> }[], length: number): Cells {
  if (pieces.length === 1 && pieces[0]!.data.length === length) return pieces[0]!.data
  pieces.sort((a, b) => a.start - b.start)
  const out = new Array<unknown>(length)
  let at = 0
  for (const p of pieces) for (let i = 0; i < p.data.length && at < length; i++) out[at++] = p.data[i]
  return out
}

async function readParquet(
  file: string,
  wanted: string[],
  onBatch: (cols: Cells[], n: number) => void,
  signal: AbortSignal | undefined,
  onRows: (done: number, total: number) => void
): Promise<number> {
  const { buffer, metadata, names } = await parquetMeta(file)
  const missing = wanted.filter((w) => !names.includes(w))
  if (missing.length)
    throw new FeatureInputError(
      `${path.basename(file)} has no column ${missing.map((m) => `“${m}”`).join(', ')} (its columns: ${names.slice(0, 30).join(', ')})`
    )
  const total = Number(metadata.num_rows)
  let start = 0
  for (const rg of metadata.row_groups) {
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    const n = Number(rg.num_rows)
    const end = start + n
    if (n > 0) {
      const pieces = new Map<string, { start: number; data: ArrayLike<unknown> }[]>(wanted.map((w) => [w, []]))
      const unique = [...new Set(wanted)]
      await parquetRead({
        file: buffer,
        metadata,
        columns: unique,
        rowStart: start,
        rowEnd: end,
        parsers: PARSERS,
        onChunk: (c) => pieces.get(c.columnName)?.push({ start: c.rowStart, data: c.columnData as ArrayLike<unknown> })
      })
      onBatch(
        wanted.map((w) => concatPieces(pieces.get(w)!, n)),
        n
      )
    }
    start = end
    onRows(start, total)
  }
  return total
}

// ---------------------------------------------------------------- both

export interface ReadOptions {
  batchRows?: number
  signal?: AbortSignal | undefined
  progress?: Progress | undefined
  label?: string
}

/** Reads the named columns of every file of a source, in batches (CSV: text cells, empty = undefined; Parquet: typed). */
export async function readColumns(
  src: SourceFiles,
  wanted: string[],
  onBatch: (cols: Cells[], n: number) => void,
  opts: ReadOptions = {}
): Promise<number> {
  const label = opts.label ?? 'reading'
  let rows = 0
  if (src.format === 'parquet') {
    for (const f of src.files) {
      rows += await readParquet(f, wanted, onBatch, opts.signal, (done, total) =>
        opts.progress?.(done, total, `${label} ${path.basename(f)}`)
      )
    }
    return rows
  }
  const sizes = src.files.map((f) => fs.statSync(f).size)
  const bytesTotal = sizes.reduce((a, b) => a + b, 0)
  let before = 0
  for (let i = 0; i < src.files.length; i++) {
    const f = src.files[i]!
    rows += await readCsv(f, wanted, opts.batchRows ?? 65_536, onBatch, opts.signal, (read) =>
      opts.progress?.(before + read, bytesTotal, `${label} ${path.basename(f)}`)
    )
    before += sizes[i]!
  }
  return rows
}

/** Column names of the first file of a source. */
export async function columnNames(src: SourceFiles): Promise<string[]> {
  if (src.format === 'parquet') return (await parquetMeta(src.files[0]!)).names
  return (await csvHeader(src.files[0]!)).names
}

/** Column types of the first file of a Parquet source (CSV: null, every cell is text). */
export async function parquetColumnTypes(
  src: SourceFiles
): Promise<Map<string, 'int64' | 'float64' | 'string' | 'bool' | 'timestamp'> | null> {
  return src.format === 'parquet' ? parquetTypes((await parquetMeta(src.files[0]!)).metadata) : null
}

/** Columns, inferred types and examples from the first rows of a source. */
export async function inspectSource(p: string): Promise<SourceInspection> {
  const src = resolveSource(p)
  const first = src.files[0]!
  const names = await columnNames(src)
  const sample: unknown[][] = names.map(() => [])
  let sampleRows = 0
  const take = (cols: Cells[], n: number): void => {
    const k = Math.min(n, 1000 - sampleRows)
    for (let j = 0; j < cols.length; j++) for (let i = 0; i < k; i++) sample[j]!.push(cols[j]![i])
    sampleRows += k
    if (sampleRows >= 1000) throw STOP
  }
  const STOP = new Error('enough')
  const types = src.format === 'parquet' ? parquetTypes((await parquetMeta(first)).metadata) : null
  try {
    await readColumns({ format: src.format, files: [first] }, names, take, { batchRows: 1000 })
  } catch (err) {
    if (err !== STOP) throw err
  }
  const columns = names.map((name, j) => {
    const vals = sample[j]!.filter((v) => v !== null && v !== undefined)
    return { name, type: types?.get(name) ?? inferText(vals as string[]), examples: vals.slice(0, 3).map(String) }
  })
  return { path: p, format: src.format, files: src.files, columns, sampleRows }
}

function inferText(vals: string[]): 'int64' | 'float64' | 'string' | 'bool' | 'timestamp' {
  if (!vals.length) return 'string'
  if (vals.every((v) => /^[+-]?\d+$/.test(v.trim()))) return 'int64'
  if (vals.every((v) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()))) return 'float64'
  if (vals.every((v) => /^(true|false)$/i.test(v.trim()))) return 'bool'
  if (vals.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v.trim()) && toInstant(v) !== null)) return 'timestamp'
  return 'string'
}
