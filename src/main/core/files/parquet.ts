/**
 * The one Parquet adapter: hyparquet's lazy column scan, handed out as the same row batches as the CSV reader
 * (one row group at a time, in slices of `batchRows`), reading only the columns asked for.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema, type FileMetaData } from 'hyparquet'
import { parseNumber } from './cells'
import { probeFile } from './source'
import { fileError, type CellValue, type RowBatch, type TableReader } from './table'

export interface ParquetOptions {
  /** Columns to read (default: all top-level columns). Unknown names are an error. */
  columns?: string[] | undefined
  /** Rows per batch (default 16,384). */
  batchRows?: number | undefined
  /** Input field named by errors (default `path`). */
  field?: string | undefined
}

/** A cell as text: strings as they are, dates as ISO-8601, objects as JSON (bigints as digits). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
  return String(v)
}

/** A cell as a number: numbers, bigints, booleans (1/0), dates (epoch ms), numeric text; else NaN. */
export function cellNumber(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v instanceof Date) return v.getTime()
  if (typeof v === 'string') return parseNumber(v)
  return Number.NaN
}

type Column = ArrayLike<unknown>

class ParquetBatch implements RowBatch {
  length = 0
  start = 0
  offset = 0
  cols: Column[] = []

  rowNumber(i: number): number {
    return this.start + i + 1
  }
  width(): number {
    return this.cols.length
  }
  private cell(i: number, j: number): unknown {
    return this.cols[j]![this.offset + i]
  }
  isEmpty(i: number, j: number): boolean {
    const v = this.cell(i, j)
    return v === null || v === undefined || v === ''
  }
  text(i: number, j: number): string {
    return cellText(this.cell(i, j))
  }
  number(i: number, j: number): number {
    return cellNumber(this.cell(i, j))
  }
  value(i: number, j: number): CellValue {
    const v = this.cell(i, j)
    return v === undefined ? null : (v as CellValue)
  }
  numbers(j: number, out: Float64Array, at: number): void {
    const col = this.cols[j]!
    for (let i = 0; i < this.length; i++) out[at + i] = cellNumber(col[this.offset + i])
  }
}

export class ParquetReader implements TableReader {
  readonly format = 'parquet' as const
  readonly encoding = null
  readonly bom = false
  readonly delimiter = null
  readonly header = true
  readonly warnings: string[] = []
  /** Top-level columns of the file. */
  readonly fileColumns: string[]
  /** The columns read, in the order of the batches' column indexes. */
  readonly columns: string[]
  readonly rows: number
  rowsRead = 0
  private closed = false

  private constructor(
    readonly file: string,
    readonly size: number,
    private readonly buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>,
    readonly metadata: FileMetaData,
    private readonly opts: ParquetOptions
  ) {
    this.fileColumns = parquetSchema(metadata).children.map((c) => c.element.name)
    this.columns = opts.columns ?? this.fileColumns
    this.rows = Number(metadata.num_rows)
  }

  get rawHeader(): string[] {
    return this.columns
  }

  /** Rows read so far as a share of the file's bytes (progress). */
  get bytesRead(): number {
    return this.rows ? Math.round((this.size * this.rowsRead) / this.rows) : this.size
  }

  static async open(file: string, opts: ParquetOptions = {}): Promise<ParquetReader> {
    const field = opts.field ?? 'path'
    const { size } = probeFile(file, field)
    let buffer
    let metadata
    try {
      buffer = await asyncBufferFromFile(file)
      metadata = await parquetMetadataAsync(buffer)
    } catch (err) {
      throw fileError(file, `not a readable Parquet file (${(err as Error).message})`, field)
    }
    const r = new ParquetReader(file, size, buffer, metadata, opts)
    const unknown = r.columns.filter((c) => !r.fileColumns.includes(c))
    if (unknown.length)
      throw fileError(file, `has no column ${unknown.map((c) => `"${c}"`).join(', ')} (columns: ${r.fileColumns.join(', ')})`, field)
    return r
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RowBatch> {
    const size = this.opts.batchRows ?? 16_384
    const batch = new ParquetBatch()
    try {
      const scan = await parquetScan({ file: this.buffer, metadata: this.metadata, columns: this.columns })
      for (const range of scan.ranges) {
        if (this.closed) return
        let cols: Column[]
        try {
          cols = await Promise.all(
            this.columns.map((column) => scan.readColumn({ column, rowStart: range.rowStart, rowEnd: range.rowEnd }))
          )
        } catch (err) {
          throw fileError(
            this.file,
            `rows ${range.rowStart + 1}–${range.rowEnd} cannot be read (${(err as Error).message})`,
            this.opts.field
          )
        }
        const n = range.rowEnd - range.rowStart
        for (let o = 0; o < n; o += size) {
          batch.cols = cols
          batch.start = range.rowStart + o
          batch.offset = o
          batch.length = Math.min(size, n - o)
          this.rowsRead += batch.length
          yield batch
          if (this.closed) return
        }
      }
    } finally {
      this.closed = true
    }
  }

  async close(): Promise<void> {
    this.closed = true
  }
}

/** Opens a Parquet file for reading in batches (the metadata is read now, the data as the batches are asked for). */
export function openParquet(file: string, opts: ParquetOptions = {}): Promise<ParquetReader> {
  return ParquetReader.open(file, opts)
}
