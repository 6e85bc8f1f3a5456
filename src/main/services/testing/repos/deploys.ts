import type { Db } from '../../../db/open'

export interface DeployRow {
  id: number
  service_id: number
  version: string
  at: number
  link: string | null
  source: 'form' | 'api' | 'webhook'
  note: string
  /** 1: the deployment failed (nothing is verified). */
  failed: number
  created_at: number
}

export interface SuiteRow {
  id: number
  service_id: number
  health_checks: number
  smoke: string
  load_test_id: number | null
  runbook_url: string | null
  settle_s: number
  auto: number
  max_regression_pct: number
  created_at: number
  updated_at: number
}

export interface SuiteRunRow {
  id: number
  suite_id: number
  deploy_id: number | null
  purpose: 'baseline' | 'verification'
  job_id: string | null
  state: 'waiting' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
  due_at: number
  started_at: number | null
  ended_at: number | null
  verdict: 'pass' | 'fail' | null
  compared_with: number | null
  report: string | null
  error: string | null
}

export type SuiteWrite = Omit<SuiteRow, 'id' | 'created_at' | 'updated_at'>
const RUN_HEAD =
  'id, suite_id, deploy_id, purpose, job_id, state, due_at, started_at, ended_at, verdict, compared_with, NULL AS report, error'

/** Deploy markers, verification suites and their runs. */
export class DeployRepo {
  constructor(private db: Db) {}

  insertDeploy(d: Omit<DeployRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO testing_deploys (service_id, version, at, link, source, note, failed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(d.service_id, d.version, d.at, d.link, d.source, d.note, d.failed, d.created_at).lastInsertRowid
    )
  }

  deploy(id: number): DeployRow | undefined {
    return this.db.prepare('SELECT * FROM testing_deploys WHERE id = ?').get(id) as DeployRow | undefined
  }

  deleteDeploy(id: number): boolean {
    return this.db.prepare('DELETE FROM testing_deploys WHERE id = ?').run(id).changes > 0
  }

  /** Markers in [from, to], newest first, each with its latest verification run. */
  deploys(
    from: number,
    to: number,
    serviceId: number | null
  ): (DeployRow & { run_id: number | null; run_state: string | null; run_verdict: string | null })[] {
    return this.db
      .prepare(
        `SELECT d.*, r.id AS run_id, r.state AS run_state, r.verdict AS run_verdict
         FROM testing_deploys d
         LEFT JOIN testing_suite_runs r ON r.id = (SELECT id FROM testing_suite_runs WHERE deploy_id = d.id ORDER BY id DESC LIMIT 1)
         WHERE d.at BETWEEN ? AND ? AND (? IS NULL OR d.service_id = ?)
         ORDER BY d.at DESC LIMIT 2000`
      )
      .all(from, to, serviceId, serviceId) as never
  }

  suites(): SuiteRow[] {
    return this.db.prepare('SELECT * FROM testing_suites ORDER BY service_id').all() as SuiteRow[]
  }

  suite(id: number): SuiteRow | undefined {
    return this.db.prepare('SELECT * FROM testing_suites WHERE id = ?').get(id) as SuiteRow | undefined
  }

  suiteOf(serviceId: number): SuiteRow | undefined {
    return this.db.prepare('SELECT * FROM testing_suites WHERE service_id = ?').get(serviceId) as SuiteRow | undefined
  }

