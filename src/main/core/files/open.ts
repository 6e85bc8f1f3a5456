/** Opens a data file with the reader its first bytes call for: Parquet, or CSV (plain or gzip). */
import { openCsv, type CsvOptions } from './csv'
import { openParquet, type ParquetOptions } from './parquet'
import { probeFile } from './source'
import type { TableReader } from './table'

export type TableOptions = CsvOptions &
  ParquetOptions & {
    /** Read as this format whatever the first bytes say (e.g. a .parquet name): then a wrong file is an error. */
    as?: 'csv' | 'parquet' | undefined
  }

export function openTable(file: string, opts: TableOptions = {}): Promise<TableReader> {
  const parquet = opts.as ? opts.as === 'parquet' : probeFile(file, opts.field).magic === 'parquet'
  return parquet ? openParquet(file, opts) : openCsv(file, opts)
}
