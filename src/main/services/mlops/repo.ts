/** The mlops area's SQL: job definitions, triggers, runs, sweeps, targets and deployments. */
import type { Db } from '../../db/open'

export interface JobRow {
  id: number
  name: string
  spec: string
  secrets: Buffer | null
  created_at: number
  updated_at: number
}
export interface TriggerRow {
  id: number
  job_id: number
  kind: 'cron' | 'drift' | 'file' | 'job'
  config: string
  enabled: number
  last_fired_at: number | null
  watch_state: string | null
}
export interface RunRow {
  id: number
  job_id: number
  job_uuid: string | null
  state: string
  trigger: string
  reason: string
  params: string
  attempt: number
  exit_code: number | null
  created_at: number
  started_at: number | null
  ended_at: number | null
  cpu_ms: number | null
  max_rss_bytes: number | null
  samples: string
  log_path: string | null
  log_bytes: number
  output_dir: string | null
  code_version: string | null
  data_path: string | null
  version_id: number | null
  version_label: string | null
  parent_version_id: number | null
  sweep_id: number | null
  metrics: string | null
  gate: string | null
  error: string | null
  job_name: string
}
export interface SweepRow {
  id: number
  job_id: number
  mode: 'grid' | 'random'
  space: string
  parallelism: number
  created_at: number
}
export interface TargetRow {
  id: number
  name: string
  model_name: string
  follow: string
  kind: 'endpoint' | 'folder'
  config: string
  secret: Buffer | null
  deployed_version_id: number | null
  deployed_label: string | null
}
export interface DeploymentRow {
  id: number
  target_id: number
  target_name: string
  action: 'push' | 'verify' | 'rollback'
  version_id: number
  version_label: string
  previous_version_id: number | null
  ok: number
  detail: string
  at: number
}

const RUN_SELECT = 'SELECT r.*, j.name AS job_name FROM mlops_runs r JOIN mlops_jobs j ON j.id = r.job_id'

export class MlopsRepo {
  constructor(readonly db: Db) {}

  jobs(): JobRow[] {
    return this.db.prepare('SELECT * FROM mlops_jobs ORDER BY name').all() as JobRow[]
  }
  job(id: number): JobRow | undefined {
    return this.db.prepare('SELECT * FROM mlops_jobs WHERE id = ?').get(id) as JobRow | undefined
  }
  jobByName(name: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM mlops_jobs WHERE name = ?').get(name) as JobRow | undefined
  }
  insertJob(name: string, spec: string, secrets: Buffer | null, now: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO mlops_jobs (name, spec, secrets, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(name, spec, secrets, now, now).lastInsertRowid
    )
  }
  updateJob(id: number, name: string, spec: string, secrets: Buffer | null, now: number): void {
    this.db.prepare('UPDATE mlops_jobs SET name = ?, spec = ?, secrets = ?, updated_at = ? WHERE id = ?').run(name, spec, secrets, now, id)
  }
  deleteJob(id: number): boolean {
    return this.db.prepare('DELETE FROM mlops_jobs WHERE id = ?').run(id).changes > 0
  }

  triggers(jobId?: number): TriggerRow[] {
    return (
      jobId
        ? this.db.prepare('SELECT * FROM mlops_triggers WHERE job_id = ? ORDER BY id').all(jobId)
        : this.db.prepare('SELECT * FROM mlops_triggers ORDER BY id').all()
    ) as TriggerRow[]
  }
  trigger(id: number): TriggerRow | undefined {
    return this.db.prepare('SELECT * FROM mlops_triggers WHERE id = ?').get(id) as TriggerRow | undefined
  }
  saveTrigger(t: { id?: number | undefined; jobId: number; kind: string; config: string; enabled: boolean }): number {
    if (t.id) {
      this.db
        .prepare('UPDATE mlops_triggers SET job_id = ?, kind = ?, config = ?, enabled = ?, watch_state = NULL WHERE id = ?')
        .run(t.jobId, t.kind, t.config, t.enabled ? 1 : 0, t.id)
      return t.id
    }
    return Number(
      this.db
        .prepare('INSERT INTO mlops_triggers (job_id, kind, config, enabled) VALUES (?, ?, ?, ?)')
        .run(t.jobId, t.kind, t.config, t.enabled ? 1 : 0).lastInsertRowid
    )
  }
  deleteTrigger(id: number): boolean {
    return this.db.prepare('DELETE FROM mlops_triggers WHERE id = ?').run(id).changes > 0
  }
  fired(id: number, at: number): void {
    this.db.prepare('UPDATE mlops_triggers SET last_fired_at = ? WHERE id = ?').run(at, id)
  }
  setWatchState(id: number, state: string): void {
    this.db.prepare('UPDATE mlops_triggers SET watch_state = ? WHERE id = ?').run(state, id)
  }

