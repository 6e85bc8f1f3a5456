/**
 * The one place this area reads data files: CSV (plain or gzip, through csv-parse) and Parquet (hyparquet), handed out
 * as batches of rows read by (row, column) index with the column names, the bytes read and the row numbers a user
 * sees. When the shared readers (src/main/core/files) reach main, this file becomes a thin wrapper over them.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { parse } from 'csv-parse'
import { AppError } from '../../../shared/errors'

export type Cell = string | number | bigint | boolean | Date | null | undefined | object

export interface RowBatch {
  readonly length: number
  /** 1-based row as a spreadsheet shows it (header = row 1) for CSV; 1-based for Parquet. */
  rowNumber(i: number): number
  /** The cell as text ('' when absent or null). */
  text(i: number, j: number): string
  /** The cell as stored (text for CSV). */
  value(i: number, j: number): Cell
}

export interface TableReader extends AsyncIterable<RowBatch> {
  readonly file: string
  readonly columns: string[]
  readonly size: number
  /** Bytes of the file read so far, for progress. */
  readonly bytesRead: number
  close(): Promise<void>
}

const BATCH = 8192

export const fileError = (file: string, message: string, field = 'path'): AppError =>
  new AppError('VALIDATION', `${path.basename(file)}: ${message}`, field)

function probe(file: string, field: string): { size: number; magic: 'gzip' | 'parquet' | 'text' } {
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch {
    throw new AppError('NOT_FOUND', `${file} does not exist on the machine running the console`, field)
  }
  if (!st.isFile()) throw new AppError('VALIDATION', `${file} is not a file`, field)
  if (st.size === 0) throw fileError(file, 'the file is empty', field)
  const head = Buffer.alloc(4)
  const fd = fs.openSync(file, 'r')
  try {
    fs.readSync(fd, head, 0, 4, 0)
  } finally {
    fs.closeSync(fd)
  }
  return { size: st.size, magic: head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : head.toString('latin1') === 'PAR1' ? 'parquet' : 'text' }
}

async function openCsv(file: string, size: number, gzip: boolean, field: string): Promise<TableReader> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 })
  let bytesRead = 0
  input.on('data', (c: string | Buffer) => (bytesRead += c.length))
  const text = gzip ? input.pipe(zlib.createGunzip()) : input
  const parser = text.pipe(parse({ bom: true, skip_empty_lines: true, relax_quotes: false, info: false }))
  const it = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]()
  const fail = (err: unknown): never => {
    const e = err as Error & { code?: string; lines?: number }
    if (e.code?.startsWith('Z_')) throw fileError(file, `not a valid gzip file (${e.message})`, field)
    throw fileError(file, e.message, field)
  }
  const first = await it.next().catch(fail)
  if (first.done) throw fileError(file, 'the file has no header row', field)
  const columns = first.value.map((h) => h.trim())
  let rowNo = 1
  const reader: TableReader = {
    file,
    columns,
    size,
    get bytesRead() {
      return bytesRead
    },
    close: async () => {
      input.destroy()
    },
    async *[Symbol.asyncIterator]() {
      let rows: string[][] = []
      let firstRow = rowNo + 1
      const batchOf = (rs: string[][], start: number): RowBatch => ({
        length: rs.length,
        rowNumber: (i) => start + i,
        text: (i, j) => rs[i]![j] ?? '',
        value: (i, j) => rs[i]![j]
      })
      try {
        for (;;) {
          const r = await it.next().catch(fail)
          if (r.done) break
          rowNo++
          rows.push(r.value)
          if (rows.length >= BATCH) {
            yield batchOf(rows, firstRow)
            rows = []
            firstRow = rowNo + 1
          }
        }
        if (rows.length) yield batchOf(rows, firstRow)
      } finally {
        input.destroy()
      }
    }
  }
  return reader
}

async function openParquet(file: string, size: number, field: string): Promise<TableReader> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet')
  const buffer = await asyncBufferFromFile(file)
  let meta
  try {
    meta = await parquetMetadataAsync(buffer)
  } catch (err) {
    throw fileError(file, `not a readable Parquet file (${(err as Error).message})`, field)
  }
  const total = Number(meta.num_rows)
  const columns = meta.schema
    .slice(1)
    .filter((s) => !s.num_children)
    .map((s) => s.name)
  let done = 0
  return {
    file,
    columns,
    size,
    get bytesRead() {
      return total ? Math.round((size * done) / total) : size
    },
    close: async () => undefined,
    async *[Symbol.asyncIterator]() {
      for (let start = 0; start < total; start += BATCH * 4) {
        const end = Math.min(total, start + BATCH * 4)
        const objs = (await parquetReadObjects({ file: buffer, rowStart: start, rowEnd: end })) as Record<string, Cell>[]
        done = end
        const cells = objs.map((o) => columns.map((c) => o[c]))
        yield {
          length: cells.length,
          rowNumber: (i) => start + i + 1,
          text: (i, j) => {
            const v = cells[i]![j]
            if (v === null || v === undefined) return ''
            if (v instanceof Date) return v.toISOString()
            return typeof v === 'object' ? JSON.stringify(v) : String(v)
          },
          value: (i, j) => cells[i]![j]
        }
      }
    }
  }
}

/** Opens a CSV (plain or gzip) or Parquet file, by its first bytes. */
export async function openTable(file: string, field = 'path'): Promise<TableReader> {
  const { size, magic } = probe(file, field)
  return magic === 'parquet' ? openParquet(file, size, field) : openCsv(file, size, magic === 'gzip', field)
}
