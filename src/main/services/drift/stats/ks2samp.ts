/**
 * Two-sample Kolmogorov–Smirnov test, identical to `scipy.stats.ks_2samp(a, b)` with the defaults
 * `alternative='two-sided', method='auto'` — ported from SciPy 1.17.1 (`scipy/stats/_stats_py.py`:
 * `ks_2samp`, `_attempt_exact_2kssamp`, `_compute_prob_outside_square`; `scipy/stats/_stats_pythran.py`:
 * `_compute_outer_prob_inside_method`; asymptotic branch `kstwo.sf(d, round(m*n/(m+n)))`).
 *
 * Behaviour carried over from SciPy:
 * - 'exact' when max(n1, n2) <= 10000, otherwise 'asymp'; an exact computation that fails (p outside [0, 1])
 *   falls back to 'asymp' (SciPy warns; here `method` reports 'asymp').
 * - In the exact branch the statistic is snapped to the lattice: d = round(d * lcm(n1, n2)) / lcm(n1, n2).
 * - Ties are handled as `np.searchsorted(..., side='right')` does: ECDFs are compared after all tied values.
 * NaN values are dropped (counted in `nanDropped`); ±Infinity are ordinary (extreme) values.
 */
import { DriftStatsError, SortedSample, gcd, prepareSample, roundHalfEven, type NumericInput } from './common'
import { kolmogornSf } from './kolmogorov'

export interface KsResult {
  /** max |F_a(x) - F_b(x)| (snapped to the lattice 1/lcm(n1, n2) when method is 'exact'). */
  statistic: number
  /** Two-sided p-value. */
  pvalue: number
  method: 'exact' | 'asymp'
  /** Value at which the statistic is attained (first such value, like SciPy's `statistic_location`). */
  statisticLocation: number
  /** +1 when F_a exceeds F_b at that location, -1 otherwise (SciPy's `statistic_sign`). */
  statisticSign: 1 | -1
  /** Sample sizes after NaN removal. */
  n1: number
  n2: number
  /** NaN values dropped from [a, b]. */
  nanDropped: [number, number]
}

const MAX_AUTO_N = 10000

/** Two-sided KS p-value for equal sample sizes n (SciPy `_compute_prob_outside_square`). */
export function computeProbOutsideSquare(n: number, h: number): number {
  let P = 0.0
  let k = Math.floor(n / h)
  while (k >= 0) {
    let p1 = 1.0
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1)
    P = p1 * (1.0 - P)
    k -= 1
  }
  return 2 * P
}

/**
 * Proportion of lattice paths that leave the band |x/m - y/n| < h/lcm(m, n) (SciPy pythran
 * `_compute_outer_prob_inside_method`, Viehmann's recursion for 1 - p).
 */
export function computeOuterProbInsideMethod(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m]
  const mg = Math.floor(m / g)
  const ng = Math.floor(n / g)
  let minj = 0
  let maxj = Math.min(Math.ceil(h / mg), n + 1)
  let curlen = maxj - minj
  const lenA = Math.min(2 * maxj + 2, n + 1)
  const A = new Float64Array(lenA).fill(1)
  A.fill(0.0, minj, maxj)
  for (let i = 1; i <= m; i++) {
    const lastminj = minj
    const lastlen = curlen
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0)
    minj = Math.min(minj, n)
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1)
    if (maxj <= minj) return 1.0
    let val = minj === 0 ? 0.0 : 1.0
    const off = minj - lastminj
    const width = maxj - minj
    for (let jj = 0; jj < width; jj++) {
      const j = jj + minj
      val = (A[jj + off]! * i + val * j) / (i + j)
      A[jj] = val
    }
    curlen = width
    if (lastlen > curlen) A.fill(1, width, width + (lastlen - curlen))
  }
  return A[maxj - minj - 1]!
}

