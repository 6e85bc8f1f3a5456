import fs from 'node:fs'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { AppError } from '../../../shared/errors'

/** A table read from CSV or Parquet: column names and string cells (numbers kept as written). */
export interface Table {
  columns: string[]
  rows: string[][]
}

const MAX_BYTES = 512 * 1024 * 1024

export async function readTable(file: string, field = 'path'): Promise<Table> {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `${file} does not exist on the machine running the console`, field)
  const st = fs.statSync(file)
  if (!st.isFile()) throw new AppError('VALIDATION', `${file} is not a file`, field)
  if (st.size > MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `${file} is larger than 512 MB`, field)
  const ext = path.extname(file).toLowerCase()
  if (ext === '.parquet' || ext === '.pq') return readParquet(file, field)
  return readCsv(fs.readFileSync(file, 'utf8'), file, field)
}

export function readCsv(text: string, file = 'CSV', field = 'path'): Table {
  let records: string[][]
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][]
  } catch (err) {
    throw new AppError('VALIDATION', `${file}: ${(err as Error).message}`, field)
  }
  if (records.length === 0) throw new AppError('VALIDATION', `${file} is empty: expected a header row and data rows`, field)
  const [columns, ...rows] = records as [string[], ...string[][]]
  const seen = new Set<string>()
  for (const c of columns) {
    if (seen.has(c)) throw new AppError('VALIDATION', `${file}: the column "${c}" appears twice in the header`, field)
    seen.add(c)
  }
  return { columns, rows }
}

async function readParquet(file: string, field: string): Promise<Table> {
  const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet')
  let objects: Record<string, unknown>[]
  try {
    objects = await parquetReadObjects({ file: await asyncBufferFromFile(file) })
  } catch (err) {
    throw new AppError('VALIDATION', `${file} is not a readable Parquet file: ${(err as Error).message}`, field)
  }
  const columns = objects.length ? Object.keys(objects[0]!) : []
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'bigint' ? v.toString() : String(v))
  return { columns, rows: objects.map((o) => columns.map((c) => cell(o[c]))) }
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
