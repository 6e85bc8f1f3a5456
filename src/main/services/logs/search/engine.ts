/**
 * The read side of the logs area: one query bar that takes LogQL (log and metric queries), plain words or
 * substrings (optionally after a stream selector), the histogram that follows it, context lines, live tail and the
 * counts log alerts use. Runs on its own worker thread in the app (a long search never delays the pollers).
 */
import type { LogQuery, Matcher, Query } from '../../../../shared/logs/logql/ast'
import { logQueryOf } from '../../../../shared/logs/logql/ast'
import { looksLikeLogQL, parseLogQL } from '../../../../shared/logs/logql/parse'
import { compilePipeline } from '../../../../shared/logs/logql/pipeline'
import { AppError } from '../../../../shared/errors'
import type { Db } from '../../../db/open'
import { hitOf, labelsOf, type SearchContext } from './context'
import { logqlMarker, textMarker, type Ranges } from './highlight'
import { logQueryHistogram, textHistogram } from './histogram'
import { runLogQuery } from './logQuery'
import { runMetric } from './metrics'
import { measureOverhead, sourceSizes, type SourceSize } from '../store/retention'
import { LogReader } from './reader'
import { StreamCache } from './streams'
import { parseText, type TextMode, type TextQuery } from './text'
import { substringSearch, wordSearch } from './textSearch'
import type { Histogram, LineHit, LinesPage, MatrixResult, Row, SearchInput } from './types'

export type Parsed = { kind: 'logql'; query: Query } | { kind: 'text'; matchers: Matcher[]; text: TextQuery }

/** The end of a leading `{…}` selector (strings respected), or -1. */
function selectorEnd(src: string): number {
  let quote: string | null = null
  for (let i = src.indexOf('{'); i >= 0 && i < src.length; i++) {
    const c = src[i]!
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === '`') quote = c
    else if (c === '}') return i
  }
  return -1
}

/** LogQL when it reads as LogQL; `{selector} words` searches words within streams; anything else is plain text. */
export function parseSearch(src: string, mode: TextMode): Parsed {
  if (!looksLikeLogQL(src)) return { kind: 'text', matchers: [], text: parseText(src, mode) }
  try {
    return { kind: 'logql', query: parseLogQL(src) }
  } catch (err) {
    const end = src.trimStart().startsWith('{') ? selectorEnd(src) : -1
    const rest = end >= 0 ? src.slice(end + 1).trim() : ''
    if (end < 0 || rest === '' || /^(\||!=|!~)/.test(rest)) throw err
    const sel = parseLogQL(src.slice(0, end + 1)) as LogQuery
    return { kind: 'text', matchers: sel.matchers, text: parseText(rest, mode) }
  }
}

/** A step giving about 120 points, rounded to a whole minute (or second for short ranges). */
export function defaultStep(from: number, to: number): number {
  const raw = Math.max(1000, (to - from) / 120)
  return raw >= 60_000 ? Math.ceil(raw / 60_000) * 60_000 : Math.ceil(raw / 1000) * 1000
}

export class LogSearch implements SearchContext {
  readonly reader: LogReader
  readonly streams: StreamCache

  constructor(db: Db) {
    this.reader = new LogReader(db)
    this.streams = new StreamCache(db)
  }

  search(input: SearchInput): LinesPage | MatrixResult {
    this.streams.refresh()
    const p = parseSearch(input.query, input.mode)
    if (input.to < input.from) throw new AppError('VALIDATION', 'to: must not be before from', 'to')
    if (p.kind === 'logql') {
      if (p.query.type === 'log') return runLogQuery(this, p.query, input.from, input.to, input.limit, input.cursor)
      const step = input.stepMs ?? defaultStep(input.from, input.to)
      // a range query's first step covers the range's start
      const start = Math.ceil(input.from / step) * step
      return runMetric(this, p.query, start, input.to, step)
    }
    if (p.text.mode === 'terms') return wordSearch(this, p.text, p.matchers, input.from, input.to, input.limit, input.order, input.cursor)
    return substringSearch(this, p.text, p.matchers, input.from, input.to, input.limit, input.cursor)
  }

