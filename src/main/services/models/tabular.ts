import { AppError } from '../../../shared/errors'
import { openTable } from '../../core/files/open'
import { probeFile } from '../../core/files/source'
import { cellPlace, fileError, type TableReader } from '../../core/files/table'

/** A table read from CSV or Parquet: column names and string cells (numbers kept as written, CSV cells trimmed). */
export interface Table {
  columns: string[]
  rows: string[][]
}

const MAX_BYTES = 512 * 1024 * 1024

/** Opens a metric table or holdout with the shared readers: a header row is required, and its names must be unique. */
export async function openModelTable(file: string, field = 'path'): Promise<TableReader> {
  const { size } = probeFile(file, field)
  if (size > MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `${file} is larger than 512 MB`, field)
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

/** Every row of a table as trimmed text; a CSV row with more or fewer fields than the header is an error. */
export async function readTable(file: string, field = 'path'): Promise<Table> {
  const reader = await openModelTable(file, field)
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

export function columnIndex(t: Table, name: string, file: string, field: string): number {
  const i = t.columns.indexOf(name)
  if (i < 0)
    throw new AppError(
      'VALIDATION',
      `${file} has no column "${name}" (columns: ${t.columns.slice(0, 20).join(', ')}${t.columns.length > 20 ? ', …' : ''})`,
      field
    )
  return i
}
