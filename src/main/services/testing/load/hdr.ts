/**
 * An HDR histogram (Gil Tene's HdrHistogram layout) of integer microseconds, 3 significant digits, from 0 to one hour:
 * every recorded value lands in a bucket no wider than 1/1024 of it, so percentiles are within 0.05 % and recording is
 * O(1). Percentiles follow k6's rule (see src/shared/testing/percentile.ts) with each rank's value taken as the middle
 * of its bucket; min, max, sum and count are exact.
 */
import { k6PercentileByRank } from '../../../../shared/testing/percentile'

const SUB_BUCKET_HALF_MAGNITUDE = 10 // 2 · 10^3 → 2048 sub-buckets
const SUB_BUCKET_HALF = 1 << SUB_BUCKET_HALF_MAGNITUDE
const SUB_BUCKET_MASK = 2 * SUB_BUCKET_HALF - 1
/** One hour in µs; larger values are counted at the top (their exact maximum is still kept). */
export const HIGHEST_US = 3_600_000_000
const TWO_32 = 2 ** 32

/** Position of the highest set bit of a non-negative integer below 2^53. */
const msb = (v: number): number => (v < TWO_32 ? 31 - Math.clz32(v) : 63 - Math.clz32(Math.floor(v / TWO_32)))

const bucketOf = (v: number): number => (v <= SUB_BUCKET_MASK ? 0 : msb(v) - SUB_BUCKET_HALF_MAGNITUDE)

export function countsIndex(v: number): number {
  const bucket = bucketOf(v)
  const sub = Math.floor(v / 2 ** bucket)
  return ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + (sub - SUB_BUCKET_HALF)
}

/** Lowest value of the bucket at `index`, and its width. */
export function bucketRange(index: number): { low: number; width: number } {
  let bucket = (index >> SUB_BUCKET_HALF_MAGNITUDE) - 1
  let sub = (index & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF
  if (bucket < 0) {
    sub -= SUB_BUCKET_HALF
    bucket = 0
  }
  const width = 2 ** bucket
  return { low: sub * width, width }
}

const LENGTH = countsIndex(HIGHEST_US) + 1

/** The histogram as JSON: non-zero buckets as [index, count] pairs. */
export interface HdrJson {
  count: number
  min: number
  max: number
  sum: number
  buckets: [number, number][]
}

export class Hdr {
  private counts = new Float64Array(LENGTH)
  count = 0
  min = Infinity
  max = 0
  sum = 0

  /** Records a value in µs (rounded to an integer, negative values as 0). */
  record(us: number): void {
    const v = us > 0 ? Math.round(us) : 0
    this.counts[countsIndex(v < HIGHEST_US ? v : HIGHEST_US)]!++
    this.count++
    this.sum += v
    if (v < this.min) this.min = v
    if (v > this.max) this.max = v
  }

  get mean(): number {
    return this.count ? this.sum / this.count : 0
  }

  reset(): void {
    if (this.count) this.counts.fill(0)
    this.count = 0
    this.min = Infinity
    this.max = 0
    this.sum = 0
  }

  add(other: Hdr): void {
    if (!other.count) return
    for (let i = 0; i < LENGTH; i++) if (other.counts[i]) this.counts[i]! += other.counts[i]!
    this.count += other.count
    this.sum += other.sum
    this.min = Math.min(this.min, other.min)
    this.max = Math.max(this.max, other.max)
  }

  /** k6's percentile for each p (0..1), in µs; one pass over the buckets for all of them. */
  percentiles(ps: readonly number[]): number[] {
    if (this.count === 0) return ps.map(() => 0)
    const ranks = new Set<number>()
    for (const p of ps) {
      const i = p * (this.count - 1)
      ranks.add(Math.floor(i))
      ranks.add(Math.ceil(i))
    }
    const values = this.valuesAtRanks([...ranks].sort((a, b) => a - b))
    return ps.map((p) => k6PercentileByRank(this.count, p, (r) => values.get(r)!))
  }

  percentile(p: number): number {
    return this.percentiles([p])[0]!
  }

  /** The r-th smallest recorded value (0-based) for each sorted rank: the middle of its bucket, clamped to [min, max]. */
  private valuesAtRanks(sortedRanks: number[]): Map<number, number> {
    const out = new Map<number, number>()
    let k = 0
    let seen = 0
    for (let i = 0; i < LENGTH && k < sortedRanks.length; i++) {
      const c = this.counts[i]!
      if (!c) continue
      seen += c
      while (k < sortedRanks.length && sortedRanks[k]! < seen) {
        const r = sortedRanks[k++]!
        const { low, width } = bucketRange(i)
        const mid = low + Math.floor(width / 2)
        out.set(r, r === 0 ? this.min : r === this.count - 1 ? this.max : Math.min(this.max, Math.max(this.min, mid)))
      }
    }
    return out
  }

  toJSON(): HdrJson {
    const buckets: [number, number][] = []
    for (let i = 0; i < LENGTH; i++) if (this.counts[i]) buckets.push([i, this.counts[i]!])
    return { count: this.count, min: this.count ? this.min : 0, max: this.max, sum: this.sum, buckets }
  }

  static fromJSON(j: HdrJson): Hdr {
    const h = new Hdr()
    for (const [i, c] of j.buckets) if (i >= 0 && i < LENGTH) h.counts[i] = c
    h.count = j.count
    h.min = j.count ? j.min : Infinity
    h.max = j.max
    h.sum = j.sum
    return h
  }
}
