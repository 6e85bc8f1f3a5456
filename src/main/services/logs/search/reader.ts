/** The read side's SQL: ordered scans of streams, lines by id, id bounds of a time range, index estimates, minute counts. */
import type { Db } from '../../../db/open'
import { statementCache } from '../../../db/open'
import { Heap } from './heap'
import { HourCounts } from './hourCounts'
import type { Row } from './types'

const CHUNK = 512
/** How many lines term estimates look at, in how many windows. */
export const SAMPLE_IDS = 50_000
const SHARE_WINDOWS = 5
/** FTS5 applies a rowid range only to INTEGER values: bind ids as BigInt (a JS number is bound as a REAL). */
export const rowid = (n: number): bigint => BigInt(Math.trunc(n))

export const minuteKey = (ts: number): number => Math.ceil(ts / 60_000)

export class LogReader {
  private sql: ReturnType<typeof statementCache>

  constructor(readonly db: Db) {
    this.sql = statementCache(db)
  }

  /**
   * Lines of the given streams with from ≤ ts ≤ to, merged across streams newest first (ts, then id, descending) or
   * oldest first. `after` continues past a previous row (exclusive).
   */
  *scan(streams: number[], from: number, to: number, dir: 'desc' | 'asc', after?: { ts: number; id: number }): Generator<Row> {
    const desc = dir === 'desc'
    const stmt = desc
      ? this.sql(
          `SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE stream_id = ? AND ts >= ? AND (ts < ? OR (ts = ? AND id < ?))
           ORDER BY ts DESC, id DESC LIMIT ${CHUNK}`
        )
      : this.sql(
          `SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE stream_id = ? AND ts <= ? AND (ts > ? OR (ts = ? AND id > ?))
           ORDER BY ts, id LIMIT ${CHUNK}`
        )
    const start = after ?? (desc ? { ts: to, id: Number.MAX_SAFE_INTEGER } : { ts: from, id: -1 })
    interface Head {
      rows: Row[]
      i: number
      stream: number
    }
    const fetch = (stream: number, pos: { ts: number; id: number }): Row[] =>
      (desc ? stmt.all(stream, from, pos.ts, pos.ts, pos.id) : stmt.all(stream, to, pos.ts, pos.ts, pos.id)) as Row[]
    const before = (a: Head, b: Head): boolean => {
      const x = a.rows[a.i]!
      const y = b.rows[b.i]!
      return desc ? x.ts > y.ts || (x.ts === y.ts && x.id > y.id) : x.ts < y.ts || (x.ts === y.ts && x.id < y.id)
    }
    const heap = new Heap<Head>(before)
    for (const s of streams) {
      const rows = fetch(s, start)
      if (rows.length) heap.push({ rows, i: 0, stream: s })
    }
    for (let h = heap.pop(); h; h = heap.pop()) {
      const row = h.rows[h.i]!
      yield row
      h.i++
      if (h.i >= h.rows.length) {
        if (h.rows.length < CHUNK) continue
        h.rows = fetch(h.stream, row)
        h.i = 0
        if (h.rows.length === 0) continue
      }
      heap.push(h)
    }
  }

