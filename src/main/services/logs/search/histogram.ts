/**
 * The time histogram above the results: lines per bucket by level for the same query. Buckets are whole minutes
 * (the per-minute counts' keys: minute k holds ((k−1)·60 s, k·60 s]), the range is widened to whole minutes, and a
 * query without a pipeline is answered from the counts alone.
 */
import type { Matcher, LogQuery } from '../../../../shared/logs/logql/ast'
import { compilePipeline } from '../../../../shared/logs/logql/pipeline'
import { labelsOf, type SearchContext } from './context'
import { candidateEstimate, candidateIds, CANDIDATE_MAX } from './logQuery'
import { minuteKey, rowid } from './reader'
import { trigramQuery, type TextQuery } from './text'
import { rarest } from './textSearch'
import type { Histogram } from './types'

export const HISTOGRAM_SCAN_BUDGET = 2_000_000
const NICE_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080]

class Buckets {
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
  addMinute(k: number, level: string, n: number): void {
    const b = Math.floor((k - this.k0) / this.mpb)
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

const levelOfStream = (ctx: SearchContext, id: number): string => ctx.streams.get(id)?.labels.level ?? 'unknown'

export function logQueryHistogram(ctx: SearchContext, q: LogQuery, rawFrom: number, rawTo: number, target = 120): Histogram {
  const b = new Buckets(rawFrom, rawTo, target)
  const { from, to } = wholeMinutes(rawFrom, rawTo)
  const streams = ctx.streams.select(q.matchers).map((s) => s.id)
  if (q.stages.length === 0) {
    for (const r of ctx.reader.minuteCounts(streams, minuteKey(from), minuteKey(to)))
      b.addMinute(r.minute, levelOfStream(ctx, r.stream_id), r.lines)
    return b.result(false)
  }
  const pipeline = compilePipeline(q)
  const est = candidateEstimate(ctx, q, from, to)
  const ids = est && est.estimate <= CANDIDATE_MAX ? candidateIds(ctx, est.substrings, from, to, CANDIDATE_MAX) : null
  if (ids) {
    const wanted = new Set(streams)
    for (const r of ctx.reader.byIds(ids))
      if (wanted.has(r.stream_id) && r.ts >= from && r.ts <= to && pipeline(r.line, labelsOf(ctx, r)))
        b.add(r.ts, levelOfStream(ctx, r.stream_id))
    return b.result(false)
  }
  let read = 0
  for (const r of ctx.reader.scan(streams, from, to, 'desc')) {
    if (++read > HISTOGRAM_SCAN_BUDGET) return b.result(true)
    if (pipeline(r.line, labelsOf(ctx, r))) b.add(r.ts, levelOfStream(ctx, r.stream_id))
  }
  return b.result(false)
}

/** Above this many likely matches, a word histogram counts index entries per bucket's id range instead of lines. */
export const APPROXIMATE_ABOVE = 30_000

/**
 * Many matches: count index entries in each bucket's id range (lines arrive roughly in time order, so a bucket's id
 * range holds its lines), without reading lines — so without levels, and approximate for late arrivals.
 */
function approximateWords(ctx: SearchContext, fts: string, b: Buckets): Histogram {
  const ids = ctx.reader.db.prepare('SELECT MIN(min_id) AS lo, MAX(max_id) AS hi FROM logs_minute_ids WHERE minute BETWEEN ? AND ?')
  const count = ctx.reader.db.prepare('SELECT COUNT(*) AS n FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ?').pluck()
  for (let i = 0; i < b.n; i++) {
    const [k1, k2] = b.minutes(i)
    const r = ids.get(k1, k2) as { lo: number | null; hi: number | null }
    if (r.lo !== null && r.hi !== null) b.addMinute(k1, 'matches', count.get(fts, rowid(r.lo), rowid(r.hi)) as number)
  }
  return b.result(false, true)
}

export function textHistogram(
  ctx: SearchContext,
  q: TextQuery,
  matchers: Matcher[],
  rawFrom: number,
  rawTo: number,
  target = 120,
  approximateAbove = APPROXIMATE_ABOVE
): Histogram {
  const b = new Buckets(rawFrom, rawTo, target)
  const { from, to } = wholeMinutes(rawFrom, rawTo)
  const bounds = ctx.reader.idBounds(from, to)
  if (!bounds) return b.result(false)
  if (q.mode === 'terms' && matchers.length === 0 && !q.fts.includes(' NOT ')) {
    const share = Math.min(...q.positives.flatMap((p) => p.split(' ')).map((w) => ctx.reader.termShare('logs_fts', w.toLowerCase())))
    if (share * (bounds.max - bounds.min + 1) > approximateAbove) return approximateWords(ctx, q.fts, b)
  }
  const keep = matchers.length ? new Set(ctx.streams.select(matchers).map((s) => s.id)) : null
  const sql =
    q.mode === 'terms'
      ? `SELECT l.ts, l.stream_id FROM logs_fts f JOIN logs_lines l ON l.id = f.rowid
         WHERE logs_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND l.ts BETWEEN ? AND ? LIMIT ?`
      : `SELECT l.ts, l.stream_id FROM logs_tri f JOIN logs_lines l ON l.id = f.rowid
         WHERE logs_tri MATCH ? AND f.rowid BETWEEN ? AND ? AND l.ts BETWEEN ? AND ? AND instr(lower(l.line), ?) > 0 LIMIT ?`
  const args =
    q.mode === 'terms'
      ? [q.fts, rowid(bounds.min), rowid(bounds.max), from, to, HISTOGRAM_SCAN_BUDGET + 1]
      : [
          trigramQuery(rarest(ctx, q.trigrams)),
          rowid(bounds.min),
          rowid(bounds.max),
          from,
          to,
          q.text.toLowerCase(),
          HISTOGRAM_SCAN_BUDGET + 1
        ]
  let n = 0
  for (const r of ctx.reader.db.prepare(sql).iterate(...args) as IterableIterator<{ ts: number; stream_id: number }>) {
    if (++n > HISTOGRAM_SCAN_BUDGET) return b.result(true)
    if (!keep || keep.has(r.stream_id)) b.add(r.ts, levelOfStream(ctx, r.stream_id))
  }
  return b.result(false)
}
