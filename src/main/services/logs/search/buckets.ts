/** The histogram's time buckets: whole minutes (the per-minute counts' keys: minute k holds ((k−1)·60 s, k·60 s]). */
import { minuteKey } from './reader'
import type { Histogram } from './types'

const NICE_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080]

export class Buckets {
  readonly mpb: number
  readonly k0: number
  readonly n: number
  readonly levels: Record<string, number[]> = {}
  total = 0
  constructor(from: number, to: number, target: number) {
    const minutes = Math.max(1, (to - from) / 60_000 / target)
    this.mpb = NICE_MINUTES.find((m) => m >= minutes) ?? NICE_MINUTES[NICE_MINUTES.length - 1]!
    this.k0 = minuteKey(from)
    this.n = Math.floor((minuteKey(to) - this.k0) / this.mpb) + 1
  }
  /** The bucket of minute key k (may be outside 0..n−1). */
  of(k: number): number {
    return Math.floor((k - this.k0) / this.mpb)
  }
  addMinute(k: number, level: string, n: number): void {
    const b = this.of(k)
    if (b < 0 || b >= this.n) return
    let arr = this.levels[level]
    if (!arr) arr = this.levels[level] = new Array<number>(this.n).fill(0)
    arr[b]! += n
    this.total += n
  }
  add(ts: number, level: string): void {
    this.addMinute(minuteKey(ts), level, 1)
  }
  result(capped: boolean, approximate = false): Histogram {
    const t = Array.from({ length: this.n }, (_, b) => (this.k0 - 1 + b * this.mpb) * 60_000)
    return { bucketMs: this.mpb * 60_000, t, levels: this.levels, total: this.total, capped, approximate }
  }
  /** The minute keys of bucket b. */
  minutes(b: number): [number, number] {
    return [this.k0 + b * this.mpb, this.k0 + (b + 1) * this.mpb - 1]
  }
}

/** The range widened to whole minutes (the buckets' unit), so counts and scans cover the same lines. */
export const wholeMinutes = (from: number, to: number): { from: number; to: number } => ({
  from: (minuteKey(from) - 1) * 60_000 + 1,
  to: minuteKey(to) * 60_000
})
