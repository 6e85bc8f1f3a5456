/**
 * Plain full-text search. Words: the word index ranks matches by bm25 within the time range's id range (the newest
 * RANK_MAX matches when more match, as the page says). Substrings: the trigram index gives candidates newest first,
 * each checked for the text itself. An optional stream selector narrows both.
 */
import type { Matcher } from '../../../../shared/logs/logql/ast'
import { hitOf, decodeCursor, encodeCursor, type SearchContext } from './context'
import { textMarker } from './highlight'
import { trigramQuery, type SubstringQuery, type WordQuery } from './text'
import type { LineHit, LinesPage, Row } from './types'

export const RANK_MAX = 20_000

const isOffset = (v: unknown): v is { offset: number } =>
  typeof v === 'object' && v !== null && typeof (v as { offset?: unknown }).offset === 'number'
const isId = (v: unknown): v is { id: number } => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'number'

function streamFilter(ctx: SearchContext, matchers: Matcher[]): ((r: Row) => boolean) | null {
  if (matchers.length === 0) return null
  const ids = new Set(ctx.streams.select(matchers).map((s) => s.id))
  return (r) => ids.has(r.stream_id)
}

/** Word search ranked by relevance (or newest first), paged by offset. */
export function wordSearch(
  ctx: SearchContext,
  q: WordQuery,
  matchers: Matcher[],
  from: number,
  to: number,
  limit: number,
  order: 'relevance' | 'newest',
  cursor?: string
): LinesPage {
  const base: LinesPage = { kind: 'lines', mode: 'terms', lines: [], next: null, scanned: 0, capped: false, note: null }
  const bounds = ctx.reader.idBounds(from, to)
  if (!bounds) return base
  const ranked = ctx.reader.db
    .prepare(
      'SELECT rowid AS id, bm25(logs_fts) AS score FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?'
    )
    .all(q.fts, bounds.min, bounds.max, RANK_MAX) as { id: number; score: number }[]
  const score = new Map(ranked.map((r) => [r.id, r.score]))
  const keep = streamFilter(ctx, matchers)
  const rows = ctx.reader.byIds(ranked.map((r) => r.id)).filter((r) => r.ts >= from && r.ts <= to && (!keep || keep(r)))
  if (order === 'relevance') rows.sort((a, b) => score.get(a.id)! - score.get(b.id)! || b.ts - a.ts || b.id - a.id)
  else rows.sort((a, b) => b.ts - a.ts || b.id - a.id)
  const offset = decodeCursor(cursor, isOffset)?.offset ?? 0
  const mark = textMarker(q)
  const page = rows.slice(offset, offset + limit).map((r) => hitOf(ctx, r, mark(r.line), score.get(r.id)!))
  const capped = ranked.length >= RANK_MAX
  return {
    ...base,
    lines: page,
    next: offset + limit < rows.length ? encodeCursor({ offset: offset + limit }) : null,
    scanned: ranked.length,
    capped,
    note: capped ? `more than ${RANK_MAX.toLocaleString('en')} lines match: ranked among the newest ${RANK_MAX.toLocaleString('en')}` : null
  }
}

/** Substring search, newest first (by arrival), paged by id. */
export function substringSearch(
  ctx: SearchContext,
  q: SubstringQuery,
  matchers: Matcher[],
  from: number,
  to: number,
  limit: number,
  cursor?: string
): LinesPage {
  const base: LinesPage = { kind: 'lines', mode: 'substring', lines: [], next: null, scanned: 0, capped: false, note: null }
  const bounds = ctx.reader.idBounds(from, to)
  if (!bounds) return base
  const before = decodeCursor(cursor, isId)?.id ?? bounds.max + 1
  const keep = streamFilter(ctx, matchers)
  const needle = q.text.toLowerCase()
  const mark = textMarker(q)
  const ids = ctx.reader.db
    .prepare('SELECT rowid AS id FROM logs_tri WHERE logs_tri MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC')
    .pluck()
    .iterate(trigramQuery(q.trigrams), bounds.min, before - 1) as IterableIterator<number>
  const hits: LineHit[] = []
  let scanned = 0
  let batch: number[] = []
  const flush = (): boolean => {
    const rows = ctx.reader.byIds(batch).sort((a, b) => b.id - a.id)
    batch = []
    for (const r of rows) {
      if (r.ts < from || r.ts > to || (keep && !keep(r)) || !r.line.toLowerCase().includes(needle)) continue
      hits.push(hitOf(ctx, r, mark(r.line)))
      if (hits.length > limit) return true
    }
    return false
  }
  let done = false
  for (const id of ids) {
    scanned++
    batch.push(id)
    if (batch.length >= 256 && flush()) {
      done = true
      break
    }
  }
  if (!done && batch.length) flush()
  if (done) (ids as unknown as { return?: () => void }).return?.()
  const more = hits.length > limit
  const page = hits.slice(0, limit)
  return { ...base, lines: page, next: more ? encodeCursor({ id: page[page.length - 1]!.id }) : null, scanned }
}
