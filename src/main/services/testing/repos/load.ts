import type { Db } from '../../../db/open'

export interface LoadTestRow {
  id: number
  name: string
  service_id: number | null
  plan: string
  baseline_run_id: number | null
  created_at: number
  updated_at: number
}

export interface LoadRunRow {
  id: number
  test_id: number
  job_id: string | null
  purpose: 'manual' | 'verification'
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
  started_at: number
  ended_at: number | null
  verdict: 'pass' | 'fail' | null
  report: string | null
  health: string | null
  error: string | null
}

/** Load tests and their runs. */
export class LoadRepo {
  constructor(private db: Db) {}

  tests(): (LoadTestRow & {
    last_run_id: number | null
    last_verdict: string | null
    last_at: number | null
    last_state: string | null
  })[] {
    return this.db
      .prepare(
        `SELECT t.*, r.id AS last_run_id, r.verdict AS last_verdict, r.started_at AS last_at, r.state AS last_state
         FROM testing_load_tests t
         LEFT JOIN testing_load_runs r ON r.id = (SELECT id FROM testing_load_runs WHERE test_id = t.id ORDER BY started_at DESC, id DESC LIMIT 1)
         ORDER BY t.name`
      )
      .all() as never
  }

  test(id: number): LoadTestRow | undefined {
    return this.db.prepare('SELECT * FROM testing_load_tests WHERE id = ?').get(id) as LoadTestRow | undefined
  }

  testByName(name: string): LoadTestRow | undefined {
    return this.db.prepare('SELECT * FROM testing_load_tests WHERE name = ?').get(name) as LoadTestRow | undefined
  }

  insertTest(name: string, serviceId: number | null, plan: string, at: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO testing_load_tests (name, service_id, plan, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(name, serviceId, plan, at, at).lastInsertRowid
    )
  }

  updateTest(id: number, name: string, serviceId: number | null, plan: string, at: number): void {
    this.db
      .prepare('UPDATE testing_load_tests SET name = ?, service_id = ?, plan = ?, updated_at = ? WHERE id = ?')
      .run(name, serviceId, plan, at, id)
  }

  deleteTest(id: number): boolean {
    return this.db.prepare('DELETE FROM testing_load_tests WHERE id = ?').run(id).changes > 0
  }

  setBaseline(testId: number, runId: number | null): void {
    this.db.prepare('UPDATE testing_load_tests SET baseline_run_id = ? WHERE id = ?').run(runId, testId)
  }

  runs(testId: number, limit: number): LoadRunRow[] {
    return this.db
      .prepare(
        'SELECT id, test_id, job_id, purpose, state, started_at, ended_at, verdict, NULL AS report, NULL AS health, error FROM testing_load_runs WHERE test_id = ? ORDER BY started_at DESC, id DESC LIMIT ?'
      )
      .all(testId, limit) as LoadRunRow[]
  }

  run(id: number): LoadRunRow | undefined {
    return this.db.prepare('SELECT * FROM testing_load_runs WHERE id = ?').get(id) as LoadRunRow | undefined
  }

  insertRun(testId: number, purpose: LoadRunRow['purpose'], at: number): number {
    return Number(
      this.db
        .prepare("INSERT INTO testing_load_runs (test_id, purpose, state, started_at) VALUES (?, ?, 'running', ?)")
        .run(testId, purpose, at).lastInsertRowid
    )
  }

  setRunJob(id: number, jobId: string): void {
    this.db.prepare('UPDATE testing_load_runs SET job_id = ? WHERE id = ?').run(jobId, id)
  }

  finishRun(id: number, end: Pick<LoadRunRow, 'state' | 'verdict' | 'report' | 'health' | 'error' | 'ended_at'>): void {
    this.db
      .prepare('UPDATE testing_load_runs SET state = ?, verdict = ?, report = ?, health = ?, error = ?, ended_at = ? WHERE id = ?')
      .run(end.state, end.verdict, end.report, end.health, end.error, end.ended_at, id)
  }
}