/** SciPy `_attempt_exact_2kssamp` for the two-sided alternative. */
function attemptExact(n1: number, n2: number, g: number, d: number): { success: boolean; d: number; prob: number } {
  const lcm = Math.floor(n1 / g) * n2
  const h = roundHalfEven(d * lcm)
  d = (h * 1.0) / lcm
  if (h === 0) return { success: true, d, prob: 1.0 }
  const prob = n1 === n2 ? computeProbOutsideSquare(n1, h) : computeOuterProbInsideMethod(n1, n2, g, h)
  if (!Number.isFinite(prob)) return { success: false, d, prob: Number.NaN }
  if (!(prob >= 0 && prob <= 1)) return { success: false, d, prob }
  return { success: true, d, prob }
}

/**
 * Two-sample two-sided KS test = `scipy.stats.ks_2samp(a, b)` (SciPy 1.17.1, method='auto').
 * Throws DriftStatsError when either sample is empty after dropping NaN.
 */
export function ks2samp(a: NumericInput | SortedSample, b: NumericInput | SortedSample): KsResult {
  const fn = 'ks2samp'
  const sa = prepareSample(a, 'first (a)', fn)
  const sb = prepareSample(b, 'second (b)', fn)
  const d1 = sa.sorted
  const d2 = sb.sorted
  const n1 = d1.length
  const n2 = d2.length

  // Merge walk over distinct values: after consuming all copies of x, cdf1 = i/n1, cdf2 = j/n2
  // (exactly np.searchsorted(side='right') / n). Track argmin/argmax like np.argmin/argmax (first hit).
  let i = 0
  let j = 0
  let maxS = -Infinity
  let minS = Infinity
  let locMax = Number.NaN
  let locMin = Number.NaN
  // SciPy scans data_all = concat(data1, data2); the first occurrence of an extreme value in that order is
  // a value from data1 when the extreme is attained at a value present in data1. Track both candidates.
  let locMaxIn1 = false
  let locMinIn1 = false
  while (i < n1 || j < n2) {
    const x = j >= n2 || (i < n1 && d1[i]! <= d2[j]!) ? d1[i]! : d2[j]!
    let in1 = false
    while (i < n1 && d1[i] === x) {
      i++
      in1 = true
    }
    while (j < n2 && d2[j] === x) j++
    const diff = i / n1 - j / n2
    // Prefer the smallest value from data1, else the smallest from data2 (order of data_all).
    if (diff > maxS || (diff === maxS && in1 && !locMaxIn1)) {
      maxS = diff
      locMax = x
      locMaxIn1 = in1
    }
    if (diff < minS || (diff === minS && in1 && !locMinIn1)) {
      minS = diff
      locMin = x
      locMinIn1 = in1
    }
  }
  const minSClipped = Math.min(Math.max(-minS, 0), 1)
  let d: number
  let location: number
  let sign: 1 | -1
  if (minSClipped > maxS) {
    d = minSClipped
    location = locMin
    sign = -1
  } else {
    d = maxS
    location = locMax
    sign = 1
  }

  const g = gcd(n1, n2)
  let method: 'exact' | 'asymp' = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp'
  let prob = -Infinity
  if (method === 'exact') {
    const r = attemptExact(n1, n2, g, d)
    d = r.d
    prob = r.prob
    if (!r.success) method = 'asymp'
  }
  if (method === 'asymp') {
    const m = Math.max(n1, n2)
    const n = Math.min(n1, n2)
    const en = (m * n) / (m + n)
    prob = kolmogornSf(roundHalfEven(en), d)
  }
  if (Number.isNaN(prob)) throw new DriftStatsError(`${fn}: p-value computation failed (n1=${n1}, n2=${n2}, d=${d})`)
  prob = Math.min(Math.max(prob, 0), 1)
  return {
    statistic: d,
    pvalue: prob,
    method,
    statisticLocation: location,
    statisticSign: sign,
    n1,
    n2,
    nanDropped: [sa.nanDropped, sb.nanDropped]
  }
}
