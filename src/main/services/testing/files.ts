/**
 * The testing area's file reading, in one place: a load test's variables file (CSV with a header row). When the shared
 * reader in src/main/core/files/ lands, this is the one file to switch.
 */
import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { PlanError, type Variables } from './load/plan'

const MAX_BYTES = 50 * 1024 * 1024
const MAX_ROWS = 1_000_000

export function readVariables(file: string | null): Variables {
  if (file === null) return { columns: [], rows: [] }
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    throw new PlanError(`variablesFile: ${file} does not exist`, 'variablesFile')
  }
  if (!stat.isFile()) throw new PlanError(`variablesFile: ${file} is not a file`, 'variablesFile')
  if (stat.size > MAX_BYTES) throw new PlanError(`variablesFile: ${file} is larger than 50 MB`, 'variablesFile')
  let records: string[][]
  try {
    records = parse(fs.readFileSync(file), { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][]
  } catch (err) {
    throw new PlanError(`variablesFile: ${(err as Error).message}`, 'variablesFile')
  }
  const [header, ...rows] = records
  if (!header?.length) throw new PlanError(`variablesFile: ${file} has no header row`, 'variablesFile')
  if (rows.length === 0) throw new PlanError(`variablesFile: ${file} has a header but no rows`, 'variablesFile')
  if (rows.length > MAX_ROWS) throw new PlanError(`variablesFile: more than ${MAX_ROWS} rows`, 'variablesFile')
  return { columns: header, rows }
}