  /** Lines by id (any order). */
  byIds(ids: number[]): Row[] {
    const out: Row[] = []
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500)
      out.push(
        ...(this.db
          .prepare(`SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE id IN (${part.map(() => '?').join(',')})`)
          .all(...part) as Row[])
      )
    }
    return out
  }

  /** The smallest id range holding every line stamped in [from, to] (empty range: null). */
  idBounds(from: number, to: number): { min: number; max: number } | null {
    const r = this.sql('SELECT MIN(min_id) AS min, MAX(max_id) AS max FROM logs_minute_ids WHERE minute BETWEEN ? AND ?').get(
      minuteKey(from),
      minuteKey(to)
    ) as { min: number | null; max: number | null }
    return r.min === null || r.max === null ? null : { min: r.min, max: r.max }
  }

  /**
   * The share of lines holding an index term (a trigram or a word) in an id range (default: all lines), from
   * SHARE_WINDOWS windows spread evenly over it, SAMPLE_IDS ids in all: a cheap estimate of how common it is there
   * (counting a common term over the whole index would read its whole list; the newest lines alone can be a burst
   * of one kind of line).
   */
  termShare(table: 'logs_fts' | 'logs_tri', term: string, range?: { min: number; max: number }): number {
    const lo = Math.max(1, range?.min ?? 1)
    const hi = range?.max ?? this.maxId()
    if (hi < lo) return 0
    const count = (a: number, b: number): number =>
      this.sql(`SELECT COUNT(*) FROM ${table} WHERE ${table} MATCH ? AND rowid BETWEEN ? AND ?`)
        .pluck()
        .get(`"${term.replace(/"/g, '""')}"`, BigInt(a), BigInt(b)) as number
    const span = hi - lo + 1
    if (span <= SAMPLE_IDS) return count(lo, hi) / span
    const w = Math.floor(SAMPLE_IDS / SHARE_WINDOWS)
    let n = 0
    for (let i = 0; i < SHARE_WINDOWS; i++) {
      const a = lo + Math.floor(((span - w) * i) / (SHARE_WINDOWS - 1))
      n += count(a, a + w - 1)
    }
    return n / (w * SHARE_WINDOWS)
  }

  /** Per-minute counts of streams (from the hourly rows: 25 per stream per day; see hourCounts.ts). */
  get counts(): HourCounts {
    return (this.hours ??= new HourCounts(this.db))
  }
  private hours: HourCounts | undefined

  /** A stream's lines per block of g minutes from minute key kFrom to kTo (block j: kFrom + j·g …). */
  blockSeries(stream: number, kFrom: number, kTo: number, g: number): Float64Array {
    return this.counts.blockSeries(stream, kFrom, kTo, g)
  }

  /** Lines of streams per bucket of `mpb` minutes from minute key k0 (n buckets). */
  bucketCounts(streams: number[], k0: number, mpb: number, n: number): { stream_id: number; bucket: number; lines: number }[] {
    return this.counts.bucketCounts(streams, k0, mpb, n)
  }

  /** Lines of streams in minutes kFrom..kTo. */
  linesIn(streams: number[], kFrom: number, kTo: number): number {
    return this.counts.linesIn(streams, kFrom, kTo)
  }

  /** Lines with ids lo..hi, of the given streams only (`streamsIn`: " AND +stream_id IN (…)", the + keeps SQLite on the id range). */
  idRange(lo: number, hi: number, streamsIn = ''): Row[] {
    return this.sql(`SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE id BETWEEN ? AND ?${streamsIn}`).all(lo, hi) as Row[]
  }

  /** Lines of streams in [from, to] by index count (no stages). */
  countLines(streams: number[], from: number, to: number, leftOpen = false): number {
    const stmt = this.sql(`SELECT COUNT(*) AS n FROM logs_lines WHERE stream_id = ? AND ts ${leftOpen ? '>' : '>='} ? AND ts <= ?`)
    let n = 0
    for (const s of streams) n += (stmt.get(s, from, to) as { n: number }).n
    return n
  }

  maxId(): number {
    return (this.sql('SELECT COALESCE(MAX(id), 0) AS m FROM logs_lines').get() as { m: number }).m
  }

  /** Lines after an id, oldest first (live tail). */
  after(id: number, limit: number): Row[] {
    return this.sql('SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE id > ? ORDER BY id LIMIT ?').all(id, limit) as Row[]
  }

  /** Neighbours of a line in its stream: `before` older and `after` newer ones. */
  around(row: Row, before: number, after: number): { older: Row[]; newer: Row[] } {
    const older = this.sql(
      'SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE stream_id = ? AND (ts < ? OR (ts = ? AND id < ?)) ORDER BY ts DESC, id DESC LIMIT ?'
    ).all(row.stream_id, row.ts, row.ts, row.id, before) as Row[]
    const newer = this.sql(
      'SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE stream_id = ? AND (ts > ? OR (ts = ? AND id > ?)) ORDER BY ts, id LIMIT ?'
    ).all(row.stream_id, row.ts, row.ts, row.id, after) as Row[]
    return { older: older.reverse(), newer }
  }

  line(id: number): Row | undefined {
    return this.sql('SELECT id, ts, stream_id, line, attrs FROM logs_lines WHERE id = ?').get(id) as Row | undefined
  }
}
