/**
 * histogram_quantile over classic buckets, as Prometheus' BucketQuantile (promql/quantile.go): buckets sorted and
 * merged by upper bound, small floating-point deltas ignored, decreases forced monotonic, linear interpolation inside
 * the bucket (from 0 when the lowest bound is positive), the second-highest bound when the rank falls in +Inf.
 */
export interface Bucket {
  upperBound: number
  count: number
}

const SMALL_DELTA_TOLERANCE = 1e-12
/** The smallest positive normal float64. */
const MIN_NORMAL = 2.2250738585072014e-308

/** Prometheus' almost.Equal: equal, or a relative difference within epsilon. */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (a === b) return true
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  const absSum = Math.abs(a) + Math.abs(b)
  const diff = Math.abs(a - b)
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon
}

export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return NaN
  if (q < 0) return -Infinity
  if (q > 1) return Infinity
  if (!input.length) return NaN
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound)
  if (sorted[sorted.length - 1]!.upperBound !== Infinity) return NaN
  // merge buckets with the same bound
  const buckets: Bucket[] = []
  for (const b of sorted) {
    const last = buckets[buckets.length - 1]
    if (last && last.upperBound === b.upperBound) last.count += b.count
    else buckets.push({ ...b })
  }
  // ignore tiny deltas, force monotonicity
  let prev = buckets[0]!.count
  for (let i = 1; i < buckets.length; i++) {
    const curr = buckets[i]!.count
    if (curr === prev) continue
    if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
      buckets[i]!.count = prev
      continue
    }
    if (curr < prev) {
      buckets[i]!.count = prev
      continue
    }
    prev = curr
  }
  if (buckets.length < 2) return NaN
  const observations = buckets[buckets.length - 1]!.count
  if (observations === 0) return NaN
  let rank = q * observations
  let b = 0
  // the first bucket (excluding +Inf) whose count reaches the rank, else the +Inf bucket
  while (b < buckets.length - 1 && !(buckets[b]!.count >= rank)) b++
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound
  let bucketStart = 0
  const bucketEnd = buckets[b]!.upperBound
  let count = buckets[b]!.count
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound
    count -= buckets[b - 1]!.count
    rank -= buckets[b - 1]!.count
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count)
}
