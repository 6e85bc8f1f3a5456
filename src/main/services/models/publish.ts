/**
 * The main-thread side of an import: what the worker staged becomes visible in ONE short transaction. Runs, params,
 * tags, experiments and the registry are written; each changed run is pointed at the metric set the worker wrote
 * (already in its final table) and the set it replaces is retired (deleted later, in small batches, on a worker).
 * Its size follows the number of runs and versions, not of metric points.
 */
import path from 'node:path'
import type { ImportReport } from '../../../shared/contract'
import { inTransaction, type Db } from '../../db/open'
import { DELETED, deletedExperiments, isDeleted, type StagedImport } from './importer'

const DATASET_KEY = /(^|[._/-])(train(ing)?[._-]?)?(data(set)?)([._-]?(path|uri|name|ref))?$/i

export interface ImportOutcome {
  report: Omit<ImportReport, 'jobId' | 'kind' | 'path' | 'durationMs'>
  touchedModels: { id: number; name: string }[]
  /** Metric sets replaced by this import (now retired). */
  retiredSets: number
}

/** Publishes a staged import in one IMMEDIATE transaction: all of it becomes visible, or none. */
export function publishImport(db: Db, staged: StagedImport, jobId: string, now: number): ImportOutcome {
  const skipped = [...staged.skipped]
  const warnings = [...staged.warnings]
  const skip = (p: string, reason: string): void => {
    if (skipped.length < 1000) skipped.push({ path: p, reason })
  }
  const warn = (m: string): void => {
    if (warnings.length < 200) warnings.push(m)
  }
  const out = inTransaction(db, () => write(db, staged, jobId, now, skip, warn))
  return {
    touchedModels: out.touched,
    retiredSets: out.retired,
    report: {
      stores: staged.stores.map((s) => s.storePath),
      experiments: staged.stores.reduce((n, s) => n + s.experiments.filter((e) => e.lifecycleStage !== DELETED).length, 0),
      runs: out.runs,
      metricSeries: staged.metricSeries,
      metricPoints: staged.metricPoints,
      params: out.params,
      tags: out.tags,
      models: out.models,
      versions: out.versions,
      aliases: out.aliases,
      skipped,
      warnings
    }
  }
}

