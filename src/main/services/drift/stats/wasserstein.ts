/**
 * First Wasserstein distance between two empirical distributions, `scipy.stats.wasserstein_distance(u, v)`
 * (unweighted; SciPy 1.17.1 `_cdf_distance(1, ...)`), computed by one merge walk over sorted copies, and the
 * normed variant used by Evidently (`wasserstein_distance_norm`).
 */
import { CompensatedSum, SortedSample, populationStd, prepareSample, requireFinite, type NumericInput } from './common'

export interface WassersteinResult {
  distance: number
  /** NaN values dropped from [u, v]. */
  nanDropped: [number, number]
}

/** Sum over consecutive distinct values x_k of |F_u(x_k) - F_v(x_k)| * (x_{k+1} - x_k). */
function wassersteinSorted(u: Float64Array, v: Float64Array): number {
  const nu = u.length
  const nv = v.length
  let i = 0
  let j = 0
  const acc = new CompensatedSum()
  // current distinct value
  let x = nu > 0 && (nv === 0 || u[0]! <= v[0]!) ? u[0]! : v[0]!
  for (;;) {
    while (i < nu && u[i] === x) i++
    while (j < nv && v[j] === x) j++
    if (i >= nu && j >= nv) break
    const next = j >= nv || (i < nu && u[i]! <= v[j]!) ? u[i]! : v[j]!
    const diff = i / nu - j / nv
    acc.add(Math.abs(diff) * (next - x))
    x = next
  }
  return acc.value
}

/**
 * `scipy.stats.wasserstein_distance(u, v)` (unweighted). NaN dropped (counted); throws DriftStatsError on an
 * empty sample or on ±Infinity.
 */
export function wassersteinDistance(u: NumericInput | SortedSample, v: NumericInput | SortedSample): WassersteinResult {
  const fn = 'wassersteinDistance'
  const su = prepareSample(u, 'first (u)', fn)
  const sv = prepareSample(v, 'second (v)', fn)
  requireFinite(su, 'first (u)', fn)
  requireFinite(sv, 'second (v)', fn)
  return { distance: wassersteinSorted(su.sorted, sv.sorted), nanDropped: [su.nanDropped, sv.nanDropped] }
}

/** Floor applied to std(reference) by Evidently, so a constant reference column gives W / 0.001 instead of NaN/∞. */
export const WASSERSTEIN_NORM_MIN_STD = 0.001

export interface WassersteinNormedResult extends WassersteinResult {
  /** distance / max(std(reference, ddof=0), 0.001). */
  normed: number
  /** Population std of the reference sample (ddof = 0). */
  referenceStd: number
  /** True when std(reference) < 0.001 and the floor was used (e.g. a constant reference column). */
  stdFloored: boolean
}

/**
 * Evidently's `wasserstein_distance_norm`: wasserstein_distance(ref, cur) / max(np.std(ref), 0.001).
 * Constant reference → std 0 → divided by 0.001 (documented Evidently behaviour; 0 when current is the same constant).
 */
export function wassersteinNormed(reference: NumericInput | SortedSample, current: NumericInput | SortedSample): WassersteinNormedResult {
  const fn = 'wassersteinNormed'
  const sr = prepareSample(reference, 'reference', fn)
  const sc = prepareSample(current, 'current', fn)
  requireFinite(sr, 'reference', fn)
  requireFinite(sc, 'current', fn)
  const distance = wassersteinSorted(sr.sorted, sc.sorted)
  const referenceStd = populationStd(sr.sorted)
  const norm = Math.max(referenceStd, WASSERSTEIN_NORM_MIN_STD)
  return {
    distance,
    normed: distance / norm,
    referenceStd,
    stdFloored: referenceStd < WASSERSTEIN_NORM_MIN_STD,
    nanDropped: [sr.nanDropped, sc.nanDropped]
  }
}
