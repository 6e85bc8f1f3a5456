/**
 * Population Stability Index: numeric PSI over reference-quantile bins and categorical PSI over category
 * shares, PSI = Σ (cur_i − ref_i) · ln(cur_i / ref_i), with empty bins replaced by a small epsilon.
 */
import {
  DriftStatsError,
  SortedSample,
  countCategories,
  prepareSample,
  requireFinite,
  type CategoryValue,
  type NumericInput
} from './common'
import { histogramSorted, linspace, quantileSorted } from './histogram'

export type PsiLevel = 'none' | 'moderate' | 'significant'

/** Conventional PSI reading: < 0.1 none, 0.1 – 0.25 moderate, ≥ 0.25 significant. */
export function psiLevel(value: number): PsiLevel {
  if (value >= 0.25) return 'significant'
  if (value >= 0.1) return 'moderate'
  return 'none'
}

export interface PsiOptions {
  /** Number of reference-quantile bins before duplicate edges are merged (default 10). */
  bins?: number
  /** Share used in place of an empty bin, in both samples (default 0.0001). */
  epsilon?: number
}

export interface PsiResult {
  value: number
  level: PsiLevel
  /** Bin edges: -Infinity, interior reference quantiles (deduplicated), +Infinity. */
  edges: number[]
  /** Shares per bin after the epsilon substitution (so they may sum to slightly more than 1). */
  referenceShares: number[]
  currentShares: number[]
  nanDropped: [number, number]
}

function psiFromShares(ref: number[], cur: number[]): number {
  let v = 0
  for (let i = 0; i < ref.length; i++) v += (cur[i]! - ref[i]!) * Math.log(cur[i]! / ref[i]!)
  return v
}

/**
 * Numeric PSI. Edges = `np.quantile(ref, np.linspace(0, 1, bins + 1))` (linear method), outer edges opened to
 * ±Infinity, duplicates removed (`np.unique`); counts as `np.histogram(x, edges)` (bins [a, b), last closed);
 * shares = count / n with exact zeros replaced by `epsilon`. NaN dropped (counted); throws on empty input or ±Infinity.
 */
export function psi(reference: NumericInput | SortedSample, current: NumericInput | SortedSample, options: PsiOptions = {}): PsiResult {
  const fn = 'psi'
  const bins = options.bins ?? 10
  const eps = options.epsilon ?? 0.0001
  if (!Number.isInteger(bins) || bins < 1) throw new DriftStatsError(`${fn}: bins must be a positive integer (got ${bins})`)
  if (!(eps > 0)) throw new DriftStatsError(`${fn}: epsilon must be > 0 (got ${eps})`)
  const sr = prepareSample(reference, 'reference', fn)
  const sc = prepareSample(current, 'current', fn)
  requireFinite(sr, 'reference', fn)
  requireFinite(sc, 'current', fn)
  const qs = linspace(0, 1, bins + 1)
  const raw = new Float64Array(bins + 1)
  for (let i = 0; i <= bins; i++) raw[i] = quantileSorted(sr.sorted, qs[i]!)
  raw[0] = -Infinity
  raw[bins] = Infinity
  raw.sort()
  const uniq: number[] = []
  for (let i = 0; i < raw.length; i++) if (i === 0 || raw[i] !== raw[i - 1]) uniq.push(raw[i]!)
  const edges = Float64Array.from(uniq)
  const hr = histogramSorted(sr.sorted, edges)
  const hc = histogramSorted(sc.sorted, edges)
  const refShares = Array.from(hr, (c) => (c === 0 ? eps : c / sr.length))
  const curShares = Array.from(hc, (c) => (c === 0 ? eps : c / sc.length))
  const value = psiFromShares(refShares, curShares)
  return {
    value,
    level: psiLevel(value),
    edges: uniq,
    referenceShares: refShares,
    currentShares: curShares,
    nanDropped: [sr.nanDropped, sc.nanDropped]
  }
}

export interface PsiCategoricalResult {
  value: number
  level: PsiLevel
  categories: CategoryValue[]
  referenceShares: number[]
  currentShares: number[]
  /** Missing values (null / undefined / NaN) dropped: [reference, current]. */
  missingDropped: [number, number]
}

/** Categorical PSI over the union of categories; a category absent from one sample gets share `epsilon` there. */
export function psiCategorical(
  reference: ArrayLike<CategoryValue>,
  current: ArrayLike<CategoryValue>,
  options: Pick<PsiOptions, 'epsilon'> = {}
): PsiCategoricalResult {
  const fn = 'psiCategorical'
  const eps = options.epsilon ?? 0.0001
  if (!(eps > 0)) throw new DriftStatsError(`${fn}: epsilon must be > 0 (got ${eps})`)
  const cc = countCategories(reference, current, fn)
  const refShares = Array.from(cc.reference, (c) => (c === 0 ? eps : c / cc.nReference))
  const curShares = Array.from(cc.current, (c) => (c === 0 ? eps : c / cc.nCurrent))
  const value = psiFromShares(refShares, curShares)
  return {
    value,
    level: psiLevel(value),
    categories: cc.categories,
    referenceShares: refShares,
    currentShares: curShares,
    missingDropped: cc.missingDropped
  }
}
