/**
 * Reading CSV/Parquet files and folders in batches of columns: the feature store's one door to its files, over the
 * shared readers of src/main/core/files (one CSV tokenizer, one Parquet adapter for every area).
 */
import fs from 'node:fs'
import path from 'node:path'
import { parquetSchema, type FileMetaData } from 'hyparquet'
import { AppError } from '../../../shared/errors'
import type { SourceInspection } from '../../../shared/contract/features'
import { detectDelimiter } from '../../core/files/detect'
import { openTable } from '../../core/files/open'
import type { ParquetReader } from '../../core/files/parquet'
import type { RowBatch, TableReader } from '../../core/files/table'
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

// ---------------------------------------------------------------- the shared readers

/** The delimiter of a CSV file, detected from its first 256 KB as the shared reader does (tab for .tsv). */
export function csvDelimiter(file: string): string {
  if (/\.tsv$/i.test(file)) return '\t'
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(256 * 1024)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    return detectDelimiter(buf.subarray(0, n), n < buf.length).delimiter
  } finally {
    fs.closeSync(fd)
  }
}

/** Opens one file of a source with the shared reader (CSV always with a header row); reader errors become ours. */
async function open(file: string, format: SourceFiles['format'], columns?: string[]): Promise<TableReader> {
  try {
    return await openTable(file, { as: format, header: true, ...(format === 'parquet' && columns ? { columns } : {}) })
  } catch (err) {
    throw asInputError(err)
  }
}

function asInputError(err: unknown): unknown {
  return err instanceof AppError && err.code === 'VALIDATION' ? new FeatureInputError(err.message) : err
}

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

/** A cell as the engines take it: CSV text (empty = undefined), Parquet typed, timestamps and dates in epoch ms. */
function cellOf(b: RowBatch, i: number, j: number, csv: boolean): unknown {
  if (b.isEmpty(i, j)) return undefined
  if (csv) return b.text(i, j)
  const v = b.value(i, j)
  return v instanceof Date ? v.getTime() : v
}

async function readFile(
  file: string,
  format: SourceFiles['format'],
  wanted: string[],
  batchRows: number,
  onBatch: (cols: Cells[], n: number) => void,
  signal: AbortSignal | undefined,
  onBytes: (read: number, size: number) => void
): Promise<number> {
  const reader = await open(file, format, format === 'parquet' ? [...new Set(wanted)] : undefined)
  try {
    const idx = wanted.map((w) => reader.columns.indexOf(w))
    const missing = wanted.filter((_, j) => idx[j]! < 0)
    if (missing.length)
      throw new FeatureInputError(
        `${path.basename(file)} has no column ${missing.map((m) => `“${m}”`).join(', ')} (its columns: ${reader.columns.slice(0, 30).join(', ')})`
      )
    const csv = format === 'csv'
    let cols: unknown[][] = wanted.map(() => [])
    let n = 0
    let total = 0
    const flush = (): void => {
      if (!n) return
      onBatch(cols, n)
      total += n
      cols = wanted.map(() => [])
      n = 0
    }
    for await (const b of reader) {
      if (signal?.aborted) throw cancelled()
      for (let i = 0; i < b.length; i++) {
        for (let j = 0; j < idx.length; j++) cols[j]!.push(cellOf(b, i, idx[j]!, csv))
        if (++n === batchRows) flush()
      }
      onBytes(reader.bytesRead, reader.size)
    }
    if (signal?.aborted) throw cancelled()
    flush()
    return total
  } catch (err) {
    throw asInputError(err)
  } finally {
    await reader.close()
  }
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
  const sizes = src.files.map((f) => fs.statSync(f).size)
  const bytesTotal = sizes.reduce((a, b) => a + b, 0)
  let rows = 0
  let before = 0
  for (let i = 0; i < src.files.length; i++) {
    const f = src.files[i]!
    rows += await readFile(f, src.format, wanted, opts.batchRows ?? 65_536, onBatch, opts.signal, (read) =>
      opts.progress?.(before + read, bytesTotal, `${label} ${path.basename(f)}`)
    )
    before += sizes[i]!
  }
  return rows
}

/** Column names of the first file of a source. */
export async function columnNames(src: SourceFiles): Promise<string[]> {
  const reader = await open(src.files[0]!, src.format)
  await reader.close()
  return reader.columns
}

/** Column types of the first file of a Parquet source (CSV: null, every cell is text). */
export async function parquetColumnTypes(
  src: SourceFiles
): Promise<Map<string, 'int64' | 'float64' | 'string' | 'bool' | 'timestamp'> | null> {
  if (src.format !== 'parquet') return null
  const reader = (await open(src.files[0]!, 'parquet')) as ParquetReader
  await reader.close()
  return parquetTypes(reader.metadata)
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
  const types = await parquetColumnTypes(src)
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
