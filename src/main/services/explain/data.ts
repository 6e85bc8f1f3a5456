/**
 * Data to explain, read from a CSV or Parquet file (the shared readers, core/files) into one row-major float64 matrix
 * over the model's features. Columns are matched by name; a model without names (f0…, Column_0…) takes the file's
 * columns by position, skipping the ones named in `exclude`. Cells that are empty or NaN are missing; text cells are
 * missing and counted.
 */
import { fileSha256, readTextTable } from '../../core/files/textTable'
import { Rng } from './random'

export class DataError extends Error {
  override name = 'DataError'
}

const MAX_BYTES = 1024 * 1024 * 1024

export interface RawTable {
  columns: string[]
  /** Cells by row: text from a file (trimmed), or the values of a JSON row. */
  rows: unknown[][]
  sha256: string
}

/** A whole data file (a header row with unique names, at most 1 GB); errors name `field`, the row and the column. */
export async function readTable(file: string, field = 'dataPath'): Promise<RawTable> {
  const t = await readTextTable(file, { field, maxBytes: MAX_BYTES })
  if (t.rows.length === 0) throw new DataError(`${file} has no data rows: expected a header row and data rows`)
  return { columns: t.columns, rows: t.rows, sha256: await fileSha256(file) }
}

const cellNumber = (v: unknown): number => {
  if (v === null || v === undefined) return NaN
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  const s = String(v).trim()
  if (s === '' || /^(nan|na|null|none)$/i.test(s)) return NaN
  if (/^(true|false)$/i.test(s)) return /^t/i.test(s) ? 1 : 0
  return Number(s)
}

export interface FeatureMatrix {
  /** n × M, row-major; NaN for missing. */
  x: Float64Array
  n: number
  features: string[]
  /** Row numbers (0-based, data rows) in the file. */
  rowIds: Int32Array
  /** 'name' or 'position': how the file's columns were matched to the features. */
  matched: 'name' | 'position'
  warnings: string[]
}

/**
 * The columns for `features` (by name, else by position for unnamed features), for the rows `pick` (default: all).
 */
export function toMatrix(t: RawTable, features: string[], named: boolean, exclude: string[] = [], pick?: number[]): FeatureMatrix {
  const warnings: string[] = []
  let idx = features.map((f) => t.columns.indexOf(f))
  let matched: 'name' | 'position' = 'name'
  if (idx.some((i) => i < 0)) {
    const usable = t.columns.map((c, i) => [c, i] as const).filter(([c]) => !exclude.includes(c))
    if (!named && usable.length >= features.length) {
      idx = usable.slice(0, features.length).map(([, i]) => i)
      matched = 'position'
      warnings.push(
        `the model has no feature names: the file's first ${features.length} columns${exclude.length ? ` (without ${exclude.join(', ')})` : ''} are taken in order`
      )
    } else {
      const missing = features.filter((_, j) => idx[j]! < 0)
      throw new DataError(
        `the data has no column for ${missing.length} of the model's ${features.length} features: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}` +
          (!named ? ` (and fewer than ${features.length} columns to take by position)` : '')
      )
    }
  }
  const rows = pick ?? t.rows.map((_, i) => i)
  const M = features.length
  const x = new Float64Array(rows.length * M)
  let text = 0
  rows.forEach((r, i) => {
    const row = t.rows[r]!
    for (let j = 0; j < M; j++) {
      const raw = row[idx[j]!]
      let v = cellNumber(raw)
      if (Number.isNaN(v) && raw !== null && raw !== undefined && !/^\s*(nan|na|null|none)?\s*$/i.test(String(raw))) {
        text++
        v = NaN
      }
      x[i * M + j] = v
    }
  })
  if (text)
    warnings.push(`${text} cell${text === 1 ? '' : 's'} with text were read as missing values (features must be numbers or category codes)`)
  return { x, n: rows.length, features, rowIds: Int32Array.from(rows), matched, warnings }
}

/** `k` row numbers of `n`, seeded, ascending (all rows when k ≥ n). */
export const sampleRows = (n: number, k: number, seed: number): number[] => new Rng(seed).sample(n, k)

/** Feature columns of a file for model-agnostic runs: every column but the excluded ones. */
export function agnosticFeatures(t: RawTable, exclude: string[]): string[] {
  const unknown = exclude.filter((c) => !t.columns.includes(c))
  if (unknown.length) throw new DataError(`the data has no column ${unknown.map((c) => `"${c}"`).join(', ')} to leave out`)
  const f = t.columns.filter((c) => !exclude.includes(c))
  if (!f.length) throw new DataError('no feature columns are left')
  return f
}
