/**
 * Plain full-text search. Words: the word index ranks matches by bm25 within the time range's id range (the newest
 * RANK_MAX matches when more match, as the page says). Substrings: the trigram index gives candidates newest first,
 * each checked for the text itself. An optional stream selector narrows both.
 */
import type { Matcher } from '../../../../shared/logs/logql/ast'
import { hitOf, decodeCursor, encodeCursor, type SearchContext } from './context'
import { textMarker } from './highlight'
import { substringTest, trigramQuery, type SubstringQuery, type WordQuery } from './text'
import { rowid } from './reader'
import type { LineHit, LinesPage, Row } from './types'

export const RANK_MAX = 5000
const TRIGRAMS_USED = 3

/** The few trigrams fewest lines of an id range contain: enough to narrow candidates (each is checked for the whole text after). */
export function rarest(ctx: SearchContext, trigrams: string[], range: { min: number; max: number }, n = TRIGRAMS_USED): string[] {
  if (trigrams.length <= n) return trigrams
  return trigrams
    .map((t) => ({ t, share: ctx.reader.termShare('logs_tri', t, range) }))
    .sort((a, b) => a.share - b.share)
    .slice(0, n)
    .map((x) => x.t)
}

const isOffset = (v: unknown): v is { offset: number } =>
  typeof v === 'object' && v !== null && typeof (v as { offset?: unknown }).offset === 'number'
const isId = (v: unknown): v is { id: number } => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'number'

function streamFilter(ctx: SearchContext, matchers: Matcher[]): ((r: Row) => boolean) | null {
  if (matchers.length === 0) return null
  const ids = new Set(ctx.streams.select(matchers).map((s) => s.id))
  return (r) => ids.has(r.stream_id)
}

/** Word search ranked by relevance (or newest first), paged by offset; only the page's lines are read in full. */
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
      `SELECT f.rowid AS id, bm25(logs_fts) AS score, l.ts AS ts, l.stream_id AS stream_id FROM logs_fts f JOIN logs_lines l ON l.id = f.rowid
       WHERE logs_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND l.ts BETWEEN ? AND ? ORDER BY f.rowid DESC LIMIT ?`
    )
    .all(q.fts, rowid(bounds.min), rowid(bounds.max), from, to, RANK_MAX) as { id: number; score: number; ts: number; stream_id: number }[]
  const keep = streamFilter(ctx, matchers)
  const hits = keep ? ranked.filter((r) => keep(r as unknown as Row)) : ranked
  if (order === 'relevance') hits.sort((a, b) => a.score - b.score || b.ts - a.ts || b.id - a.id)
  else hits.sort((a, b) => b.ts - a.ts || b.id - a.id)
  const offset = decodeCursor(cursor, isOffset)?.offset ?? 0
  const page = hits.slice(offset, offset + limit)
  const rows = new Map(ctx.reader.byIds(page.map((r) => r.id)).map((r) => [r.id, r]))
  const mark = textMarker(q)
  const lines = page.flatMap((p) => {
    const r = rows.get(p.id)
    return r ? [hitOf(ctx, r, mark(r.line), p.score)] : []
  })
  const capped = ranked.length >= RANK_MAX
  return {
    ...base,
    lines,
    next: offset + limit < hits.length ? encodeCursor({ offset: offset + limit }) : null,
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
  const has = substringTest(q.text)
  const mark = textMarker(q)
  const ids = ctx.reader.db
    .prepare('SELECT rowid AS id FROM logs_tri WHERE logs_tri MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC')
    .pluck()
    .iterate(trigramQuery(rarest(ctx, q.trigrams, bounds)), rowid(bounds.min), rowid(before - 1)) as IterableIterator<number>
  const hits: LineHit[] = []
  let scanned = 0
  let batch: number[] = []
  const flush = (): boolean => {
    const rows = ctx.reader.byIds(batch).sort((a, b) => b.id - a.id)
    batch = []
    for (const r of rows) {
      if (r.ts < from || r.ts > to || (keep && !keep(r)) || !has(r.line)) continue
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
