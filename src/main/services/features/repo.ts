/** SQL of the feature store: views and versions, training sets, the online store, statistics. Nothing else. */
import type Database from 'better-sqlite3'
import type { FeatureType, KeyType } from '../../../shared/contract/features'
import { statementCache, type Db } from '../../db/open'

/** What a version stores: everything that decides which rows and columns it reads. */
export interface Definition {
  entities: { name: string; type: KeyType }[]
  timestampField: string
  createdTimestampField: string | null
  features: { name: string; type: FeatureType; description: string; tags: Record<string, string> }[]
  source: { path: string; format: 'auto' | 'csv' | 'parquet' }
}

export interface ViewRow {
  id: number
  name: string
  description: string
  owner: string
  tags: string
  ttl_s: number
  current_version: number
  created_at: number
  updated_at: number
}

export interface VersionRow {
  view_id: number
  version: number
  definition: string
  change: string
  created_at: number
}

export interface TrainingSetRow {
  id: number
  name: string
  description: string
  created_at: number
  rows: number
  format: 'csv' | 'parquet'
  output_path: string
  manifest_path: string
  manifest: string
  request: string
  model_version_id: number | null
  model_version_label: string | null
  drift_checks: string
}

export interface OnlineStateRow {
  view_id: number
  version: number
  from_ts: number | null
  to_ts: number
  keys: number
  at: number
}

export interface OnlineRow {
  entity_key: string
  event_ts: number
  created_ts: number | null
  vals: string
}

export interface StatisticsRow {
  view_id: number
  version: number
  computed_at: number
  as_of: number
  snapshot: string
}

export class FeaturesRepo {
  private s: (sql: string) => Database.Statement

  constructor(readonly db: Db) {
    this.s = statementCache(db)
  }

  // ---------- views and versions

  views(search = ''): ViewRow[] {
    return this.s("SELECT * FROM features_views WHERE name LIKE ? ESCAPE '\\' ORDER BY name").all(
      `%${search.replace(/[\\%_]/g, '\\$&')}%`
    ) as ViewRow[]
  }

  view(name: string): ViewRow | undefined {
    return this.s('SELECT * FROM features_views WHERE name = ?').get(name) as ViewRow | undefined
  }