  /** Creates or replaces the suite of a service. */
  upsertSuite(s: SuiteWrite, at: number): number {
    const existing = this.suiteOf(s.service_id)
    if (existing) {
      this.db
        .prepare(
          'UPDATE testing_suites SET health_checks = ?, smoke = ?, load_test_id = ?, runbook_url = ?, settle_s = ?, auto = ?, max_regression_pct = ?, updated_at = ? WHERE id = ?'
        )
        .run(s.health_checks, s.smoke, s.load_test_id, s.runbook_url, s.settle_s, s.auto, s.max_regression_pct, at, existing.id)
      return existing.id
    }
    return Number(
      this.db
        .prepare(
          'INSERT INTO testing_suites (service_id, health_checks, smoke, load_test_id, runbook_url, settle_s, auto, max_regression_pct, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(s.service_id, s.health_checks, s.smoke, s.load_test_id, s.runbook_url, s.settle_s, s.auto, s.max_regression_pct, at, at)
        .lastInsertRowid
    )
  }

  deleteSuite(id: number): boolean {
    return this.db.prepare('DELETE FROM testing_suites WHERE id = ?').run(id).changes > 0
  }

  insertRun(r: Pick<SuiteRunRow, 'suite_id' | 'deploy_id' | 'purpose' | 'due_at'>): number {
    return Number(
      this.db
        .prepare("INSERT INTO testing_suite_runs (suite_id, deploy_id, purpose, state, due_at) VALUES (?, ?, ?, 'waiting', ?)")
        .run(r.suite_id, r.deploy_id, r.purpose, r.due_at).lastInsertRowid
    )
  }

  run(id: number): SuiteRunRow | undefined {
    return this.db.prepare('SELECT * FROM testing_suite_runs WHERE id = ?').get(id) as SuiteRunRow | undefined
  }

  runs(suiteId: number, limit: number): SuiteRunRow[] {
    return this.db
      .prepare(`SELECT ${RUN_HEAD} FROM testing_suite_runs WHERE suite_id = ? ORDER BY due_at DESC, id DESC LIMIT ?`)
      .all(suiteId, limit) as SuiteRunRow[]
  }

  lastRun(suiteId: number): SuiteRunRow | undefined {
    return this.db
      .prepare(`SELECT ${RUN_HEAD} FROM testing_suite_runs WHERE suite_id = ? ORDER BY due_at DESC, id DESC LIMIT 1`)
      .get(suiteId) as SuiteRunRow | undefined
  }

  /** The last finished run of a suite that started before `before` (what a verification compares with). */
  doneBefore(suiteId: number, before: number, exceptId: number): SuiteRunRow | undefined {
    return this.db
      .prepare(
        "SELECT * FROM testing_suite_runs WHERE suite_id = ? AND state = 'done' AND started_at < ? AND id != ? ORDER BY started_at DESC, id DESC LIMIT 1"
      )
      .get(suiteId, before, exceptId) as SuiteRunRow | undefined
  }

  waitingDue(now: number): SuiteRunRow[] {
    return this.db
      .prepare("SELECT * FROM testing_suite_runs WHERE state = 'waiting' AND due_at <= ? ORDER BY due_at")
      .all(now) as SuiteRunRow[]
  }

  nextWaiting(): number | null {
    return (this.db.prepare("SELECT MIN(due_at) AS t FROM testing_suite_runs WHERE state = 'waiting'").get() as { t: number | null }).t
  }

  /** Takes a waiting run for one job; false when another already took it. */
  claim(id: number): boolean {
    return this.db.prepare("UPDATE testing_suite_runs SET state = 'running' WHERE id = ? AND state = 'waiting'").run(id).changes > 0
  }

  setJob(id: number, jobId: string): void {
    this.db.prepare('UPDATE testing_suite_runs SET job_id = ? WHERE id = ?').run(jobId, id)
  }

  setStarted(id: number, at: number): void {
    this.db.prepare('UPDATE testing_suite_runs SET started_at = ? WHERE id = ?').run(at, id)
  }

  finishRun(id: number, r: Pick<SuiteRunRow, 'state' | 'verdict' | 'compared_with' | 'report' | 'error' | 'ended_at'>): void {
    this.db
      .prepare('UPDATE testing_suite_runs SET state = ?, verdict = ?, compared_with = ?, report = ?, error = ?, ended_at = ? WHERE id = ?')
      .run(r.state, r.verdict, r.compared_with, r.report, r.error, r.ended_at, id)
  }
}
