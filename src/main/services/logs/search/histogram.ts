/**
 * The time histogram above the results: lines per bucket by level for the same query. Buckets are whole minutes
 * (the per-minute counts' keys: minute k holds ((k−1)·60 s, k·60 s]), the range is widened to whole minutes, and a
 * query without a pipeline is answered from the counts alone.
 */
import type { Matcher, LogQuery } from '../../../../shared/logs/logql/ast'
import { compilePipeline } from '../../../../shared/logs/logql/pipeline'
import { labelsOf, type SearchContext } from './context'
import { Buckets, wholeMinutes } from './buckets'
import { candidateEstimate, candidateIds, CANDIDATE_MAX, linesInRange } from './logQuery'
import { rowid } from './reader'
import { sampledHistogram } from './sampled'
import { substringTest, trigramQuery, wordTest, type TextQuery } from './text'
import { rarest } from './textSearch'
import type { Histogram } from './types'

export { wholeMinutes }

export const HISTOGRAM_SCAN_BUDGET = 2_000_000
/** A line-filtered histogram reads every line up to this many lines in the range; beyond, it samples. */
export const HISTOGRAM_EXACT_LINES = 50_000

const levelOfStream = (ctx: SearchContext, id: number): string => ctx.streams.get(id)?.labels.level ?? 'unknown'

export function logQueryHistogram(ctx: SearchContext, q: LogQuery, rawFrom: number, rawTo: number, target = 120): Histogram {
  const b = new Buckets(rawFrom, rawTo, target)
  const { from, to } = wholeMinutes(rawFrom, rawTo)
  const streams = ctx.streams.select(q.matchers).map((s) => s.id)
  if (q.stages.length === 0) {
    for (const r of ctx.reader.bucketCounts(streams, b.k0, b.mpb, b.n))
      b.addMinute(b.minutes(r.bucket)[0], levelOfStream(ctx, r.stream_id), r.lines)
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
  const bounds = ctx.reader.idBounds(from, to)
  if (bounds && linesInRange(ctx, streams, from, to) > HISTOGRAM_EXACT_LINES)
    return sampledHistogram(ctx, b, streams, bounds, { line: (r) => pipeline(r.line, labelsOf(ctx, r)) !== null })
  let read = 0
  for (const r of ctx.reader.scan(streams, from, to, 'desc')) {
    if (++read > HISTOGRAM_SCAN_BUDGET) return b.result(true)
    if (pipeline(r.line, labelsOf(ctx, r))) b.add(r.ts, levelOfStream(ctx, r.stream_id))
  }
  return b.result(false)
}

/** Above this many likely matches, a text histogram is estimated from samples instead of counting every match. */
export const APPROXIMATE_ABOVE = 30_000

/** How many lines of the range likely match (from the rarest word's or trigram's share of the range). */
function likelyMatches(ctx: SearchContext, q: TextQuery, bounds: { min: number; max: number }, lines: number): number {
  const terms = q.mode === 'terms' ? q.terms.filter((t) => !t.neg).flatMap((t) => t.tokens) : q.trigrams
  const table = q.mode === 'terms' ? 'logs_fts' : 'logs_tri'
  return Math.min(...terms.map((t) => ctx.reader.termShare(table, t, bounds))) * lines
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
  const streams = ctx.streams.select(matchers).map((s) => s.id)
  if (likelyMatches(ctx, q, bounds, linesInRange(ctx, streams, from, to)) > approximateAbove) {
    const test = q.mode === 'terms' ? wordTest(q) : substringTest(q.text)
    return sampledHistogram(ctx, b, streams, bounds, { line: (r) => test(r.line), ...(q.mode === 'terms' ? { fts: q.fts } : {}) })
  }
  const keep = matchers.length ? new Set(streams) : null
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
          trigramQuery(rarest(ctx, q.trigrams, bounds)),
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