function write(
  db: Db,
  staged: StagedImport,
  jobId: string,
  now: number,
  skip: (path: string, reason: string) => void,
  warn: (m: string) => void
) {
  let retired = 0
  const runs = { created: 0, updated: 0, unchanged: 0, deleted: 0 }
  const versions = { created: 0, updated: 0 }
  let params = 0
  let tags = 0
  let aliases = 0
  const touched = new Map<number, string>()
  const upsertSource = db.prepare(
    'INSERT INTO model_sources (kind, path, last_imported_at) VALUES (?, ?, ?) ON CONFLICT (kind, path) DO UPDATE SET last_imported_at = excluded.last_imported_at RETURNING id'
  )
  const upsertExp = db.prepare(
    `INSERT INTO model_experiments (source_id, external_id, name, artifact_location, lifecycle_stage, created_at, updated_at, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_id, external_id) DO UPDATE SET name = excluded.name, artifact_location = excluded.artifact_location, lifecycle_stage = excluded.lifecycle_stage,
       created_at = excluded.created_at, updated_at = excluded.updated_at, tags = excluded.tags RETURNING id`
  )
  const runByUuid = db.prepare('SELECT id, content_hash, metric_set FROM model_runs WHERE run_uuid = ?')
  const insRun = db.prepare(
    `INSERT INTO model_runs (experiment_id, run_uuid, name, status, start_time, end_time, user_id, artifact_uri, lifecycle_stage, content_hash, imported_at, metric_set)
     VALUES (@experiment_id, @run_uuid, @name, @status, @start_time, @end_time, @user_id, @artifact_uri, @lifecycle_stage, @content_hash, @imported_at, @metric_set) RETURNING id`
  )
  const updRun = db.prepare(
    `UPDATE model_runs SET experiment_id = @experiment_id, name = @name, status = @status, start_time = @start_time, end_time = @end_time, user_id = @user_id,
       artifact_uri = @artifact_uri, lifecycle_stage = @lifecycle_stage, content_hash = @content_hash, imported_at = @imported_at, metric_set = @metric_set WHERE id = @id`
  )
  const delParams = db.prepare('DELETE FROM model_run_params WHERE run_id = ?')
  const delTags = db.prepare('DELETE FROM model_run_tags WHERE run_id = ?')
  const setState = db.prepare('UPDATE model_metric_sets SET state = ? WHERE id = ?')
  const insParam = db.prepare('INSERT INTO model_run_params (run_id, key, value) VALUES (?, ?, ?)')
  const insTag = db.prepare('INSERT INTO model_run_tags (run_id, key, value) VALUES (?, ?, ?)')
  const modelByName = db.prepare('SELECT id, description, tags FROM models WHERE name = ?')
  const insModel = db.prepare(
    'INSERT INTO models (name, description, owner, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id'
  )
  const updModel = db.prepare('UPDATE models SET description = ?, tags = ?, updated_at = ? WHERE id = ?')
  const versionByNumber = db.prepare('SELECT * FROM model_versions WHERE model_id = ? AND version = ?')
  const insVersion = db.prepare(
    `INSERT INTO model_versions (model_id, version, created_at, updated_at, run_id, run_uuid, source, status, stage, imported_stage, description, tags, artifact_path, artifact_sha256, artifact_size, dataset)
     VALUES (@model_id, @version, @created_at, @updated_at, @run_id, @run_uuid, @source, @status, @stage, @stage, @description, @tags, @artifact_path, @artifact_sha256, @artifact_size, @dataset) RETURNING id`
  )
  const updVersion = db.prepare(
    `UPDATE model_versions SET updated_at = @updated_at, run_id = @run_id, run_uuid = @run_uuid, source = @source, status = @status, tags = @tags,
       artifact_path = @artifact_path, artifact_sha256 = @artifact_sha256, artifact_size = @artifact_size, dataset = coalesce(dataset, @dataset) WHERE id = @id`
  )
  const setStage = db.prepare('UPDATE model_versions SET stage = ?, imported_stage = ? WHERE id = ?')
  const addTransition = db.prepare(
    'INSERT INTO model_stage_transitions (version_id, at, from_stage, to_stage, comment) VALUES (?, ?, ?, ?, ?)'
  )
  const upsertAlias = db.prepare(
    'INSERT INTO model_aliases (model_id, alias, version_id, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, updated_at = excluded.updated_at'
  )
  const runIdByUuid = db.prepare('SELECT id FROM model_runs WHERE run_uuid = ?').pluck()
  const paramsOf = db.prepare('SELECT key, value FROM model_run_params WHERE run_id = ?').raw(true)

  for (const store of staged.stores) {
    const { runs: parsedRuns, models, artifacts } = store
    const sourceId = (upsertSource.get(store.kind, store.storePath, now) as { id: number }).id
    const deletedExps = deletedExperiments(store.experiments)
    const expIds = new Map<string, number>()
    for (const e of store.experiments) {
      const row = upsertExp.get(
        sourceId,
        e.externalId,
        e.name,
        e.artifactLocation,
        e.lifecycleStage,
        e.createdAt,
        e.updatedAt,
        JSON.stringify(e.tags)
      ) as { id: number }
      expIds.set(e.externalId, row.id)
    }
    for (const r of parsedRuns) {
      let expId = expIds.get(r.experimentExternalId)
      if (expId === undefined) {
        const row = upsertExp.get(
          sourceId,
          r.experimentExternalId,
          store.kind === 'table' ? path.basename(r.experimentExternalId) : `experiment ${r.experimentExternalId}`,
          null,
          'active',
          null,
          null,
          '{}'
        ) as { id: number }
        expId = row.id
        expIds.set(r.experimentExternalId, expId)
      }
      const existing = runByUuid.get(r.runUuid) as { id: number; content_hash: string; metric_set: number | null } | undefined
      const live = !isDeleted(r, deletedExps)
      if (!live) runs.deleted++
      if (existing && existing.content_hash === r.contentHash) {
        if (live) runs.unchanged++
        continue
      }
      if (r.setId === null) throw new Error(`internal: run ${r.runUuid} changed but its metrics were not read`)
      const row = {
        experiment_id: expId,
        run_uuid: r.runUuid,
        name: r.name,
        status: r.status,
        start_time: r.startTime,
        end_time: r.endTime,
        user_id: r.userId,
        artifact_uri: r.artifactUri,
        lifecycle_stage: r.lifecycleStage,
        content_hash: r.contentHash,
        imported_at: now,
        metric_set: r.setId
      }
      let id: number
      if (existing) {
        id = existing.id
        updRun.run({ ...row, id })
        delParams.run(id)
        delTags.run(id)
        if (existing.metric_set !== null) retired += setState.run('retired', existing.metric_set).changes
        if (live) runs.updated++
      } else {
        id = (insRun.get(row) as { id: number }).id
        if (live) runs.created++
      }
      for (const [k, v] of r.params) insParam.run(id, k, v)
      for (const [k, v] of r.tags) insTag.run(id, k, v)
      if (live) {
        params += r.params.size
        tags += r.tags.size
      }
      setState.run('live', r.setId)
    }
    for (const m of models) {
      let model = modelByName.get(m.name) as { id: number; description: string; tags: string } | undefined
      let modelId: number
      if (!model) {
        modelId = (
          insModel.get(m.name, m.description, '', JSON.stringify(m.tags), m.createdAt || now, m.updatedAt || now) as { id: number }
        ).id
      } else {
        modelId = model.id
        const mergedTags = { ...(JSON.parse(model.tags) as Record<string, string>), ...m.tags }
        updModel.run(model.description || m.description, JSON.stringify(mergedTags), Math.max(m.updatedAt, 0) || now, modelId)
      }
      model = undefined
      touched.set(modelId, m.name)
      const versionIds = new Map<number, number>()
      for (const v of m.versions) {
        const runId = v.runUuid ? ((runIdByUuid.get(v.runUuid) as number | undefined) ?? null) : null
        if (v.runUuid && runId === null)
          warn(`${m.name} v${v.version}: its run ${v.runUuid} is not in the import; the version has no metrics until that run is imported`)
        const art = v.artifactLocalPath ? artifacts[v.artifactLocalPath] : undefined
        let dataset: string | null = null
        if (runId !== null) {
          const candidates = (paramsOf.all(runId) as [string, string][]).filter(([k]) => DATASET_KEY.test(k))
          dataset =
            (candidates.find(([k]) => /train/i.test(k)) ?? candidates.find(([k]) => !/(test|valid|eval)/i.test(k)) ?? candidates[0])?.[1] ??
            null
        }
        const existing = versionByNumber.get(modelId, v.version) as { id: number; stage: string; imported_stage: string | null } | undefined
        const fields = {
          model_id: modelId,
          version: v.version,
          created_at: v.createdAt || now,
          updated_at: v.updatedAt || now,
          run_id: runId,
          run_uuid: v.runUuid,
          source: v.source,
          status: v.status,
          stage: v.stage,
          description: v.description,
          tags: JSON.stringify(v.tags),
          artifact_path: v.artifactLocalPath,
          artifact_sha256: art?.sha256 ?? null,
          artifact_size: art?.size ?? null,
          dataset
        }
        if (!existing) {
          const id = (insVersion.get(fields) as { id: number }).id
          versionIds.set(v.version, id)
          if (v.stage !== 'None') addTransition.run(id, v.updatedAt || now, 'None', v.stage, `imported from MLflow (${store.storePath})`)
          versions.created++
        } else {
          versionIds.set(v.version, existing.id)
          updVersion.run({ ...fields, id: existing.id })
          if (existing.imported_stage !== v.stage) {
            if (existing.stage !== v.stage)
              addTransition.run(existing.id, v.updatedAt || now, existing.stage, v.stage, `changed in MLflow (${store.storePath})`)
            setStage.run(v.stage, v.stage, existing.id)
          }
          versions.updated++
        }
      }
      for (const [alias, version] of Object.entries(m.aliases)) {
        const vid = versionIds.get(version) ?? (versionByNumber.get(modelId, version) as { id: number } | undefined)?.id
        if (vid === undefined) {
          skip(`${m.name}@${alias}`, `alias points to version ${version}, which is not in the registry`)
          continue
        }
        upsertAlias.run(modelId, alias, vid, now)
        aliases++
      }
    }
  }
  // sets this job staged but did not publish (none, unless a run was dropped on the way) go with the retired ones
  retired += db.prepare("UPDATE model_metric_sets SET state = 'retired' WHERE state = 'staging' AND job_id = ?").run(jobId).changes
  return {
    retired,
    runs,
    versions,
    params,
    tags,
    aliases,
    models: touched.size,
    touched: [...touched].map(([id, name]) => ({ id, name }))
  }
}
