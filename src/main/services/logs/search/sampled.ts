/**
 * The histogram of a query that many lines match, estimated without reading every match: a systematic sample of
 * the lines (short id windows spread evenly over the range's ids, about PER_BUCKET selected lines per bucket) is
 * tested, and each stream's share of matching lines in a bucket's sample is applied to its exact line count in
 * that bucket (the per-minute counts); a stream with no sampled line in a bucket takes its share over all buckets.
 * Marked approximate, unless the sample held every line of the range (then every count is exact).
 */
import type { SearchContext } from './context'
import type { Buckets } from './buckets'
import { minuteKey } from './reader'
import type { Histogram, Row } from './types'

export const PER_BUCKET = 300
/** At most this many lines are looked at (SQLite skips other streams' lines itself), however few the selector keeps. */
const MAX_ROWS = 300_000

interface Tally {
  n: number
  m: number
}

function tally(map: Map<number, Tally>, stream: number, hit: number): void {
  const s = map.get(stream)
  if (s) {
    s.n++
    s.m += hit
  } else map.set(stream, { n: 1, m: hit })
}

export function sampledHistogram(
  ctx: SearchContext,
  b: Buckets,
  streams: number[],
  bounds: { min: number; max: number },
  test: (r: Row) => boolean,
  perBucket = PER_BUCKET
): Histogram {
  if (streams.length === 0) return b.result(false)
  const counts = ctx.reader.bucketCounts(streams, b.k0, b.mpb, b.n)
  const selected = counts.reduce((a, c) => a + c.lines, 0)
  if (selected === 0) return b.result(false)
  const span = bounds.max - bounds.min + 1
  const rows = Math.min(MAX_ROWS, Math.ceil(perBucket * b.n * Math.max(1, span / selected)))
  const windows: [number, number][] = []
  if (span <= rows) windows.push([bounds.min, bounds.max])
  else {
    const w = Math.max(1, Math.ceil(rows / b.n))
    for (let i = 0; i < b.n; i++) {
      const a = bounds.min + Math.floor(((span - w) * (2 * i + 1)) / (2 * b.n))
      windows.push([a, a + w - 1])
    }
  }
  const all = ctx.streams.select([]).length
  const streamsIn = streams.length < all ? ` AND +stream_id IN (${streams.map(Number).join(',')})` : ''
  const seen: Map<number, Tally>[] = Array.from({ length: b.n }, () => new Map())
  const pooled = new Map<number, Tally>()
  for (const [lo, hi] of windows)
    for (const r of ctx.reader.idRange(lo, hi, streamsIn)) {
      const i = b.of(minuteKey(r.ts))
      if (i < 0 || i >= b.n) continue
      const hit = test(r) ? 1 : 0
      tally(seen[i]!, r.stream_id, hit)
      tally(pooled, r.stream_id, hit)
    }
  const overall = [...pooled.values()].reduce((a, s) => ({ n: a.n + s.n, m: a.m + s.m }), { n: 0, m: 0 })
  const share = (s: Tally | undefined): number | undefined => (s && s.n > 0 ? s.m / s.n : undefined)
  const sums: Record<string, number[]> = {}
  for (const c of counts) {
    const p = share(seen[c.bucket]!.get(c.stream_id)) ?? share(pooled.get(c.stream_id)) ?? share(overall) ?? 0
    if (p === 0) continue
    const level = ctx.streams.get(c.stream_id)?.labels.level ?? 'unknown'
    ;(sums[level] ??= new Array<number>(b.n).fill(0))[c.bucket]! += c.lines * p
  }
  for (const [level, arr] of Object.entries(sums))
    arr.forEach((v, i) => {
      const n = Math.round(v)
      if (n > 0) b.addMinute(b.minutes(i)[0], level, n)
    })
  return b.result(false, span > rows)
}
