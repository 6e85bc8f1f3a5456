/**
 * Chi-square tests: `scipy.stats.chi2_contingency(observed)` (correction=True → Yates only when dof == 1),
 * `scipy.stats.chisquare(f_obs, f_exp)` and the categorical drift helper `chiSquareDrift` (SciPy 1.17.1 semantics).
 * p-values use the regularized upper incomplete gamma Q(dof/2, x/2) (= SciPy's `chdtrc`) from @stdlib.
 */
import gammainc from '@stdlib/math-base-special-gammainc'
import { DriftStatsError, countCategories, type CategoryValue } from './common'

/** Chi-square survival function, `scipy.stats.chi2.sf(x, dof)`. */
export function chi2Sf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return Number.NaN
  if (x <= 0) return 1
  if (x === Infinity) return 0
  return gammainc(x / 2, dof / 2, true, true)
}

export interface Chi2ContingencyResult {
  statistic: number
  pvalue: number
  dof: number
  /** Expected frequencies under independence (same shape as the table). */
  expected: number[][]
}

/**
 * `scipy.stats.chi2_contingency(observed)` for a 2-D table (rows × columns), Pearson statistic,
 * Yates' continuity correction applied only when dof == 1 (set `correction: false` to disable).
 */
export function chi2Contingency(table: ArrayLike<ArrayLike<number>>, options: { correction?: boolean } = {}): Chi2ContingencyResult {
  const fn = 'chi2Contingency'
  const correction = options.correction ?? true
  const r = table?.length ?? 0
  if (r === 0) throw new DriftStatsError(`${fn}: no data; the table has no rows`)
  const c = table[0]!.length
  if (c === 0) throw new DriftStatsError(`${fn}: no data; the table has no columns`)
  const rowSums = new Float64Array(r)
  const colSums = new Float64Array(c)
  let total = 0
  for (let i = 0; i < r; i++) {
    const row = table[i]!
    if (row.length !== c) throw new DriftStatsError(`${fn}: row ${i} has ${row.length} cells, expected ${c}`)
    for (let j = 0; j < c; j++) {
      const v = row[j]!
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new DriftStatsError(`${fn}: all values in the table must be finite and non-negative (cell [${i}][${j}] = ${v})`)
      }
      rowSums[i]! += v
      colSums[j]! += v
    }
  }
  for (let i = 0; i < r; i++) total += rowSums[i]!
  // expected = row_sum * col_sum / total (numpy: reduce(multiply, margins) / total)
  const expected: number[][] = []
  for (let i = 0; i < r; i++) {
    const e: number[] = new Array<number>(c)
    for (let j = 0; j < c; j++) {
      const v = (rowSums[i]! * colSums[j]!) / total
      if (v === 0 || Number.isNaN(v)) {
        throw new DriftStatsError(
          `${fn}: the internally computed table of expected frequencies has a zero element at (${i}, ${j}); ` +
            'drop empty rows/columns first'
        )
      }
      e[j] = v
    }
    expected.push(e)
  }
  // dof = size - sum(shape) + ndim - 1
  const dof = r * c - (r + c) + 2 - 1
  if (dof === 0) return { statistic: 0, pvalue: 1, dof, expected }
  let stat = 0
  for (let i = 0; i < r; i++) {
    const row = table[i]!
    for (let j = 0; j < c; j++) {
      const e = expected[i]![j]!
      let o = row[j]!
      if (dof === 1 && correction) {
        const diff = e - o
        o = o + Math.min(0.5, Math.abs(diff)) * Math.sign(diff)
      }
      stat += ((o - e) * (o - e)) / e
    }
  }
  return { statistic: stat, pvalue: chi2Sf(stat, dof), dof, expected }
}

export interface ChiSquareResult {
  statistic: number
  pvalue: number
  dof: number
}

/**
 * `scipy.stats.chisquare(f_obs, f_exp)` goodness-of-fit (Pearson). Like SciPy, the sums of observed and
 * expected must agree to a relative tolerance of sqrt(eps); an expected 0 with observed > 0 gives
 * statistic Infinity and p-value 0.
 */
export function chiSquare(fObs: ArrayLike<number>, fExp: ArrayLike<number>): ChiSquareResult {
  const fn = 'chiSquare'
  const k = fObs.length
  if (k === 0) throw new DriftStatsError(`${fn}: observed frequencies are empty`)
  if (fExp.length !== k) throw new DriftStatsError(`${fn}: f_obs has ${k} entries but f_exp has ${fExp.length}`)
  let so = 0
  let se = 0
  for (let i = 0; i < k; i++) {
    so += fObs[i]!
    se += fExp[i]!
  }
  if (Math.abs(so - se) / Math.min(so, se) > Math.sqrt(2.220446049250313e-16)) {
    throw new DriftStatsError(`${fn}: sum of observed (${so}) and expected (${se}) frequencies must agree`)
  }
  let stat = 0
  for (let i = 0; i < k; i++) {
    const d = fObs[i]! - fExp[i]!
    stat += (d * d) / fExp[i]!
  }
  const dof = k - 1
  return { statistic: stat, pvalue: dof > 0 ? chi2Sf(stat, dof) : Number.NaN, dof }
}

export interface ChiSquareDriftResult extends ChiSquareResult {
  method: 'contingency' | 'goodness-of-fit'
  /** Union of categories (reference first-seen order, then new ones from current). */
  categories: CategoryValue[]
  /** Counts per category, aligned with `categories`. */
  referenceCounts: number[]
  currentCounts: number[]
  /** Missing values (null/undefined/NaN) dropped: [reference, current]. */
  missingDropped: [number, number]
}

/**
 * Categorical drift by chi-square over the union of categories.
 * - `method: 'contingency'` (default): `chi2_contingency` on the 2×k table [reference counts; current counts]
 *   (Yates when k == 2). Categories unseen in one sample are fine (column total > 0).
 * - `method: 'goodness-of-fit'`: exactly Evidently's `chi_stat_test`: `chisquare(f_obs=current counts,
 *   f_exp=reference counts * n_cur / n_ref)`; a category absent from the reference gives p = 0.
 * A single category overall gives statistic 0 and p-value 1 (no evidence of drift).
 */
export function chiSquareDrift(
  reference: ArrayLike<CategoryValue>,
  current: ArrayLike<CategoryValue>,
  options: { method?: 'contingency' | 'goodness-of-fit' } = {}
): ChiSquareDriftResult {
  const method = options.method ?? 'contingency'
  const cc = countCategories(reference, current, 'chiSquareDrift')
  const k = cc.categories.length
  const base = {
    method,
    categories: cc.categories,
    referenceCounts: Array.from(cc.reference),
    currentCounts: Array.from(cc.current),
    missingDropped: cc.missingDropped
  }
  if (k === 1) return { ...base, statistic: 0, pvalue: 1, dof: 0 }
  if (method === 'contingency') {
    const r = chi2Contingency([cc.reference, cc.current])
    return { ...base, statistic: r.statistic, pvalue: r.pvalue, dof: r.dof }
  }
  const kNorm = cc.nCurrent / cc.nReference
  const fExp = new Float64Array(k)
  for (let i = 0; i < k; i++) fExp[i] = cc.reference[i]! * kNorm
  const r = chiSquare(cc.current, fExp)
  return { ...base, ...r }
}
