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
}

export interface SeriesRow {
  run_id: number
  key: string
  n: number
  steps: Buffer
  vals: Buffer
  timestamps: Buffer
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
    return (modelId === undefined
      ? this.db.prepare('SELECT * FROM model_versions ORDER BY model_id, version DESC').all()
      : this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? ORDER BY version DESC').all(modelId)) as VersionRow[]
  }
  version(id: number): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as VersionRow | undefined
  }
  versionByNumber(modelId: number, version: number): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version) as VersionRow | undefined
  }
  aliases(modelId?: number): { model_id: number; alias: string; version_id: number }[] {
    return (modelId === undefined
      ? this.db.prepare('SELECT model_id, alias, version_id FROM model_aliases ORDER BY alias').all()
      : this.db.prepare('SELECT model_id, alias, version_id FROM model_aliases WHERE model_id = ? ORDER BY alias').all(modelId)) as { model_id: number; alias: string; version_id: number }[]
  }
  transitions(versionId: number): { at: number; from_stage: string; to_stage: string; comment: string }[] {
    return this.db.prepare('SELECT at, from_stage, to_stage, comment FROM model_stage_transitions WHERE version_id = ? ORDER BY at DESC, id DESC').all(versionId) as never
  }
  addTransition(versionId: number, at: number, from: string, to: string, comment: string): void {
    this.db.prepare('INSERT INTO model_stage_transitions (version_id, at, from_stage, to_stage, comment) VALUES (?, ?, ?, ?, ?)').run(versionId, at, from, to, comment)
  }
  run(id: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM model_runs WHERE id = ?').get(id) as RunRow | undefined
  }
  runByUuid(uuid: string): RunRow | undefined {
    return this.db.prepare('SELECT * FROM model_runs WHERE run_uuid = ?').get(uuid) as RunRow | undefined
  }
  runHashes(): Map<string, string> {
    const m = new Map<string, string>()
    for (const r of this.db.prepare('SELECT run_uuid, content_hash FROM model_runs').raw(true).iterate() as Iterable<[string, string]>) m.set(r[0], r[1])
    return m
  }
  experimentOf(runId: number): { id: number; name: string; source: string } {
    return this.db
      .prepare('SELECT e.id, e.name, s.path AS source FROM model_runs r JOIN model_experiments e ON e.id = r.experiment_id JOIN model_sources s ON s.id = e.source_id WHERE r.id = ?')
      .get(runId) as { id: number; name: string; source: string }
  }
  params(runId: number): Record<string, string> {
    return Object.fromEntries((this.db.prepare('SELECT key, value FROM model_run_params WHERE run_id = ? ORDER BY key').raw(true).all(runId) as [string, string][]))
  }
  tags(runId: number): Record<string, string> {
    return Object.fromEntries((this.db.prepare('SELECT key, value FROM model_run_tags WHERE run_id = ? ORDER BY key').raw(true).all(runId) as [string, string][]))
  }
  latest(runId: number): { key: string; value: number | null; step: number; timestamp: number; count: number }[] {
    return this.db
      .prepare('SELECT l.key, l.value, l.step, l.timestamp, s.n AS count FROM model_metric_latest l JOIN model_metric_series s ON s.run_id = l.run_id AND s.key = l.key WHERE l.run_id = ? ORDER BY l.key')
      .all(runId) as never
  }
  series(runId: number): SeriesRow[] {
    return this.db.prepare('SELECT run_id, key, n, steps, vals, timestamps FROM model_metric_series WHERE run_id = ?').all(runId) as SeriesRow[]
  }
  directions(): Map<string, boolean> {
    return new Map((this.db.prepare('SELECT key, higher_is_better FROM model_metric_directions').raw(true).all() as [string, number][]).map(([k, v]) => [k, v === 1]))
  }
}
