import type { Db } from '../../db/open'

export interface ModelRow {
  id: number
  name: string
  description: string
  owner: string
  tags: string
  card: string
  created_at: number
  updated_at: number
}

export interface VersionRow {
  id: number
  model_id: number
  version: number
  created_at: number
  updated_at: number
  run_id: number | null
  run_uuid: string | null
  source: string
  status: string
  stage: string
  imported_stage: string | null
  description: string
  tags: string
  artifact_path: string | null
  artifact_sha256: string | null
  artifact_size: number | null
  dataset: string | null
  notes: string
  card: string
  parent_version_id: number | null
}

export interface RunRow {
  id: number
  experiment_id: number
  run_uuid: string
  name: string
  status: string
  start_time: number | null
  end_time: number | null
  user_id: string | null
  artifact_uri: string | null
  lifecycle_stage: string
  content_hash: string
  /** The metric set holding its histories (model_metric_sets). */
  metric_set: number | null
  /** 1 when the run or its experiment is deleted in MLflow. */
  deleted: 0 | 1
}

/** A run (alias r, joined with its experiment e) that MLflow shows: neither it nor its experiment is deleted. */
export const LIVE_RUN = "(r.lifecycle_stage != 'deleted' AND e.lifecycle_stage != 'deleted')"

export interface RunListRow {
  id: number
  runUuid: string
  name: string
  status: string
  experiment: string
  startTime: number | null
  metricCount: number
  deleted: boolean
}

export interface SeriesRow {
  run_id: number
  key: string
  n: number
  steps: Buffer
  vals: Buffer
  timestamps: Buffer
}

export interface EvaluationRow {
  id: number
  name: string
  task: 'classification' | 'regression'
  holdout_path: string
  created_at: number
  settings: string
  result: string
}

export interface NewVersion {
  modelId: number
  version: number
  now: number
  runId: number | null
  runUuid: string | null
  source: string
  description: string
  tags: string
  artifactPath: string | null
  artifactSha256: string | null
  artifactSize: number | null
  dataset: string | null
  notes: string
  parentVersionId: number | null
}

/** SQL for the model registry, imported runs and evaluations. */
export class ModelsRepo {
  constructor(readonly db: Db) {}

