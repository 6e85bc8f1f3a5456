/**
 * LogQL log queries: the selector picks streams; lines come newest first, through the pipeline. A positive line
 * filter (`|= "text"`) that few lines contain is answered from the trigram index (candidates, then the pipeline);
 * otherwise the streams are scanned, up to a budget, and the page says how far back it got.
 */
import type { LogQuery } from '../../../../shared/logs/logql/ast'
import { compilePipeline, requiredSubstrings } from '../../../../shared/logs/logql/pipeline'
import { hitOf, isTsId, labelsOf, decodeCursor, encodeCursor, type SearchContext } from './context'
import { logqlMarker } from './highlight'
import { minuteKey, rowid } from './reader'
import { trigramQuery, trigramsOf } from './text'
import { rarest } from './textSearch'
import type { LineHit, LinesPage } from './types'

/** Lines read at most for one page by a scan. */
export const SCAN_BUDGET = 1_000_000
/** Candidate lines at most for an index-driven query. */
export const CANDIDATE_MAX = 50_000

/** How many lines of an id range likely hold every required substring (from the rarest trigram's recent share). */
export function candidateEstimate(
  ctx: SearchContext,
  q: LogQuery,
  from: number,
  to: number
): { estimate: number; substrings: string[] } | null {
  const subs = requiredSubstrings(q).filter((s) => [...s].length >= 3)
  const bounds = ctx.reader.idBounds(from, to)
  if (subs.length === 0 || !bounds) return null
  let share = 1
  for (const s of subs) for (const t of trigramsOf(s)) share = Math.min(share, ctx.reader.termShare('logs_tri', t, bounds))
  return { estimate: share * (bounds.max - bounds.min + 1), substrings: subs }
}

/** Lines of the selected streams stamped in [from, to], from the minute counts (whole minutes: an upper bound). */
export function linesInRange(ctx: SearchContext, streams: number[], from: number, to: number): number {
  return ctx.reader.linesIn(streams, minuteKey(from), minuteKey(to))
}

/**
 * Ids of lines holding every given substring's (rarest) trigrams in [from, to]'s id range, newest first; null when
 * there are more than `max` (the caller reads the lines instead).
 */
export function candidateIds(ctx: SearchContext, substrings: string[], from: number, to: number, max: number): number[] | null {
  const bounds = ctx.reader.idBounds(from, to)
  if (!bounds) return []
  const match = substrings.map((s) => `(${trigramQuery(rarest(ctx, trigramsOf(s), bounds))})`).join(' AND ')
  const ids = ctx.reader.db
    .prepare('SELECT rowid FROM logs_tri WHERE logs_tri MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(match, rowid(bounds.min), rowid(bounds.max), max + 1) as number[]
  return ids.length > max ? null : ids
}

export function runLogQuery(ctx: SearchContext, q: LogQuery, from: number, to: number, limit: number, cursor?: string): LinesPage {
  const streams = ctx.streams.select(q.matchers).map((s) => s.id)
  const after = decodeCursor(cursor, isTsId)
  const pipeline = compilePipeline(q)
  const mark = logqlMarker(q)
  const empty: LinesPage = { kind: 'lines', mode: 'logql', lines: [], next: null, scanned: 0, capped: false, note: null }
  if (streams.length === 0) return { ...empty, note: 'no stream matches the selector' }
  const est = candidateEstimate(ctx, q, from, to)
  const inRange = est ? linesInRange(ctx, streams, from, to) : 0
  const ids =
    est && est.estimate <= CANDIDATE_MAX && est.estimate < inRange / 2 ? candidateIds(ctx, est.substrings, from, to, CANDIDATE_MAX) : null
  if (ids) {
    const wanted = new Set(streams)
    const rows = ctx.reader
      .byIds(ids)
      .filter((r) => wanted.has(r.stream_id) && r.ts >= from && r.ts <= to)
      .filter((r) => !after || r.ts < after.ts || (r.ts === after.ts && r.id < after.id))
      .sort((a, b) => b.ts - a.ts || b.id - a.id)
    const hits: LineHit[] = []
    for (const r of rows) {
      if (pipeline(r.line, labelsOf(ctx, r)) === null) continue
      hits.push(hitOf(ctx, r, mark(r.line)))
      if (hits.length > limit) break
    }
    const more = hits.length > limit
    const page = hits.slice(0, limit)
    const last = page[page.length - 1]
    return { ...empty, lines: page, next: more && last ? encodeCursor({ ts: last.ts, id: last.id }) : null, scanned: rows.length }
  }
  const hits: LineHit[] = []
  let scanned = 0
  for (const r of ctx.reader.scan(streams, from, to, 'desc', after)) {
    scanned++
    if (pipeline(r.line, labelsOf(ctx, r)) !== null) {
      if (hits.length === limit)
        return { ...empty, lines: hits, next: encodeCursor({ ts: hits[limit - 1]!.ts, id: hits[limit - 1]!.id }), scanned }
      hits.push(hitOf(ctx, r, mark(r.line)))
    }
    if (scanned >= SCAN_BUDGET) {
      return {
        ...empty,
        lines: hits,
        next: encodeCursor({ ts: r.ts, id: r.id }),
        scanned,
        capped: true,
        note: `read ${scanned.toLocaleString('en')} lines back to ${new Date(r.ts).toISOString()}; load more to keep searching`
      }
    }
  }
  return { ...empty, lines: hits, scanned }
}
