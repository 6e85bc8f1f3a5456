/**
 * The histogram of a query that many lines match, estimated without reading every match: a systematic sample of
 * the lines (about PER_BUCKET selected lines per bucket) is tested, and each stream's share of matching lines in a
 * bucket's sample is applied to its exact line count in that bucket (the per-minute counts); a stream with no
 * sampled line in a bucket takes its share over all buckets. Marked approximate, unless the sample held every line
 * of the range (then every count is exact).
 *
 * The sample is read one of two ways. When the selected streams hold most lines of the range's ids: short id
 * windows spread evenly over those ids (contiguous rows). When they hold few (a selector keeping one service of
 * many): a time window in each bucket, read through the (stream_id, ts) index, so other streams' lines are never
 * read. In id windows, words are tested by the word index itself (the ids it holds there), without reading the lines' text.
 */
import type { SearchContext } from './context'
import type { Buckets } from './buckets'
import { minuteKey, rowid } from './reader'
import type { Histogram, Row } from './types'

export const PER_BUCKET = 300
/** At most this many lines are looked at in id windows (SQLite skips other streams' lines itself). */
const MAX_ROWS = 300_000
/** Below this share of the range's ids, the selected streams' lines are read by time through their index. */
export const BY_TIME_BELOW = 0.5

/**
 * How sampled lines are tested: each line; words also by the word index (`fts`: its query), which in id windows
 * spares reading the lines' text (the line test agrees with the index: histogram.test.ts).
 */
export interface SampleTest {
  line: (r: Row) => boolean
  fts?: string
}

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

/** A sampled line: its time, its stream, whether it matches. */
type Visit = (ts: number, stream: number, hit: boolean) => void

interface Sample {
  /** Calls visit for every sampled line. */
  each(visit: Visit): void
  /** Whether the sample held every selected line of the range. */
  complete: boolean
}

/** Id windows spread evenly over the range's ids. */
function byIds(
  ctx: SearchContext,
  b: Buckets,
  streams: number[],
  bounds: { min: number; max: number },
  selected: number,
  test: SampleTest,
  perBucket: number
): Sample {
  const span = bounds.max - bounds.min + 1
  const rows = Math.min(MAX_ROWS, Math.ceil(perBucket * b.n * Math.max(1, span / selected)))
  const ranges: [number, number][] = []
  if (span <= rows) ranges.push([bounds.min, bounds.max])
  else {
    const w = Math.max(1, Math.ceil(rows / b.n))
    for (let i = 0; i < b.n; i++) {
      const a = bounds.min + Math.floor(((span - w) * (2 * i + 1)) / (2 * b.n))
      ranges.push([a, a + w - 1])
    }
  }
  const all = ctx.streams.select([]).length
  const streamsIn = streams.length < all ? ` AND +stream_id IN (${streams.map(Number).join(',')})` : ''
  const matching = ctx.reader.db.prepare('SELECT rowid FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ?').pluck()
  // words: ids from the index, times and streams without the text (the rows' first columns)
  const slim = ctx.reader.db.prepare(`SELECT id, ts, stream_id FROM logs_lines WHERE id BETWEEN ? AND ?${streamsIn}`).raw()
  const each = (visit: Visit): void => {
    for (const [lo, hi] of ranges) {
      if (test.fts === undefined) {
        for (const r of ctx.reader.idRange(lo, hi, streamsIn)) visit(r.ts, r.stream_id, test.line(r))
        continue
      }
      const ids = new Set(matching.all(test.fts, rowid(lo), rowid(hi)) as number[])
      for (const [id, ts, stream] of slim.all(lo, hi) as [number, number, number][]) visit(ts, stream, ids.has(id))
    }
  }
  return { each, complete: span <= rows }
}

/** A time window in each bucket holding about perBucket selected lines, read through the (stream_id, ts) index. */
function byTime(
  ctx: SearchContext,
  b: Buckets,
  streams: number[],
  counts: { bucket: number; lines: number }[],
  test: SampleTest,
  perBucket: number
): Sample {
  const inBucket = new Float64Array(b.n)
  for (const c of counts) inBucket[c.bucket]! += c.lines
  // rows as arrays: better-sqlite3 builds them faster than objects
  const stmt = ctx.reader.db
    .prepare(
      `SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE stream_id IN (${streams.map(Number).join(',')}) AND ts BETWEEN ? AND ?`
    )
    .raw()
  const span = b.mpb * 60_000
  const windows: [number, number][] = []
  for (let i = 0; i < b.n; i++) {
    if (inBucket[i] === 0) continue
    const start = (b.minutes(i)[0] - 1) * 60_000 + 1
    const width = inBucket[i]! <= perBucket ? span : Math.max(1, Math.ceil((span * perBucket) / inBucket[i]!))
    const a = start + Math.floor((span - width) / 2)
    windows.push([a, a + width - 1])
  }
  const each = (visit: Visit): void => {
    for (const [a, z] of windows)
      for (const [id, ts, stream_id, line, attrs] of stmt.all(a, z) as [number, number, number, string, string | null][])
        visit(ts, stream_id, test.line({ id, ts, stream_id, line, attrs }))
  }
  return { each, complete: windows.every(([a, z]) => z - a + 1 === span) }
}

export function sampledHistogram(
  ctx: SearchContext,
  b: Buckets,
  streams: number[],
  bounds: { min: number; max: number },
  test: SampleTest,
  perBucket = PER_BUCKET
): Histogram {
  if (streams.length === 0) return b.result(false)
  const counts = ctx.reader.bucketCounts(streams, b.k0, b.mpb, b.n)
  const selected = counts.reduce((a, c) => a + c.lines, 0)
  if (selected === 0) return b.result(false)
  const span = bounds.max - bounds.min + 1
  const sample =
    selected < span * BY_TIME_BELOW
      ? byTime(ctx, b, streams, counts, test, perBucket)
      : byIds(ctx, b, streams, bounds, selected, test, perBucket)
  const seen: Map<number, Tally>[] = Array.from({ length: b.n }, () => new Map())
  const pooled = new Map<number, Tally>()
  sample.each((ts, stream, hit) => {
    const i = b.of(minuteKey(ts))
    if (i < 0 || i >= b.n) return
    tally(seen[i]!, stream, hit ? 1 : 0)
    tally(pooled, stream, hit ? 1 : 0)
  })
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
  return b.result(false, !sample.complete)
}
