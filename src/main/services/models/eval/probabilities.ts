import { AppError } from '../../../../shared/errors'
import type { Table } from '../tabular'
import { canon } from './labels'

/** How a version names its per-class probability columns (EvaluationInput.predictions[i]). */
export interface ProbaSpec {
  label: string
  probabilityColumns?: Record<string, string> | undefined
  probabilityPrefix?: string | undefined
}

/** Per-class probabilities as read, one row per holdout row, columns in the file's class order. */
export interface RawProba {
  /** Canonical class per column. */
  classes: string[]
  columns: string[]
  /** Row-major n × classes.length. */
  values: Float64Array
  /** Data row of the predictions file (0-based) per holdout row, for messages. */
  fileRows: number[]
  file: string
  /** The input field the columns came from: predictions.i.probabilityColumns or .probabilityPrefix. */
  field: string
}

export const hasProbabilities = (p: ProbaSpec): boolean => p.probabilityColumns !== undefined || !!p.probabilityPrefix

/** The probability columns: an explicit class → column map, or every column named `<prefix><class>` except `skip`. */
function resolve(
  t: Table,
  file: string,
  p: ProbaSpec,
  field: string,
  skip: Set<string>
): { classes: string[]; columns: string[]; indices: number[]; field: string } {
  if (p.probabilityColumns !== undefined && p.probabilityPrefix)
    throw new AppError(
      'VALIDATION',
      `${p.label}: give the probability columns either as a class → column map or as a prefix, not both`,
      `${field}.probabilityPrefix`
    )
  let pairs: [string, string][]
  let f: string
  if (p.probabilityColumns !== undefined) {
    f = `${field}.probabilityColumns`
    pairs = Object.entries(p.probabilityColumns)
    for (const [cls, col] of pairs)
      if (!t.columns.includes(col))
        throw new AppError(
          'VALIDATION',
          `${p.label}: ${file} has no column "${col}" for class "${cls}" (columns: ${t.columns.slice(0, 20).join(', ')}${t.columns.length > 20 ? ', …' : ''})`,
          f
        )
  } else {
    f = `${field}.probabilityPrefix`
    const prefix = p.probabilityPrefix!
    pairs = t.columns
      .filter((c) => c.startsWith(prefix) && c.length > prefix.length && !skip.has(c))
      .map((c) => [c.slice(prefix.length), c])
    if (!pairs.length)
      throw new AppError(
        'VALIDATION',
        `${p.label}: ${file} has no column named "${prefix}<class>" (columns: ${t.columns.slice(0, 20).join(', ')}${t.columns.length > 20 ? ', …' : ''})`,
        f
      )
  }
  if (pairs.length < 2)
    throw new AppError(
      'VALIDATION',
      `${p.label}: give one probability column per class (at least two); found only "${pairs[0]?.[1] ?? ''}"`,
      f
    )
  const byClass = new Map<string, string>()
  const byColumn = new Map<string, string>()
  for (const [cls, col] of pairs) {
    const c = canon(cls)
    if (byClass.has(c))
      throw new AppError('VALIDATION', `${p.label}: the columns "${byClass.get(c)}" and "${col}" are both for class "${c}"`, f)
    if (byColumn.has(col))
      throw new AppError('VALIDATION', `${p.label}: the column "${col}" is given for both class "${byColumn.get(col)}" and class "${c}"`, f)
    byClass.set(c, col)
    byColumn.set(col, c)
  }
  return {
    classes: [...byClass.keys()],
    columns: [...byClass.values()],
    indices: [...byClass.values()].map((c) => t.columns.indexOf(c)),
    field: f
  }
}

/**
 * Reads and checks the per-class probabilities of one version, rows in holdout order (`order` maps holdout rows to file rows):
 * every cell a number in [0, 1], no row all zeros. `skip` lists columns a prefix must not pick up (label, id, prediction).
 */
export function readProbabilities(t: Table, file: string, order: number[], p: ProbaSpec, field: string, skip: string[]): RawProba {
  const { classes, columns, indices, field: f } = resolve(t, file, p, field, new Set(skip))
  const kc = classes.length
  const values = new Float64Array(order.length * kc)
  order.forEach((r, i) => {
    const row = t.rows[r]!
    let sum = 0
    for (let c = 0; c < kc; c++) {
      const cell = row[indices[c]!] ?? ''
      const v = cell.trim() === '' ? NaN : Number(cell)
      if (!Number.isFinite(v))
        throw new AppError(
          'VALIDATION',
          `${p.label}: ${file} row ${r + 2}: probability "${cell}" in "${columns[c]}" is not a finite number`,
          f
        )
      if (v < 0 || v > 1)
        throw new AppError('VALIDATION', `${p.label}: ${file} row ${r + 2}: probability ${v} in "${columns[c]}" is outside [0, 1]`, f)
      values[i * kc + c] = v
      sum += v
    }
    if (sum === 0)
      throw new AppError(
        'VALIDATION',
        `${p.label}: ${file} row ${r + 2}: the probabilities (${columns.join(', ')}) are all zero, so they cannot be normalised to sum 1`,
        f
      )
  })
  return { classes, columns, values, fileRows: order, file, field: f }
}

/**
 * The probabilities as an n × k matrix in the order of `labels` (the classes of the holdout and predicted labels).
 * The probability columns must name exactly those classes.
 */
export function inLabelOrder(raw: RawProba, labels: string[], version: string): Float64Array {
  const have = new Set(raw.classes)
  const missing = labels.filter((l) => !have.has(l))
  const extra = raw.classes.filter((c) => !labels.includes(c))
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `no probability column for ${missing.map((m) => `"${m}"`).join(', ')}` : '',
      ...extra.map(
        (e) => `"${raw.columns[raw.classes.indexOf(e)]}" is for class "${e}", which is neither a holdout label nor a predicted label`
      )
    ].filter(Boolean)
    throw new AppError(
      'VALIDATION',
      `${version}: the probability columns do not match the classes (${labels.join(', ')}): ${parts.join('; ')}`,
      raw.field
    )
  }
  const kc = raw.classes.length
  const n = raw.values.length / kc
  const k = labels.length
  const col = labels.map((l) => raw.classes.indexOf(l))
  const out = new Float64Array(n * k)
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = raw.values[i * kc + col[c]!]!
  return out
}