  histogram(query: string, mode: TextMode, from: number, to: number): Histogram {
    this.streams.refresh()
    const p = parseSearch(query, mode)
    if (p.kind === 'text') return textHistogram(this, p.text, p.matchers, from, to)
    return logQueryHistogram(this, logQueryOf(p.query), from, to)
  }

  /** Lines around one line in its stream. */
  context(id: number, before: number, after: number): { line: LineHit; older: LineHit[]; newer: LineHit[] } | null {
    this.streams.refresh()
    const row = this.reader.line(id)
    if (!row) return null
    const { older, newer } = this.reader.around(row, before, after)
    const hit = (r: Row): LineHit => hitOf(this, r, [])
    return { line: hit(row), older: older.map(hit), newer: newer.map(hit) }
  }

  /**
   * Live tail: lines that arrived after `afterId` and match the query (a LogQL log query, or words/substring).
   * Without `afterId`, the last `limit` matching lines of the newest few thousand.
   */
  tail(query: string, mode: TextMode, afterId: number | null, limit: number): { lines: LineHit[]; lastId: number } {
    this.streams.refresh()
    const accept = this.tailFilter(query, mode)
    const newest = this.reader.maxId()
    let from = afterId ?? Math.max(0, newest - 5000)
    const out: LineHit[] = []
    let lastId = afterId ?? newest
    for (;;) {
      const rows = this.reader.after(from, 2000)
      if (rows.length === 0) break
      for (const r of rows) {
        lastId = r.id
        const marks = accept(r)
        if (marks) out.push(hitOf(this, r, marks))
      }
      from = rows[rows.length - 1]!.id
      if (rows.length < 2000 || out.length >= 5 * limit) break
    }
    return { lines: afterId === null ? out.slice(-limit) : out.slice(0, 5 * limit), lastId }
  }

  private tailFilter(query: string, mode: TextMode): (r: Row) => Ranges | null {
    if (query.trim() === '') return () => []
    const p = parseSearch(query, mode)
    if (p.kind === 'logql') {
      const q = logQueryOf(p.query)
      const ids = new Set(this.streams.select(q.matchers).map((s) => s.id))
      const pipeline = compilePipeline(q)
      const mark = logqlMarker(q)
      return (r) => (ids.has(r.stream_id) && pipeline(r.line, labelsOf(this, r)) ? mark(r.line) : null)
    }
    const ids = p.matchers.length ? new Set(this.streams.select(p.matchers).map((s) => s.id)) : null
    const t = p.text
    const mark = textMarker(t)
    if (t.mode === 'substring') {
      const needle = t.text.toLowerCase()
      return (r) => ((!ids || ids.has(r.stream_id)) && r.line.toLowerCase().includes(needle) ? mark(r.line) : null)
    }
    // every word must be there
    const words = t.marks.map((m) => textMarker({ ...t, marks: [m] }))
    return (r) => ((!ids || ids.has(r.stream_id)) && words.every((w) => w(r.line).length > 0) ? mark(r.line) : null)
  }

  /**
   * Lines a log query matches in (from, to] — what a log alert counts. A metric query is evaluated at `to` and its
   * series summed.
   */
  count(query: string, from: number, to: number): number {
    this.streams.refresh()
    const q = parseLogQL(query)
    if (q.type !== 'log') {
      const r = runMetric(this, q, to, to, 1)
      return r.series.reduce((a, s) => a + (s.v[0] ?? 0), 0)
    }
    const streams = this.streams.select(q.matchers).map((s) => s.id)
    if (q.stages.length === 0) return this.reader.countLines(streams, from, to, true)
    const pipeline = compilePipeline(q)
    let n = 0
    for (const r of this.reader.scan(streams, from + 1, to, 'asc')) if (pipeline(r.line, labelsOf(this, r))) n++
    return n
  }

  /** Size per source, with bytes on disk per raw byte measured at most every 10 minutes. */
  sizes(now = Date.now()): { sources: SourceSize[]; overhead: number } {
    if (now - this.measuredAt > 600_000) {
      this.overhead = measureOverhead(this.reader.db) ?? this.overhead
      this.measuredAt = now
    }
    return { sources: sourceSizes(this.reader.db), overhead: this.overhead }
  }

  private overhead = 3
  private measuredAt = 0

  labels(): Record<string, string[]> {
    this.streams.refresh()
    return this.streams.labels()
  }
}