  insertView(v: Omit<ViewRow, 'id'>): number {
    return Number(
      this.s(
        'INSERT INTO features_views (name, description, owner, tags, ttl_s, current_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      ).run(v.name, v.description, v.owner, v.tags, v.ttl_s, v.current_version, v.created_at, v.updated_at).lastInsertRowid
    )
  }

  updateView(id: number, v: Pick<ViewRow, 'description' | 'owner' | 'tags' | 'ttl_s' | 'current_version' | 'updated_at'>): void {
    this.s(
      'UPDATE features_views SET description = ?, owner = ?, tags = ?, ttl_s = ?, current_version = ?, updated_at = ? WHERE id = ?'
    ).run(v.description, v.owner, v.tags, v.ttl_s, v.current_version, v.updated_at, id)
  }

  deleteView(id: number): void {
    this.s('DELETE FROM features_views WHERE id = ?').run(id)
  }

  insertVersion(viewId: number, version: number, def: Definition, change: string, at: number): void {
    this.s('INSERT INTO features_view_versions (view_id, version, definition, change, created_at) VALUES (?, ?, ?, ?, ?)').run(
      viewId,
      version,
      JSON.stringify(def),
      change,
      at
    )
  }

  setDefinition(viewId: number, version: number, def: Definition): void {
    this.s('UPDATE features_view_versions SET definition = ? WHERE view_id = ? AND version = ?').run(JSON.stringify(def), viewId, version)
  }

  versions(viewId: number): VersionRow[] {
    return this.s('SELECT * FROM features_view_versions WHERE view_id = ? ORDER BY version').all(viewId) as VersionRow[]
  }

  version(viewId: number, version: number): VersionRow | undefined {
    return this.s('SELECT * FROM features_view_versions WHERE view_id = ? AND version = ?').get(viewId, version) as VersionRow | undefined
  }

  versionCount(viewId: number): number {
    return (this.s('SELECT count(*) AS n FROM features_view_versions WHERE view_id = ?').get(viewId) as { n: number }).n
  }

  // ---------- training sets

  trainingSets(view?: string): TrainingSetRow[] {
    if (view)
      return this.s(
        'SELECT t.* FROM features_training_sets t WHERE t.id IN (SELECT training_set_id FROM features_training_set_views WHERE view_name = ?) ORDER BY t.created_at DESC, t.id DESC'
      ).all(view) as TrainingSetRow[]
    return this.s('SELECT * FROM features_training_sets ORDER BY created_at DESC, id DESC').all() as TrainingSetRow[]
  }

  trainingSet(id: number): TrainingSetRow | undefined {
    return this.s('SELECT * FROM features_training_sets WHERE id = ?').get(id) as TrainingSetRow | undefined
  }

  trainingSetByName(name: string): TrainingSetRow | undefined {
    return this.s('SELECT * FROM features_training_sets WHERE name = ?').get(name) as TrainingSetRow | undefined
  }

  trainingSetViews(id: number): { view_name: string; version: number }[] {
    return this.s('SELECT view_name, version FROM features_training_set_views WHERE training_set_id = ? ORDER BY view_name').all(id) as {
      view_name: string
      version: number
    }[]
  }

  trainingSetsOfView(view: string): { id: number; name: string; version: number; created_at: number }[] {
    return this.s(
      'SELECT t.id, t.name, v.version, t.created_at FROM features_training_set_views v JOIN features_training_sets t ON t.id = v.training_set_id WHERE v.view_name = ? ORDER BY t.created_at DESC LIMIT 50'
    ).all(view) as { id: number; name: string; version: number; created_at: number }[]
  }

  insertTrainingSet(
    t: Omit<TrainingSetRow, 'id' | 'model_version_id' | 'model_version_label' | 'drift_checks'>,
    views: { name: string; version: number }[]
  ): number {
    const id = Number(
      this.s(
        'INSERT INTO features_training_sets (name, description, created_at, rows, format, output_path, manifest_path, manifest, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
      ).run(t.name, t.description, t.created_at, t.rows, t.format, t.output_path, t.manifest_path, t.manifest, t.request).lastInsertRowid
    )
    for (const v of views)
      this.s('INSERT INTO features_training_set_views (training_set_id, view_name, version) VALUES (?, ?, ?)').run(id, v.name, v.version)
    return id
  }

  deleteTrainingSet(id: number): void {
    this.s('DELETE FROM features_training_sets WHERE id = ?').run(id)
  }

  setModelVersion(id: number, versionId: number, label: string): void {
    this.s('UPDATE features_training_sets SET model_version_id = ?, model_version_label = ? WHERE id = ?').run(versionId, label, id)
  }

  setDriftChecks(id: number, checks: { id: number; name: string }[]): void {
    this.s('UPDATE features_training_sets SET drift_checks = ? WHERE id = ?').run(JSON.stringify(checks), id)
  }

  // ---------- online store

  onlineState(viewId: number): OnlineStateRow | undefined {
    return this.s('SELECT * FROM features_online_state WHERE view_id = ?').get(viewId) as OnlineStateRow | undefined
  }

  setOnlineState(s: OnlineStateRow): void {
    this.s(
      'INSERT INTO features_online_state (view_id, version, from_ts, to_ts, keys, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (view_id) DO UPDATE SET version = excluded.version, from_ts = excluded.from_ts, to_ts = excluded.to_ts, keys = excluded.keys, at = excluded.at'
    ).run(s.view_id, s.version, s.from_ts, s.to_ts, s.keys, s.at)
  }

  clearOnline(viewId: number): void {
    this.s('DELETE FROM features_online WHERE view_id = ?').run(viewId)
    this.s('DELETE FROM features_online_state WHERE view_id = ?').run(viewId)
  }

  /** Writes a row unless the stored one is newer (greater event_ts, then created_ts); answers whether it was written. */
  upsertOnline(viewId: number, key: string, eventTs: number, createdTs: number | null, vals: string): boolean {
    return (
      this.s(
        `INSERT INTO features_online (view_id, entity_key, event_ts, created_ts, vals) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (view_id, entity_key) DO UPDATE SET event_ts = excluded.event_ts, created_ts = excluded.created_ts, vals = excluded.vals
       WHERE excluded.event_ts > features_online.event_ts
          OR (excluded.event_ts = features_online.event_ts AND coalesce(excluded.created_ts, -9e18) >= coalesce(features_online.created_ts, -9e18))`
      ).run(viewId, key, eventTs, createdTs, vals).changes > 0
    )
  }

  onlineKeys(viewId: number): number {
    return (this.s('SELECT count(*) AS n FROM features_online WHERE view_id = ?').get(viewId) as { n: number }).n
  }

  /** Rows for a batch of keys (a JSON array of key texts), in one statement. */
  onlineRows(viewId: number, keysJson: string): OnlineRow[] {
    return this.s(
      'SELECT entity_key, event_ts, created_ts, vals FROM features_online WHERE view_id = ? AND entity_key IN (SELECT value FROM json_each(?))'
    ).all(viewId, keysJson) as OnlineRow[]
  }

  insertMaterialization(m: {
    view_id: number
    version: number
    mode: 'incremental' | 'window'
    from_ts: number | null
    to_ts: number
    rows_read: number
    rows_in_window: number
    keys_written: number
    at: number
    duration_ms: number
  }): void {
    this.s(
      'INSERT INTO features_materializations (view_id, version, mode, from_ts, to_ts, rows_read, rows_in_window, keys_written, at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
    ).run(m.view_id, m.version, m.mode, m.from_ts, m.to_ts, m.rows_read, m.rows_in_window, m.keys_written, m.at, m.duration_ms)
  }

  // ---------- statistics

  statistics(viewId: number): StatisticsRow | undefined {
    return this.s('SELECT * FROM features_statistics WHERE view_id = ?').get(viewId) as StatisticsRow | undefined
  }

  statisticsAt(viewId: number): number | null {
    return (
      (this.s('SELECT computed_at FROM features_statistics WHERE view_id = ?').get(viewId) as { computed_at: number } | undefined)
        ?.computed_at ?? null
    )
  }

  setStatistics(s: StatisticsRow): void {
    this.s(
      'INSERT INTO features_statistics (view_id, version, computed_at, as_of, snapshot) VALUES (?, ?, ?, ?, ?) ON CONFLICT (view_id) DO UPDATE SET version = excluded.version, computed_at = excluded.computed_at, as_of = excluded.as_of, snapshot = excluded.snapshot'
    ).run(s.view_id, s.version, s.computed_at, s.as_of, s.snapshot)
  }
}
