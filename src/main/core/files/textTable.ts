/** Small tables read whole (metric tables, holdouts, data to explain): a header row with unique names, cells as text. */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { AppError } from '../../../shared/errors'
import { openTable } from './open'
import { probeFile } from './source'
import { cellPlace, fileError, type TableReader } from './table'

/** Column names as written and every row as trimmed text (numbers kept as written; Parquet values rendered). */
export interface TextTable {
  columns: string[]
  rows: string[][]
}

export interface TextTableOptions {
  /** Input field errors name (default `path`). */
  field?: string | undefined
  /** Files larger than this are refused before reading (PAYLOAD_TOO_LARGE). */
  maxBytes: number
}

const sizeText = (bytes: number): string => (bytes >= 1 << 30 ? `${bytes / (1 << 30)} GB` : `${bytes / (1 << 20)} MB`)

/** Opens a CSV or Parquet file (a .parquet/.pq name must be Parquet) whose first row names its columns, once each. */
export async function openNamedTable(file: string, { field = 'path', maxBytes }: TextTableOptions): Promise<TableReader> {
  const { size } = probeFile(file, field)
  if (size > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `${file} is larger than ${sizeText(maxBytes)}`, field)
  const reader = await openTable(file, { field, header: true, as: /\.(parquet|pq)$/i.test(file) ? 'parquet' : undefined })
  const seen = new Set<string>()
  for (const c of reader.rawHeader) {
    if (seen.has(c)) {
      await reader.close()
      throw fileError(file, `the column "${c}" appears twice in the header`, field)
    }
    seen.add(c)
  }
  return reader
}

/** Every row of such a table as trimmed text; a CSV row with more or fewer fields than the header is an error. */
export async function readTextTable(file: string, opts: TextTableOptions): Promise<TextTable> {
  const field = opts.field ?? 'path'
  const reader = await openNamedTable(file, opts)
  const columns = reader.rawHeader
  const width = columns.length
  const rows: string[][] = []
  for await (const b of reader) {
    for (let i = 0; i < b.length; i++) {
      if (reader.format !== 'parquet' && b.width(i) !== width)
        throw fileError(file, `${cellPlace(b.rowNumber(i), null)} has ${b.width(i)} fields, the header has ${width}`, field)
      const row = new Array<string>(width)
      for (let j = 0; j < width; j++) row[j] = b.text(i, j).trim()
      rows.push(row)
    }
  }
  return { columns, rows }
}

/** SHA-256 of a file's bytes, read in chunks. */
export async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer)
  return h.digest('hex')
}
