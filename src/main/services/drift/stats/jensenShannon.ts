/**
 * Jensen–Shannon distance `scipy.spatial.distance.jensenshannon(p, q, base)` (SciPy 1.17.1) and the drift
 * helper `jensenShannonDrift` that bins data exactly like Evidently's `jensenshannon_stat_test`
 * (`get_binned_data(..., feel_zeroes=False)`).
 */
import {
  DriftStatsError,
  SortedSample,
  countCategories,
  countDistinctSorted,
  isMissing,
  prepareSample,
  requireFinite,
  type CategoryValue
} from './common'
import { histogramSorted, sturgesBinEdges } from './histogram'

/**
 * `jensenshannon(p, q, base)`: p and q are normalised to sum 1, then
 * sqrt((KL(p‖m) + KL(q‖m)) / 2 / ln(base)), m = (p+q)/2. Default base 2 (result in [0, 1]).
 * A tiny negative rounding residue is clamped to 0 (SciPy would return NaN there).
 */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, base: number = 2): number {
  const fn = 'jensenShannon'
  const k = p.length
  if (k === 0) throw new DriftStatsError(`${fn}: distributions are empty`)
  if (q.length !== k) throw new DriftStatsError(`${fn}: p has ${k} entries but q has ${q.length}`)
  let sp = 0
  let sq = 0
  for (let i = 0; i < k; i++) {
    const a = p[i]!
    const b = q[i]!
    if (!(a >= 0) || !(b >= 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new DriftStatsError(`${fn}: entries must be finite and non-negative (index ${i})`)
    }
    sp += a
    sq += b
  }
  if (sp === 0 || sq === 0) throw new DriftStatsError(`${fn}: ${sp === 0 ? 'p' : 'q'} sums to zero`)
  let left = 0
  let right = 0
  for (let i = 0; i < k; i++) {
    const a = p[i]! / sp
    const b = q[i]! / sq
    const m = (a + b) / 2.0
    // scipy.special.rel_entr(x, y) = x*log(x/y) for x > 0, 0 for x == 0
    if (a > 0) left += a * Math.log(a / m)
    if (b > 0) right += b * Math.log(b / m)
  }
  let js = left + right
  js /= Math.log(base)
  return Math.sqrt(Math.max(js / 2.0, 0))
}

export interface JensenShannonDriftResult {
  distance: number
  /** 'histogram': numeric with > 20 distinct reference values (Sturges bins over the union); 'categories' otherwise. */
  binning: 'histogram' | 'categories'
  /** Histogram edges (binning 'histogram') — empty for categories. */
  edges: number[]
  /** Category labels (binning 'categories') — empty for histograms. */
  categories: CategoryValue[]
  /** Shares per bin / category (each sums to 1). */
  referenceShares: number[]
  currentShares: number[]
  /** Missing values (NaN / null / undefined) dropped: [reference, current]. */
  missingDropped: [number, number]
}

/** Minimum number of distinct reference values for numeric data to be histogram-binned (Evidently: nunique > 20). */
export const JS_NUMERIC_MIN_UNIQUE = 21

function allNumbers(a: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(a)) return true
  for (let i = 0; i < a.length; i++) {
    const v = a[i]
    if (typeof v !== 'number' && v !== null && v !== undefined) return false
  }
  return true
}

/**
 * Jensen–Shannon drift (base 2) between reference and current, binned as Evidently does:
 * numeric data (kind 'numeric', or 'auto' when every non-missing value is a number) whose reference has
 * more than 20 distinct values → `np.histogram_bin_edges(concat(ref, cur), bins='sturges')` and
 * `np.histogram` shares; otherwise shares of each category over the union of categories.
 */
export function jensenShannonDrift(
  reference: ArrayLike<CategoryValue>,
  current: ArrayLike<CategoryValue>,
  options: { kind?: 'auto' | 'numeric' | 'categorical'; base?: number } = {}
): JensenShannonDriftResult {
  const fn = 'jensenShannonDrift'
  const base = options.base ?? 2
  const kind = options.kind ?? 'auto'
  if (reference == null || current == null) throw new DriftStatsError(`${fn}: reference and current must be arrays`)
  const numeric = kind === 'numeric' || (kind === 'auto' && allNumbers(reference) && allNumbers(current))
  if (numeric) {
    const toNum = (a: ArrayLike<CategoryValue>): ArrayLike<number> => {
      if (ArrayBuffer.isView(a)) return a as unknown as ArrayLike<number>
      const out = new Float64Array(a.length)
      for (let i = 0; i < a.length; i++) {
        const v = a[i]
        if (isMissing(v)) out[i] = Number.NaN
        else if (typeof v === 'number') out[i] = v
        else throw new DriftStatsError(`${fn}: kind 'numeric' but value at index ${i} is ${typeof v}`)
      }
      return out
    }
    const sr = prepareSample(toNum(reference), 'reference', fn)
    if (countDistinctSorted(sr.sorted) >= JS_NUMERIC_MIN_UNIQUE) {
      const sc = prepareSample(toNum(current), 'current', fn)
      requireFinite(sr, 'reference', fn)
      requireFinite(sc, 'current', fn)
      return histogramJs(sr, sc, base)
    }
  }
  const cc = countCategories(reference, current, fn)
  const refShares = Array.from(cc.reference, (c) => c / cc.nReference)
  const curShares = Array.from(cc.current, (c) => c / cc.nCurrent)
  return {
    distance: jensenShannon(refShares, curShares, base),
    binning: 'categories',
    edges: [],
    categories: cc.categories,
    referenceShares: refShares,
    currentShares: curShares,
    missingDropped: cc.missingDropped
  }
}

function histogramJs(sr: SortedSample, sc: SortedSample, base: number): JensenShannonDriftResult {
  const edges = sturgesBinEdges(sr.sorted, sc.sorted)
  const hr = histogramSorted(sr.sorted, edges)
  const hc = histogramSorted(sc.sorted, edges)
  const refShares = Array.from(hr, (c) => c / sr.length)
  const curShares = Array.from(hc, (c) => c / sc.length)
  return {
    distance: jensenShannon(refShares, curShares, base),
    binning: 'histogram',
    edges: Array.from(edges),
    categories: [],
    referenceShares: refShares,
    currentShares: curShares,
    missingDropped: [sr.nanDropped, sc.nanDropped]
  }
}
