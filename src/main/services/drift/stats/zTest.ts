/**
 * Two-sample proportions z-test with pooled proportion, as Evidently's `z_stat_test`
 * (`proportions_diff_z_stat_ind` + two-sided `proportions_diff_z_test`).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import { DriftStatsError, isMissing, type CategoryValue } from './common'

export interface ZTestResult {
  /** z = (p_ref − p_cur) / sqrt(P(1−P)(1/n_ref + 1/n_cur)), P pooled; 0 when both samples hold one identical value. */
  statistic: number
  /** Two-sided p-value 2·(1 − Φ(|z|)), evaluated as 2·Φ(−|z|) to keep precision in the tail. */
  pvalue: number
  /** Share of "positive" values in reference / current. */
  referenceProportion: number
  currentProportion: number
  nReference: number
  nCurrent: number
  /** Missing values (null / undefined / NaN) dropped: [reference, current]. */
  missingDropped: [number, number]
}

function zFromCounts(k1: number, n1: number, k2: number, n2: number): { z: number; p: number } {
  const p1 = k1 / n1
  const p2 = k2 / n2
  const P = (p1 * n1 + p2 * n2) / (n1 + n2)
  const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
  return { z, p: 2 * normalCdf(-Math.abs(z), 0, 1) }
}

function countTruthy(a: ArrayLike<boolean | number | null | undefined>): { k: number; n: number; missing: number } {
  let k = 0
  let n = 0
  let missing = 0
  for (let i = 0; i < a.length; i++) {
    const v = a[i]
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      missing++
      continue
    }
    n++
    if (v) k++
  }
  return { k, n, missing }
}

/**
 * Proportions z-test for boolean-like samples (true / non-zero = positive). Both samples holding the same single
 * value → statistic 0, p-value 1 (Evidently's special case). Throws on an empty sample.
 */
export function proportionZTest(
  refBool: ArrayLike<boolean | number | null | undefined>,
  curBool: ArrayLike<boolean | number | null | undefined>
): ZTestResult {
  const fn = 'proportionZTest'
  if (refBool == null || curBool == null) throw new DriftStatsError(`${fn}: reference and current must be arrays`)
  const r = countTruthy(refBool)
  const c = countTruthy(curBool)
  if (r.n === 0) throw new DriftStatsError(`${fn}: reference sample is empty${r.missing ? ` (all ${r.missing} values missing)` : ''}`)
  if (c.n === 0) throw new DriftStatsError(`${fn}: current sample is empty${c.missing ? ` (all ${c.missing} values missing)` : ''}`)
  return finish(r.k, r.n, c.k, c.n, [r.missing, c.missing])
}

function finish(k1: number, n1: number, k2: number, n2: number, missingDropped: [number, number]): ZTestResult {
  const base = {
    referenceProportion: k1 / n1,
    currentProportion: k2 / n2,
    nReference: n1,
    nCurrent: n2,
    missingDropped
  }
  const total = k1 + k2
  if (total === 0 || total === n1 + n2) return { ...base, statistic: 0, pvalue: 1 }
  const { z, p } = zFromCounts(k1, n1, k2, n2)
  return { ...base, statistic: z, pvalue: p }
}

function compareKeys(a: CategoryValue, b: CategoryValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  const sa = String(a)
  const sb = String(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

/**
 * Evidently's `z_stat_test` for any column with (at most) two categories: the smallest category (sorted) is
 * "negative" (0), every other value "positive" (1); statistic sign follows that mapping.
 */
export function zTestDrift(reference: ArrayLike<CategoryValue>, current: ArrayLike<CategoryValue>): ZTestResult {
  const fn = 'zTestDrift'
  if (reference == null || current == null) throw new DriftStatsError(`${fn}: reference and current must be arrays`)
  let first: CategoryValue = undefined
  let seen = false
  const scan = (a: ArrayLike<CategoryValue>): void => {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]
      if (isMissing(v)) continue
      if (!seen || compareKeys(v, first) < 0) {
        first = v
        seen = true
      }
    }
  }
  scan(reference)
  scan(current)
  const tally = (a: ArrayLike<CategoryValue>): { k: number; n: number; missing: number } => {
    let k = 0
    let n = 0
    let missing = 0
    for (let i = 0; i < a.length; i++) {
      const v = a[i]
      if (isMissing(v)) {
        missing++
        continue
      }
      n++
      if (v !== first) k++
    }
    return { k, n, missing }
  }
  const r = tally(reference)
  const c = tally(current)
  if (r.n === 0) throw new DriftStatsError(`${fn}: reference sample is empty${r.missing ? ` (all ${r.missing} values missing)` : ''}`)
  if (c.n === 0) throw new DriftStatsError(`${fn}: current sample is empty${c.missing ? ` (all ${c.missing} values missing)` : ''}`)
  return finish(r.k, r.n, c.k, c.n, [r.missing, c.missing])
}
