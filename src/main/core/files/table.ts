/** The shape every table reader (CSV, Parquet) hands out: batches of rows read by index, without an object per row. */
import path from 'node:path'
import type { FileEncoding, FileFormat } from '../../../shared/contract/files'
import { AppError } from '../../../shared/errors'

export type CellValue = string | number | bigint | boolean | Date | object | null

/**
 * A batch of rows. Read cells by (row, column) index; the batch is valid until the iterator is advanced, so keep
 * what it returns (strings, numbers), never the batch.
 */
export interface RowBatch {
  /** Rows in this batch. */
  readonly length: number
  /** The row as a user sees it: CSV, the spreadsheet row (header = row 1, blank lines counted); Parquet, 1-based. */
  rowNumber(i: number): number
  /** Fields row i has (CSV rows may be short or long; Parquet rows have every column). */
  width(i: number): number
  /** True when the cell is absent, empty, or null. */
  isEmpty(i: number, j: number): boolean
  /** The cell as text ('' when absent or null). */
  text(i: number, j: number): string
  /** The cell as a finite number, or NaN when it is none (text that is no decimal number, empty, null). */
  number(i: number, j: number): number
  /** The cell as stored: text for CSV, typed values for Parquet (numbers, bigints, booleans, Dates, objects). */
  value(i: number, j: number): CellValue
  /** Column j of every row as numbers (as `number` reads them) into out[at .. at + length): one call per column. */
  numbers(j: number, out: Float64Array, at: number): void
}

export interface TableReader extends AsyncIterable<RowBatch> {
  readonly file: string
  readonly format: FileFormat
  /** null for Parquet. Latin-1 may be switched to mid-file when the first non-ASCII bytes are not UTF-8 (see warnings). */
  readonly encoding: FileEncoding | null
  readonly bom: boolean
  readonly delimiter: string | null
  readonly header: boolean
  /** Column names: the header cleaned (blank → column_N, repeated → name_2), or column_1… without a header. */
  readonly columns: string[]
  /** The header as written (trimmed); empty without a header. */
  readonly rawHeader: string[]
  /** Bytes on disk. */
  readonly size: number
  /** Bytes of the file read so far (compressed bytes for .gz), for progress. */
  readonly bytesRead: number
  /** Data rows handed out so far. */
  readonly rowsRead: number
  /** Things the caller may want to show (an encoding switch). */
  readonly warnings: string[]
  /** Stops reading and frees the file (also done when iteration ends or breaks). */
  close(): Promise<void>
}

/** `row 3, column 2 (EffectiveCost)`: a place in the file as a spreadsheet shows it. */
export function cellPlace(row: number, column: number | null, name?: string): string {
  if (column === null) return `row ${row}`
  return `row ${row}, column ${column}${name ? ` (${name})` : ''}`
}

/** A VALIDATION error about a file, prefixed with its name. */
export function fileError(file: string, message: string, field = 'path'): AppError {
  return new AppError('VALIDATION', `${path.basename(file)}: ${message}`, field)
}

/** Header names made unique and non-empty: blank → column_N, duplicates → name_2, name_3… */
export function cleanHeader(names: string[], width: number): string[] {
  const out: string[] = []
  const seen = new Map<string, number>()
  for (let j = 0; j < width; j++) {
    let n = (names[j] ?? '').trim()
    if (!n) n = `column_${j + 1}`
    const k = seen.get(n) ?? 0
    seen.set(n, k + 1)
    out.push(k === 0 ? n : `${n}_${k + 1}`)
  }
  return out
}

/** The data files of a name: CSV (also gzip-compressed) and Parquet. */
export const DATA_FILE = /\.(csv|tsv|txt|parquet|pq|csv\.gz|tsv\.gz|txt\.gz)$/i
