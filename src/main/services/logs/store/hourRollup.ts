/**
 * How the writer keeps `logs_hour_counts` (migration 0045: per stream and hour, its 60 per-minute line counts) equal
 * to `logs_counts` without rewriting an hour row at every commit (that cost about a sixth of its CPU with a hundred
 * streams): a commit that changes a stream's minute marks the stream and hour in `logs_hour_dirty` (once per stream
 * and hour between rebuilds), and every few seconds the marked hour rows are rebuilt from `logs_counts` and the
 * marks removed. Readers take a marked hour's minutes from `logs_counts` (search/hourCounts.ts), so every read is
 * exact. Retention's decrements and deletes reach the hour rows through the migration's triggers.
 */
import type { statementCache } from '../../../db/open'
import { hourOf } from '../search/hourCounts'

/** Marked hours are rebuilt at the first commit this long after the last rebuild. */
export const REBUILD_EVERY_MS = 5000
/** At most this many marked hours are rebuilt in one transaction (the rest at the next commits), to keep it short. */
export const REBUILD_MAX = 500

export class HourRollup {
  /** Marked in this connection's view (committed or in the open transaction). */
  private marked = new Set<string>()
  private rebuiltAt = 0

  constructor(private sql: ReturnType<typeof statementCache>) {}

  /** A stream's minute changed (inside the transaction that changed it). */
  touch(stream: number, minute: number): void {
    const { hour } = hourOf(minute)
    const key = `${stream}|${hour}`
    if (this.marked.has(key)) return
    this.sql('INSERT OR IGNORE INTO logs_hour_dirty (stream_id, hour) VALUES (?, ?)').run(stream, hour)
    this.marked.add(key)
  }

  /** Rebuilds the marked hours if due (inside a transaction, before it commits). */
  maybeRebuild(now = performance.now()): void {
    if (now - this.rebuiltAt >= REBUILD_EVERY_MS) this.rebuild(now)
  }

  /** Rebuilds marked hour rows (at most `max`) from the per-minute counts and removes their marks; false if some remain. */
  rebuild(now = performance.now(), max = REBUILD_MAX): boolean {
    const marks = this.sql('SELECT stream_id, hour FROM logs_hour_dirty LIMIT ?')
      .raw()
      .all(max + 1) as [number, number][]
    const more = marks.length > max
    if (more) marks.pop()
    // with marks left over, the next commit goes on
    else this.rebuiltAt = now
    if (marks.length === 0) return true
    const minutes = this.sql('SELECT minute, lines FROM logs_counts WHERE stream_id = ? AND minute BETWEEN ? AND ?').raw()
    const put = this.sql(
      'INSERT INTO logs_hour_counts (stream_id, hour, minutes) VALUES (?, ?, ?) ON CONFLICT (stream_id, hour) DO UPDATE SET minutes = excluded.minutes'
    )
    const drop = this.sql('DELETE FROM logs_hour_counts WHERE stream_id = ? AND hour = ?')
    const unmark = this.sql('DELETE FROM logs_hour_dirty WHERE stream_id = ? AND hour = ?')
    for (const [stream, hour] of marks) {
      unmark.run(stream, hour)
      this.marked.delete(`${stream}|${hour}`)
      const first = (hour - 1) * 60 + 1
      const rows = minutes.all(stream, first, first + 59) as [number, number][]
      if (rows.length === 0) {
        drop.run(stream, hour)
        continue
      }
      const counts = new Array<number>(60).fill(0)
      for (const [k, n] of rows) counts[k - first] = n
      put.run(stream, hour, JSON.stringify(counts))
    }
    return !more
  }

  /** The transaction rolled back: its marks are gone (they are made again as needed). */
  forget(): void {
    this.marked.clear()
  }
}
