/**
 * Percentiles as k6 computes them for a Trend (lib/metrics/sink.go, TrendSink.P): over the sorted values, the rank
 * i = p · (n − 1) and linear interpolation between the values at floor(i) and ceil(i). numpy's default percentile
 * (method 'linear') is the same formula, which is how scripts/reference/loadtest_reference.py checks it.
 */

/** k6's P(p) over values sorted ascending; p in [0, 1]. 0 for no values. */
export function k6Percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return 0
  if (n === 1) return sorted[0]!
  const i = p * (n - 1)
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  const j = sorted[lo]!
  const k = sorted[hi]!
  return j + (k - j) * (i - lo)
}

/**
 * The same rule when the sorted values are only known by rank (an HDR histogram): `valueAt(r)` is the r-th smallest
 * value (0-based) of `count`.
 */
export function k6PercentileByRank(count: number, p: number, valueAt: (rank: number) => number): number {
  if (count === 0) return 0
  if (count === 1) return valueAt(0)
  const i = p * (count - 1)
  const lo = Math.floor(i)
  const j = valueAt(lo)
  if (i === lo) return j
  const k = valueAt(Math.ceil(i))
  return j + (k - j) * (i - lo)
}
