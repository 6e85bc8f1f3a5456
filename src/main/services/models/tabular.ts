import { AppError } from '../../../shared/errors'
import { openNamedTable, readTextTable, type TextTable } from '../../core/files/textTable'
import type { TableReader } from '../../core/files/table'

/** A table read from CSV or Parquet: column names and string cells (numbers kept as written, CSV cells trimmed). */
export type Table = TextTable

const MAX_BYTES = 512 * 1024 * 1024

/** Opens a metric table or holdout with the shared readers: a header row is required, and its names must be unique. */
export const openModelTable = (file: string, field = 'path'): Promise<TableReader> => openNamedTable(file, { field, maxBytes: MAX_BYTES })

/** Every row of a table as trimmed text; a CSV row with more or fewer fields than the header is an error. */
export const readTable = (file: string, field = 'path'): Promise<Table> => readTextTable(file, { field, maxBytes: MAX_BYTES })

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
