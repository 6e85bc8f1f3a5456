import type { Db } from '../../../db/open'

export interface DrillRow {
  id: number
  job_id: string | null
  trigger: 'manual' | 'schedule'
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
  started_at: number
  ended_at: number | null
  ok: number | null
  backup_ms: number | null
  restore_ms: number | null
  verify_ms: number | null
  size_bytes: number | null
  tables: string | null
  error: string | null
}

/** Recovery drill results. */
export class DrillRepo {
  constructor(private db: Db) {}

  list(limit: number): DrillRow[] {
    return this.db.prepare('SELECT * FROM testing_drills ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as DrillRow[]
  }

  get(id: number): DrillRow | undefined {
    return this.db.prepare('SELECT * FROM testing_drills WHERE id = ?').get(id) as DrillRow | undefined
  }

  insert(trigger: DrillRow['trigger'], at: number): number {
    return Number(
      this.db.prepare("INSERT INTO testing_drills (trigger, state, started_at) VALUES (?, 'running', ?)").run(trigger, at).lastInsertRowid
    )
  }

  setJob(id: number, jobId: string): void {
    this.db.prepare('UPDATE testing_drills SET job_id = ? WHERE id = ?').run(jobId, id)
  }

  finish(id: number, r: Omit<DrillRow, 'id' | 'job_id' | 'trigger' | 'started_at'>): void {
    this.db
      .prepare(
        'UPDATE testing_drills SET state = ?, ended_at = ?, ok = ?, backup_ms = ?, restore_ms = ?, verify_ms = ?, size_bytes = ?, tables = ?, error = ? WHERE id = ?'
      )
      .run(r.state, r.ended_at, r.ok, r.backup_ms, r.restore_ms, r.verify_ms, r.size_bytes, r.tables, r.error, id)
  }

  /** Keeps the newest `keep` results. */
  prune(keep: number): void {
    this.db
      .prepare('DELETE FROM testing_drills WHERE id IN (SELECT id FROM testing_drills ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET ?)')
      .run(keep)
  }
}