  models(): ModelRow[] {
    return this.db.prepare('SELECT * FROM models ORDER BY name COLLATE NOCASE').all() as ModelRow[]
  }
  model(id: number): ModelRow | undefined {
    return this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined
  }
  modelByName(name: string): ModelRow | undefined {
    return this.db.prepare('SELECT * FROM models WHERE name = ?').get(name) as ModelRow | undefined
  }
  versions(modelId?: number): VersionRow[] {
    return (
      modelId === undefined
        ? this.db.prepare('SELECT * FROM model_versions ORDER BY model_id, version DESC').all()
        : this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? ORDER BY version DESC').all(modelId)
    ) as VersionRow[]
  }
  version(id: number): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as VersionRow | undefined
  }
  versionByNumber(modelId: number, version: number): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version) as
      VersionRow | undefined
  }
  aliases(modelId?: number): { model_id: number; alias: string; version_id: number }[] {
    return (
      modelId === undefined
        ? this.db.prepare('SELECT model_id, alias, version_id FROM model_aliases ORDER BY alias').all()
        : this.db.prepare('SELECT model_id, alias, version_id FROM model_aliases WHERE model_id = ? ORDER BY alias').all(modelId)
    ) as { model_id: number; alias: string; version_id: number }[]
  }
  transitions(versionId: number): { at: number; from_stage: string; to_stage: string; comment: string }[] {
    return this.db
      .prepare('SELECT at, from_stage, to_stage, comment FROM model_stage_transitions WHERE version_id = ? ORDER BY at DESC, id DESC')
      .all(versionId) as never
  }
  addTransition(versionId: number, at: number, from: string, to: string, comment: string): void {
    this.db
      .prepare('INSERT INTO model_stage_transitions (version_id, at, from_stage, to_stage, comment) VALUES (?, ?, ?, ?, ?)')
      .run(versionId, at, from, to, comment)
  }
  run(id: number): RunRow | undefined {
    return this.db
      .prepare(`SELECT r.*, NOT ${LIVE_RUN} AS deleted FROM model_runs r JOIN model_experiments e ON e.id = r.experiment_id WHERE r.id = ?`)
      .get(id) as RunRow | undefined
  }
  runByUuid(uuid: string): RunRow | undefined {
    return this.db.prepare('SELECT * FROM model_runs WHERE run_uuid = ?').get(uuid) as RunRow | undefined
  }
  runHashes(): Map<string, string> {
    const m = new Map<string, string>()
    for (const r of this.db.prepare('SELECT run_uuid, content_hash FROM model_runs').raw(true).iterate() as Iterable<[string, string]>)
      m.set(r[0], r[1])
    return m
  }
  experimentOf(runId: number): { id: number; name: string; source: string } {
    return this.db
      .prepare(
        'SELECT e.id, e.name, s.path AS source FROM model_runs r JOIN model_experiments e ON e.id = r.experiment_id JOIN model_sources s ON s.id = e.source_id WHERE r.id = ?'
      )
      .get(runId) as { id: number; name: string; source: string }
  }
  params(runId: number): Record<string, string> {
    return Object.fromEntries(
      this.db.prepare('SELECT key, value FROM model_run_params WHERE run_id = ? ORDER BY key').raw(true).all(runId) as [string, string][]
    )
  }
  tags(runId: number): Record<string, string> {
    return Object.fromEntries(
      this.db.prepare('SELECT key, value FROM model_run_tags WHERE run_id = ? ORDER BY key').raw(true).all(runId) as [string, string][]
    )
  }
  latest(runId: number): { key: string; value: number | null; step: number; timestamp: number; count: number }[] {
    return this.db
      .prepare(
        `SELECT l.key, l.value, l.step, l.timestamp, s.n AS count FROM model_runs r
         JOIN model_metric_latest l ON l.set_id = r.metric_set JOIN model_metric_series s ON s.set_id = l.set_id AND s.key = l.key
         WHERE r.id = ? ORDER BY l.key`
      )
      .all(runId) as never
  }
  series(runId: number): SeriesRow[] {
    return this.db
      .prepare(
        'SELECT r.id AS run_id, s.key, s.n, s.steps, s.vals, s.timestamps FROM model_runs r JOIN model_metric_series s ON s.set_id = r.metric_set WHERE r.id = ?'
      )
      .all(runId) as SeriesRow[]
  }
  /** Latest metric values of many runs at once (chunks of 500 ids). */
  latestOfRuns(runIds: number[]): Map<number, Map<string, number | null>> {
    return this.perRun(
      runIds,
      (marks) =>
        `SELECT r.id, l.key, l.value FROM model_runs r JOIN model_metric_latest l ON l.set_id = r.metric_set WHERE r.id IN (${marks})`
    )
  }
  paramsOfRuns(runIds: number[]): Map<number, Map<string, string>> {
    return this.perRun(runIds, (marks) => `SELECT run_id, key, value FROM model_run_params WHERE run_id IN (${marks})`)
  }
  tagsOfRuns(runIds: number[]): Map<number, Map<string, string>> {
    return this.perRun(runIds, (marks) => `SELECT run_id, key, value FROM model_run_tags WHERE run_id IN (${marks})`)
  }
  private perRun<V>(runIds: number[], sql: (marks: string) => string): Map<number, Map<string, V>> {
    const out = new Map<number, Map<string, V>>()
    for (let i = 0; i < runIds.length; i += 500) {
      const chunk = runIds.slice(i, i + 500)
      const rows = this.db
        .prepare(sql(chunk.map(() => '?').join(',')))
        .raw(true)
        .all(...chunk) as [number, string, V][]
      for (const [id, key, value] of rows) {
        let m = out.get(id)
        if (!m) out.set(id, (m = new Map()))
        m.set(key, value)
      }
    }
    return out
  }
  directions(): Map<string, boolean> {
    return new Map(
      (this.db.prepare('SELECT key, higher_is_better FROM model_metric_directions').raw(true).all() as [string, number][]).map(([k, v]) => [
        k,
        v === 1
      ])
    )
  }
  // ---------- registry writes and views ----------

  /** Import jobs whose metric sets are still staging (the ones not running now were cancelled, failed or crashed). */
  stagingJobs(): string[] {
    return this.db.prepare("SELECT DISTINCT job_id FROM model_metric_sets WHERE state = 'staging'").pluck().all() as string[]
  }
  hasRetiredSets(): boolean {
    return this.db.prepare("SELECT 1 FROM model_metric_sets WHERE state = 'retired' LIMIT 1").get() !== undefined
  }
  versionStages(modelId: number): { version: number; stage: string }[] {
    return this.db.prepare('SELECT version, stage FROM model_versions WHERE model_id = ?').all(modelId) as {
      version: number
      stage: string
    }[]
  }
  aliasVersions(modelId: number): { alias: string; version: number }[] {
    return this.db
      .prepare(
        'SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias'
      )
      .all(modelId) as { alias: string; version: number }[]
  }
  versionAliases(versionId: number): string[] {
    return (this.db.prepare('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias').pluck().all(versionId) as string[]) ?? []
  }
  insertModel(name: string, description: string, owner: string, tags: string, now: number): ModelRow {
    return this.db
      .prepare('INSERT INTO models (name, description, owner, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *')
      .get(name, description, owner, tags, now, now) as ModelRow
  }
  updateModel(id: number, f: { description: string; owner: string; tags: string; card: string }, now: number): void {
    this.db
      .prepare('UPDATE models SET description = ?, owner = ?, tags = ?, card = ?, updated_at = ? WHERE id = ?')
      .run(f.description, f.owner, f.tags, f.card, now, id)
  }
  deleteModel(id: number): void {
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id)
  }
  touchModel(id: number, now: number): void {
    this.db.prepare('UPDATE models SET updated_at = ? WHERE id = ?').run(now, id)
  }
  runVersions(runId: number): { id: number; modelName: string; version: number }[] {
    return this.db
      .prepare(
        'SELECT v.id, m.name AS modelName, v.version FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.run_id = ? ORDER BY m.name, v.version'
      )
      .all(runId) as { id: number; modelName: string; version: number }[]
  }
  childVersions(versionId: number): { id: number; version: number }[] {
    return this.db.prepare('SELECT id, version FROM model_versions WHERE parent_version_id = ? ORDER BY version').all(versionId) as {
      id: number
      version: number
    }[]
  }
  versionEvaluations(versionId: number): { id: number; name: string; createdAt: number }[] {
    return this.db
      .prepare(
        'SELECT e.id, e.name, e.created_at AS createdAt FROM model_evaluations e JOIN model_evaluation_versions ev ON ev.evaluation_id = e.id WHERE ev.version_id = ? ORDER BY e.created_at DESC'
      )
      .all(versionId) as { id: number; name: string; createdAt: number }[]
  }
  nextVersion(modelId: number): number {
    return ((this.db.prepare('SELECT max(version) FROM model_versions WHERE model_id = ?').pluck().get(modelId) as number | null) ?? 0) + 1
  }
  insertVersion(n: NewVersion): VersionRow {
    return this.db
      .prepare(
        `INSERT INTO model_versions (model_id, version, created_at, updated_at, run_id, run_uuid, source, description, tags, artifact_path, artifact_sha256, artifact_size, dataset, notes, parent_version_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`
      )
      .get(
        n.modelId,
        n.version,
        n.now,
        n.now,
        n.runId,
        n.runUuid,
        n.source,
        n.description,
        n.tags,
        n.artifactPath,
        n.artifactSha256,
        n.artifactSize,
        n.dataset,
        n.notes,
        n.parentVersionId
      ) as VersionRow
  }
  updateVersion(
    id: number,
    f: { description: string; notes: string; card: string; tags: string; dataset: string | null; parentVersionId: number | null },
    now: number
  ): void {
    this.db
      .prepare(
        'UPDATE model_versions SET description = ?, notes = ?, card = ?, tags = ?, dataset = ?, parent_version_id = ?, updated_at = ? WHERE id = ?'
      )
      .run(f.description, f.notes, f.card, f.tags, f.dataset, f.parentVersionId, now, id)
  }
  setStage(id: number, stage: string, now: number): void {
    this.db.prepare('UPDATE model_versions SET stage = ?, updated_at = ? WHERE id = ?').run(stage, now, id)
  }
  versionsInStage(modelId: number, stage: string, exceptId: number): VersionRow[] {
    return this.db
      .prepare('SELECT * FROM model_versions WHERE model_id = ? AND stage = ? AND id != ?')
      .all(modelId, stage, exceptId) as VersionRow[]
  }
  aliasTarget(modelId: number, alias: string): number | undefined {
    return this.db
      .prepare('SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? AND a.alias = ?')
      .pluck()
      .get(modelId, alias) as number | undefined
  }
  upsertAlias(modelId: number, alias: string, versionId: number, now: number): void {
    this.db
      .prepare(
        'INSERT INTO model_aliases (model_id, alias, version_id, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, updated_at = excluded.updated_at'
      )
      .run(modelId, alias, versionId, now)
  }
  deleteAlias(modelId: number, alias: string): number {
    return this.db.prepare('DELETE FROM model_aliases WHERE model_id = ? AND alias = ?').run(modelId, alias).changes
  }
  /** Runs matching a search, newest first; runs deleted in MLflow only when includeDeleted. */
  searchRuns(search: string, limit: number, includeDeleted: boolean): RunListRow[] {
    const q = `%${search.trim().toLowerCase()}%`
    const rows = this.db
      .prepare(
        `SELECT r.id, r.run_uuid AS runUuid, r.name, r.status, e.name AS experiment, r.start_time AS startTime,
           (SELECT count(*) FROM model_metric_latest l WHERE l.set_id = r.metric_set) AS metricCount, NOT ${LIVE_RUN} AS deleted
         FROM model_runs r JOIN model_experiments e ON e.id = r.experiment_id
         WHERE (lower(r.name) LIKE ? OR lower(r.run_uuid) LIKE ? OR lower(e.name) LIKE ?)${includeDeleted ? '' : ` AND ${LIVE_RUN}`}
         ORDER BY r.start_time DESC, r.id DESC LIMIT ?`
      )
      .all(q, q, q, limit) as (Omit<RunListRow, 'deleted'> & { deleted: 0 | 1 })[]
    return rows.map((r) => ({ ...r, deleted: r.deleted === 1 }))
  }

  // ---------- metric directions and evaluations ----------

  setDirection(key: string, higherIsBetter: boolean | null): void {
    if (higherIsBetter === null) this.db.prepare('DELETE FROM model_metric_directions WHERE key = ?').run(key)
    else
      this.db
        .prepare(
          'INSERT INTO model_metric_directions (key, higher_is_better) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET higher_is_better = excluded.higher_is_better'
        )
        .run(key, higherIsBetter ? 1 : 0)
  }
  latestEvaluationOf(versionIds: number[]): number | undefined {
    return this.db
      .prepare(
        `SELECT evaluation_id FROM model_evaluation_versions ev JOIN model_evaluations e ON e.id = ev.evaluation_id WHERE version_id IN (${versionIds.map(() => '?').join(',')}) ORDER BY e.created_at DESC, e.id DESC LIMIT 1`
      )
      .pluck()
      .get(...versionIds) as number | undefined
  }
  insertEvaluation(
    name: string,
    task: string,
    holdoutPath: string,
    now: number,
    settings: string,
    result: string,
    versionIds: number[]
  ): number {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          'INSERT INTO model_evaluations (name, task, holdout_path, created_at, settings, result) VALUES (?, ?, ?, ?, ?, ?) RETURNING id'
        )
        .get(name, task, holdoutPath, now, settings, result) as { id: number }
      const link = this.db.prepare('INSERT INTO model_evaluation_versions (evaluation_id, version_id, position) VALUES (?, ?, ?)')
      versionIds.forEach((v, i) => link.run(row.id, v, i))
      return row.id
    })()
  }
  evaluations(versionId?: number): { id: number; name: string; task: string; createdAt: number; versionIds: number[] }[] {
    const rows = (
      versionId === undefined
        ? this.db.prepare('SELECT id, name, task, created_at AS createdAt FROM model_evaluations ORDER BY created_at DESC, id DESC').all()
        : this.db
            .prepare(
              'SELECT e.id, e.name, e.task, e.created_at AS createdAt FROM model_evaluations e JOIN model_evaluation_versions ev ON ev.evaluation_id = e.id WHERE ev.version_id = ? ORDER BY e.created_at DESC, e.id DESC'
            )
            .all(versionId)
    ) as { id: number; name: string; task: string; createdAt: number }[]
    const vids = this.db.prepare('SELECT version_id FROM model_evaluation_versions WHERE evaluation_id = ? ORDER BY position').pluck()
    return rows.map((r) => ({ ...r, versionIds: vids.all(r.id) as number[] }))
  }
  evaluation(id: number): EvaluationRow | undefined {
    return this.db.prepare('SELECT * FROM model_evaluations WHERE id = ?').get(id) as EvaluationRow | undefined
  }
}
