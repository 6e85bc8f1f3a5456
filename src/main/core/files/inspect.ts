/** "Inspect a file": format, encoding, delimiter, header, column types with sample values, rows — one shape for every area. */
import type { FileInspection } from '../../../shared/contract/files'
import { summarizeValues } from './cells'
import { CsvReader } from './csv'
import { openTable, type TableOptions } from './open'
import { ParquetReader } from './parquet'
import type { CellValue } from './table'

export interface InspectOptions extends TableOptions {
  /** Data rows to infer the column types from (default 5,000). */
  sampleRows?: number | undefined
}

export interface InspectedTable {
  inspection: FileInspection
  /** The sampled cells, column by column (CSV: text, '' when a row is short; Parquet: typed values). */
  cells: CellValue[][]
}

/** Reads the start of a file and describes it, keeping the sampled cells for area-specific inference. */
export async function inspectTable(file: string, opts: InspectOptions = {}): Promise<InspectedTable> {
  const want = opts.sampleRows ?? 5000
  const reader = await openTable(file, opts)
  const width = reader.columns.length
  const cells: CellValue[][] = Array.from({ length: width }, () => [])
  let rows = 0
  let ragged = 0
  let done = true
  try {
    for await (const b of reader) {
      const n = Math.min(b.length, want - rows)
      for (let i = 0; i < n; i++) {
        if (b.width(i) !== width) ragged++
        for (let j = 0; j < width; j++) cells[j]!.push(b.value(i, j))
      }
      rows += n
      if (rows >= want) {
        done = false
        break
      }
    }
  } finally {
    await reader.close()
  }
  const warnings = [...reader.warnings]
  if (ragged)
    warnings.push(
      `${ragged} of the first ${rows} rows have a different number of fields than the header (${width}); missing fields are read as missing values, extra fields are ignored.`
    )
  let rowEstimate = reader.rowsRead
  let rowsExact = true
  if (reader instanceof ParquetReader) rowEstimate = reader.rows
  else if (reader instanceof CsvReader && !done) {
    rowsExact = false
    const textTotal = reader.format === 'csv' ? reader.size : (reader.size * reader.textBytesRead) / Math.max(1, reader.bytesRead)
    rowEstimate = Math.round((reader.rowsRead * textTotal) / Math.max(1, reader.textBytesRead))
  }
  if (rows === 0) warnings.push('The file has a header but no data rows.')
  const inspection: FileInspection = {
    path: file,
    format: reader.format,
    size: reader.size,
    encoding: reader.encoding,
    bom: reader.bom,
    delimiter: reader.delimiter,
    header: reader.header,
    columns: reader.columns.map((name, j) => ({ name, ...summarizeValues(cells[j]!) })),
    sampleRows: rows,
    rowEstimate,
    rowsExact,
    warnings
  }
  return { inspection, cells }
}

export async function inspectFile(file: string, opts: InspectOptions = {}): Promise<FileInspection> {
  return (await inspectTable(file, opts)).inspection
}
