import type { Db } from '../../../db/open'

export interface ScanTargetRow {
  id: number
  name: string
  service_id: number | null
  url: string
  schedule: string | null
  time_zone: string
  next_run_at: number | null
  options: string
  created_at: number
  updated_at: number
}

export interface ScanRow {
  id: number
  target_id: number
  job_id: string | null
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
  started_at: number
  ended_at: number | null
  grade: string | null
  score: number | null
  requests: number
  report: string | null
  new_high: number
  error: string | null
}

export type TargetWrite = Pick<ScanTargetRow, 'name' | 'service_id' | 'url' | 'schedule' | 'time_zone' | 'next_run_at' | 'options'>

/** Scan targets and their scans. */
export class ScanRepo {
  constructor(private db: Db) {}

  targets(): (ScanTargetRow & {
    last_id: number | null
    last_grade: string | null
    last_at: number | null
    last_state: string | null
    last_report: string | null
  })[] {
    return this.db
      .prepare(
        `SELECT t.*, s.id AS last_id, s.grade AS last_grade, s.started_at AS last_at, s.state AS last_state, s.report AS last_report
         FROM testing_scan_targets t
         LEFT JOIN testing_scans s ON s.id = (SELECT id FROM testing_scans WHERE target_id = t.id ORDER BY started_at DESC, id DESC LIMIT 1)
         ORDER BY t.name`
      )
      .all() as never
  }

  target(id: number): ScanTargetRow | undefined {
    return this.db.prepare('SELECT * FROM testing_scan_targets WHERE id = ?').get(id) as ScanTargetRow | undefined
  }

  targetByName(name: string): ScanTargetRow | undefined {
    return this.db.prepare('SELECT * FROM testing_scan_targets WHERE name = ?').get(name) as ScanTargetRow | undefined
  }

  insertTarget(t: TargetWrite, at: number): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO testing_scan_targets (name, service_id, url, schedule, time_zone, next_run_at, options, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(t.name, t.service_id, t.url, t.schedule, t.time_zone, t.next_run_at, t.options, at, at).lastInsertRowid
    )
  }

  updateTarget(id: number, t: TargetWrite, at: number): void {
    this.db
      .prepare(
        'UPDATE testing_scan_targets SET name = ?, service_id = ?, url = ?, schedule = ?, time_zone = ?, next_run_at = ?, options = ?, updated_at = ? WHERE id = ?'
      )
      .run(t.name, t.service_id, t.url, t.schedule, t.time_zone, t.next_run_at, t.options, at, id)
  }

  setNextRun(id: number, next: number | null): void {
    this.db.prepare('UPDATE testing_scan_targets SET next_run_at = ? WHERE id = ?').run(next, id)
  }

  deleteTarget(id: number): boolean {
    return this.db.prepare('DELETE FROM testing_scan_targets WHERE id = ?').run(id).changes > 0
  }

  due(now: number): ScanTargetRow[] {
    return this.db
      .prepare('SELECT * FROM testing_scan_targets WHERE next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at')
      .all(now) as ScanTargetRow[]
  }

  nextDue(): number | null {
    return (this.db.prepare('SELECT MIN(next_run_at) AS t FROM testing_scan_targets').get() as { t: number | null }).t
  }

  scans(targetId: number, limit: number): Omit<ScanRow, 'report'>[] {
    return this.db
      .prepare(
        'SELECT id, target_id, job_id, state, started_at, ended_at, grade, score, requests, new_high, error FROM testing_scans WHERE target_id = ? ORDER BY started_at DESC, id DESC LIMIT ?'
      )
      .all(targetId, limit) as Omit<ScanRow, 'report'>[]
  }

  scan(id: number): ScanRow | undefined {
    return this.db.prepare('SELECT * FROM testing_scans WHERE id = ?').get(id) as ScanRow | undefined
  }

  /** The last finished scan of a target before `id`. */
  previousDone(targetId: number, id: number): ScanRow | undefined {
    return this.db
      .prepare("SELECT * FROM testing_scans WHERE target_id = ? AND id < ? AND state = 'done' ORDER BY id DESC LIMIT 1")
      .get(targetId, id) as ScanRow | undefined
  }

  insertScan(targetId: number, at: number): number {
    return Number(
      this.db.prepare("INSERT INTO testing_scans (target_id, state, started_at) VALUES (?, 'running', ?)").run(targetId, at).lastInsertRowid
    )
  }

  setScanJob(id: number, jobId: string): void {
    this.db.prepare('UPDATE testing_scans SET job_id = ? WHERE id = ?').run(jobId, id)
  }

  finishScan(id: number, s: Pick<ScanRow, 'state' | 'grade' | 'score' | 'requests' | 'report' | 'new_high' | 'error' | 'ended_at'>): void {
    this.db
      .prepare(
        'UPDATE testing_scans SET state = ?, grade = ?, score = ?, requests = ?, report = ?, new_high = ?, error = ?, ended_at = ? WHERE id = ?'
      )
      .run(s.state, s.grade, s.score, s.requests, s.report, s.new_high, s.error, s.ended_at, id)
  }
}