  insertRun(r: {
    jobId: number
    trigger: string
    reason: string
    params: string
    now: number
    parentVersionId: number | null
    sweepId: number | null
    dataPath: string | null
  }): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO mlops_runs (job_id, state, trigger, reason, params, created_at, parent_version_id, sweep_id, data_path) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?)"
        )
        .run(r.jobId, r.trigger, r.reason, r.params, r.now, r.parentVersionId, r.sweepId, r.dataPath).lastInsertRowid
    )
  }
  updateRun(id: number, fields: Partial<Omit<RunRow, 'id' | 'job_name'>>): void {
    const keys = Object.keys(fields)
    if (!keys.length) return
    this.db.prepare(`UPDATE mlops_runs SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...fields, id })
  }
  run(id: number): RunRow | undefined {
    return this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined
  }
  runs(jobId: number | undefined, limit: number): RunRow[] {
    return (
      jobId
        ? this.db.prepare(`${RUN_SELECT} WHERE r.job_id = ? ORDER BY r.id DESC LIMIT ?`).all(jobId, limit)
        : this.db.prepare(`${RUN_SELECT} ORDER BY r.id DESC LIMIT ?`).all(limit)
    ) as RunRow[]
  }
  runsOfSweep(sweepId: number): RunRow[] {
    return this.db.prepare(`${RUN_SELECT} WHERE r.sweep_id = ? ORDER BY r.id`).all(sweepId) as RunRow[]
  }
  runsByVersion(ids: number[]): RunRow[] {
    if (!ids.length) return []
    return this.db.prepare(`${RUN_SELECT} WHERE r.version_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as RunRow[]
  }
  lastRun(jobId: number): RunRow | undefined {
    return this.db.prepare(`${RUN_SELECT} WHERE r.job_id = ? ORDER BY r.id DESC LIMIT 1`).get(jobId) as RunRow | undefined
  }
  /** Runs a stopped console left queued or running. */
  interruptLeftovers(now: number): number {
    return this.db
      .prepare(
        "UPDATE mlops_runs SET state = 'interrupted', ended_at = ?, error = 'the console stopped while this run was going' WHERE state IN ('queued', 'running')"
      )
      .run(now).changes
  }
  /** Log files of runs that ended before `before`, to delete. */
  expiredLogs(before: number): { id: number; log_path: string }[] {
    return this.db
      .prepare('SELECT id, log_path FROM mlops_runs WHERE log_path IS NOT NULL AND ended_at IS NOT NULL AND ended_at < ?')
      .all(before) as { id: number; log_path: string }[]
  }

  insertSweep(jobId: number, mode: string, space: string, parallelism: number, now: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO mlops_sweeps (job_id, mode, space, parallelism, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(jobId, mode, space, parallelism, now).lastInsertRowid
    )
  }
  sweeps(jobId?: number): SweepRow[] {
    return (
      jobId
        ? this.db.prepare('SELECT * FROM mlops_sweeps WHERE job_id = ? ORDER BY id DESC').all(jobId)
        : this.db.prepare('SELECT * FROM mlops_sweeps ORDER BY id DESC LIMIT 100').all()
    ) as SweepRow[]
  }
  sweep(id: number): SweepRow | undefined {
    return this.db.prepare('SELECT * FROM mlops_sweeps WHERE id = ?').get(id) as SweepRow | undefined
  }

  targets(): TargetRow[] {
    return this.db.prepare('SELECT * FROM mlops_targets ORDER BY name').all() as TargetRow[]
  }
  target(id: number): TargetRow | undefined {
    return this.db.prepare('SELECT * FROM mlops_targets WHERE id = ?').get(id) as TargetRow | undefined
  }
  targetsOf(modelName: string): TargetRow[] {
    return this.db.prepare('SELECT * FROM mlops_targets WHERE model_name = ?').all(modelName) as TargetRow[]
  }
  saveTarget(t: {
    id?: number | undefined
    name: string
    modelName: string
    follow: string
    kind: string
    config: string
    secret: Buffer | null
    now: number
  }): number {
    if (t.id) {
      this.db
        .prepare(
          'UPDATE mlops_targets SET name = ?, model_name = ?, follow = ?, kind = ?, config = ?, secret = ?, updated_at = ? WHERE id = ?'
        )
        .run(t.name, t.modelName, t.follow, t.kind, t.config, t.secret, t.now, t.id)
      return t.id
    }
    return Number(
      this.db
        .prepare(
          'INSERT INTO mlops_targets (name, model_name, follow, kind, config, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(t.name, t.modelName, t.follow, t.kind, t.config, t.secret, t.now, t.now).lastInsertRowid
    )
  }
  deleteTarget(id: number): boolean {
    return this.db.prepare('DELETE FROM mlops_targets WHERE id = ?').run(id).changes > 0
  }
  setDeployed(id: number, versionId: number, label: string): void {
    this.db.prepare('UPDATE mlops_targets SET deployed_version_id = ?, deployed_label = ? WHERE id = ?').run(versionId, label, id)
  }
  insertDeployment(d: Omit<DeploymentRow, 'id' | 'target_name'>): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO mlops_deployments (target_id, action, version_id, version_label, previous_version_id, ok, detail, at) VALUES (@target_id, @action, @version_id, @version_label, @previous_version_id, @ok, @detail, @at)'
        )
        .run(d).lastInsertRowid
    )
  }
  deployments(targetId: number | undefined, limit: number): DeploymentRow[] {
    const sql = `SELECT d.*, t.name AS target_name FROM mlops_deployments d JOIN mlops_targets t ON t.id = d.target_id ${targetId ? 'WHERE d.target_id = ?' : ''} ORDER BY d.id DESC LIMIT ?`
    return this.db.prepare(sql).all(...(targetId ? [targetId, limit] : [limit])) as DeploymentRow[]
  }
  deploymentsByIds(ids: number[]): DeploymentRow[] {
    if (!ids.length) return []
    return this.db
      .prepare(
        `SELECT d.*, t.name AS target_name FROM mlops_deployments d JOIN mlops_targets t ON t.id = d.target_id WHERE d.id IN (${ids.map(() => '?').join(',')}) ORDER BY d.id`
      )
      .all(...ids) as DeploymentRow[]
  }
  /** The last version that passed verification on a target, other than `except`. */
  lastGood(targetId: number, except: number): number | null {
    const r = this.db
      .prepare(
        "SELECT version_id FROM mlops_deployments WHERE target_id = ? AND action IN ('verify', 'rollback') AND ok = 1 AND version_id != ? ORDER BY id DESC LIMIT 1"
      )
      .get(targetId, except) as { version_id: number } | undefined
    return r?.version_id ?? null
  }
}
