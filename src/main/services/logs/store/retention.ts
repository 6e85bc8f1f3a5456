/**
 * Retention per source: lines older than the source's days, then the oldest lines while its estimated size is over
 * its cap, deleted in small batches (each its own short transaction, with both full-text indexes and the per-minute
 * counts) so the writer and the pollers never wait long. Deleted sources lose their lines the same way, then their row.
 */
import type { Db } from '../../../db/open'
import { statementCache } from '../../../db/open'

export const DELETE_BATCH = 2000

export interface SourceSize {
  sourceId: number
  lines: number
  rawBytes: number
  oldest: number | null
  newest: number | null
}

/** Lines, raw bytes and time span per source, from the per-minute counts. */
export function sourceSizes(db: Db): SourceSize[] {
  return (
    db
      .prepare(
        `SELECT s.source_id AS sourceId, SUM(c.lines) AS lines, SUM(c.bytes) AS rawBytes, MIN(c.minute) AS oldest, MAX(c.minute) AS newest
         FROM logs_counts c JOIN logs_streams s ON s.id = c.stream_id GROUP BY s.source_id`
      )
      .all() as SourceSize[]
  ).map((r) => ({ ...r, oldest: r.oldest === null ? null : (r.oldest - 1) * 60_000, newest: r.newest === null ? null : r.newest * 60_000 }))
}

/** Bytes on disk per byte of raw line text over the log tables and their indexes; null when too little to tell. */
export function measureOverhead(db: Db): number | null {
  const raw = (db.prepare('SELECT COALESCE(SUM(bytes), 0) AS b FROM logs_counts').get() as { b: number }).b
  if (raw < 1_000_000) return null
  try {
    const r = db
      .prepare(
        `SELECT SUM(pgsize) AS b FROM dbstat WHERE aggregate = TRUE AND (name LIKE 'logs\\_lines%' ESCAPE '\\' OR name LIKE 'logs\\_fts%' ESCAPE '\\'
           OR name LIKE 'logs\\_tri%' ESCAPE '\\' OR name LIKE 'logs\\_counts%' ESCAPE '\\' OR name = 'sqlite_autoindex_logs_counts_1'
           OR name = 'logs_hour_counts')`
      )
      .get() as { b: number | null }
    return r.b ? r.b / raw : null
  } catch {
    return null // dbstat not compiled in
  }
}

export interface RetentionReport {
  deletedLines: number
  /** Deleted sources whose last lines are gone and whose row was removed. */
  removed: number[]
}

interface SourceRow {
  id: number
  retention_days: number
  max_bytes: number | null
  deleting: number
}

export class Retention {
  private sql: ReturnType<typeof statementCache>
  /** Bytes on disk per byte of raw line text (tables and indexes together), measured now and then. */
  overhead = 3

  constructor(private db: Db) {
    this.sql = statementCache(db)
  }

  /** Lines, raw bytes and time span per source, from the per-minute counts. */
  sizes(): SourceSize[] {
    return sourceSizes(this.db)
  }

  /** Measures bytes on disk per raw byte over the log tables (now and then: dbstat reads their pages). */
  measureOverhead(): number {
    this.overhead = measureOverhead(this.db) ?? this.overhead
    return this.overhead
  }

  /** Deletes one batch of lines of the given streams at or before `beforeTs`; returns how many. */
  deleteBatch(streams: number[], beforeTs: number, limit = DELETE_BATCH): number {
    if (streams.length === 0) return 0
    return this.db
      .transaction(() => {
        const marks = streams.map(() => '?').join(',')
        const rows = this.db
          .prepare(
            `SELECT id, stream_id, ts, length(CAST(line AS BLOB)) AS bytes FROM logs_lines WHERE stream_id IN (${marks}) AND ts <= ? LIMIT ?`
          )
          .all(...streams, beforeTs, limit) as { id: number; stream_id: number; ts: number; bytes: number }[]
        if (rows.length === 0) return 0
        const delFts = this.sql('DELETE FROM logs_fts WHERE rowid = ?')
        const delTri = this.sql('DELETE FROM logs_tri WHERE rowid = ?')
        const delLine = this.sql('DELETE FROM logs_lines WHERE id = ?')
        const counts = new Map<string, { s: number; m: number; n: number; b: number }>()
        for (const r of rows) {
          delFts.run(r.id)
          delTri.run(r.id)
          delLine.run(r.id)
          const m = Math.ceil(r.ts / 60_000)
          const k = `${r.stream_id}|${m}`
          const c = counts.get(k)
          if (c) {
            c.n++
            c.b += r.bytes
          } else counts.set(k, { s: r.stream_id, m, n: 1, b: r.bytes })
        }
        const dec = this.sql('UPDATE logs_counts SET lines = lines - ?, bytes = bytes - ? WHERE stream_id = ? AND minute = ?')
        for (const c of counts.values()) dec.run(c.n, c.b, c.s, c.m)
        this.sql('DELETE FROM logs_counts WHERE lines <= 0').run()
        return rows.length
      })
      .immediate()
  }

  private streamsOf(sourceId: number): number[] {
    return (this.sql('SELECT id FROM logs_streams WHERE source_id = ?').all(sourceId) as { id: number }[]).map((r) => r.id)
  }

  /** The newest minute boundary up to which the oldest lines must go to bring a source under `targetRaw` raw bytes. */
  private capCutoff(streams: number[], targetRaw: number): number | null {
    const marks = streams.map(() => '?').join(',')
    const rows = this.db
      .prepare(`SELECT minute, SUM(bytes) AS b FROM logs_counts WHERE stream_id IN (${marks}) GROUP BY minute ORDER BY minute DESC`)
      .all(...streams) as { minute: number; b: number }[]
    let kept = 0
    for (const r of rows) {
      kept += r.b
      if (kept > targetRaw) return r.minute * 60_000
    }
    return null
  }

  /**
   * One pass over every source; yields between batches (`pause`) and stops after `budget` batches so the writer keeps
   * its turn. Returns what it deleted; call again while it deletes.
   */
  async run(now: number, pause: () => Promise<void>, budget = 50): Promise<RetentionReport> {
    const report: RetentionReport = { deletedLines: 0, removed: [] }
    const sources = this.sql('SELECT id, retention_days, max_bytes, deleting FROM logs_sources').all() as SourceRow[]
    const sizes = new Map(this.sizes().map((s) => [s.sourceId, s]))
    let batches = 0
    const drain = async (streams: number[], before: number): Promise<boolean> => {
      while (batches < budget) {
        const n = this.deleteBatch(streams, before)
        batches++
        report.deletedLines += n
        if (n < DELETE_BATCH) return true
        await pause()
      }
      return false
    }
    for (const s of sources) {
      const streams = this.streamsOf(s.id)
      if (s.deleting) {
        if (!(await drain(streams, Number.MAX_SAFE_INTEGER))) return report
        this.db.transaction(() => {
          this.sql('DELETE FROM logs_counts WHERE stream_id IN (SELECT id FROM logs_streams WHERE source_id = ?)').run(s.id)
          this.sql('DELETE FROM logs_sources WHERE id = ?').run(s.id)
        })()
        report.removed.push(s.id)
        continue
      }
      if (!(await drain(streams, now - s.retention_days * 86_400_000))) return report
      const size = sizes.get(s.id)
      if (s.max_bytes !== null && size && size.rawBytes * this.overhead > s.max_bytes) {
        const cutoff = this.capCutoff(streams, s.max_bytes / this.overhead)
        if (cutoff !== null && !(await drain(streams, cutoff))) return report
      }
    }
    return report
  }
}
