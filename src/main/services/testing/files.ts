/** The testing area's file reading: a load test's variables file (CSV or Parquet with a header row), over the shared readers. */
import { AppError } from '../../../shared/errors'
import { readTextTable } from '../../core/files/textTable'
import { PlanError, type Variables } from './load/plan'

const MAX_BYTES = 50 * 1024 * 1024
const MAX_ROWS = 1_000_000

export async function readVariables(file: string | null): Promise<Variables> {
  if (file === null) return { columns: [], rows: [] }
  let table
  try {
    table = await readTextTable(file, { field: 'variablesFile', maxBytes: MAX_BYTES })
  } catch (err) {
    if (err instanceof AppError) throw new PlanError(`variablesFile: ${err.message}`, 'variablesFile')
    throw err
  }
  if (!table.columns.length) throw new PlanError(`variablesFile: ${file} has no header row`, 'variablesFile')
  if (table.rows.length === 0) throw new PlanError(`variablesFile: ${file} has a header but no rows`, 'variablesFile')
  if (table.rows.length > MAX_ROWS) throw new PlanError(`variablesFile: more than ${MAX_ROWS} rows`, 'variablesFile')
  return table
}
