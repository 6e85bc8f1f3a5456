/**
 * Rows an external importer (an extension) answers, checked and written as a FOCUS CSV that the ordinary import then
 * reads (same cell checks, staging, replacement, progress and cancel as a FOCUS file). Errors name the row and column.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { invalid } from '../../../shared/errors'
import { csvCell } from '../../core/escape'
import { FOCUS_COLUMNS, REQUIRED_COLUMNS } from './importer'

/** Most rows one importer answer may hold (they cross a process boundary as one message). */
export const MAX_EXTERNAL_ROWS = 200_000
const KNOWN = new Set<string>(FOCUS_COLUMNS)

/** The answer as rows: an array of objects, or `{ rows: [...] }`. */
function rowsOf(raw: unknown, who: string): Record<string, unknown>[] {
  const rows = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? (raw as { rows?: unknown }).rows : undefined
  if (!Array.isArray(rows)) throw invalid('importer', `${who} answered no rows (expected an array of FOCUS rows or { rows: [...] })`)
  if (rows.length > MAX_EXTERNAL_ROWS)
    throw invalid('importer', `${who} answered ${rows.length} rows; at most ${MAX_EXTERNAL_ROWS} per file`)
  return rows as Record<string, unknown>[]
}

/** One cell as CSV text; throws a message when its type cannot be a FOCUS cell. */
function cellText(col: string, v: unknown): string {
  if (v === null || v === undefined) return ''
  if (col === 'Tags') {
    if (typeof v === 'string') return v
    if (typeof v === 'object' && !Array.isArray(v)) return JSON.stringify(v)
    throw new Error('must be an object of tags (or its JSON text)')
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('must be a finite number')
    return String(v)
  }
  if (typeof v === 'string') return v
  throw new Error(`must be text or a number, not ${Array.isArray(v) ? 'a list' : typeof v}`)
}

/**
 * Checks the rows' shape (objects, known FOCUS or x_ columns, required columns present, cell types) and writes
 * them to a temporary FOCUS CSV; answers its path (the caller deletes it) and the row count.
 */
export function writeExternalRows(raw: unknown, who: string): { file: string; rows: number } {
  const rows = rowsOf(raw, who)
  if (!rows.length) throw invalid('importer', `${who} found no cost rows in the file`)
  const columns = new Set<string>()
  rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw invalid('importer', `${who}: row ${i + 1} is not an object of FOCUS columns`)
    for (const k of Object.keys(r))
      if (!KNOWN.has(k) && !/^x_\w{1,60}$/.test(k))
        throw invalid('importer', `${who}: row ${i + 1}: "${k}" is not a FOCUS column (${FOCUS_COLUMNS.join(', ')}) nor x_<name>`)
      else columns.add(k)
  })
  for (const req of REQUIRED_COLUMNS) {
    const missing = rows.findIndex((r) => r[req] === null || r[req] === undefined || r[req] === '')
    if (missing >= 0) throw invalid('importer', `${who}: row ${missing + 1} has no ${req}, which is required`)
  }
  const header = [...columns]
  const lines = [header.map(csvCell).join(',')]
  rows.forEach((r, i) => {
    lines.push(
      header
        .map((c) => {
          try {
            return csvCell(cellText(c, r[c]))
          } catch (err) {
            throw invalid('importer', `${who}: row ${i + 1}, ${c}: ${(err as Error).message}`)
          }
        })
        .join(',')
    )
  })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-ext-bill-'))
  const file = path.join(dir, 'bill.focus.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 })
  return { file, rows: rows.length }
}
