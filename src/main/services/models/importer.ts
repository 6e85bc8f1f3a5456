import path from 'node:path'
import { AppError } from '../../../shared/errors'
import type { ImportReport } from '../../../shared/contract'
import type { Db } from '../../db/open'
import { hashArtifact } from './mlruns'
import { latestOf, pack } from './series'
import type { ParseContext, ParsedExperiment, ParsedModel, ParsedRun } from './types'

/** One store inside an import: its experiments, its runs (produced lazily, one at a time) and its registry. */
export interface StoreInput {
  storePath: string
  kind: 'mlruns' | 'mlflow-db' | 'table'
  experiments: ParsedExperiment[]
  runCount: number
  runs: (ctx: ParseContext) => Iterable<ParsedRun | null>
  registry: (ctx: ParseContext, runDirs: Map<string, string>) => ParsedModel[]
}

export interface ImportHooks {
  jobId: string
  signal?: AbortSignal | undefined
  now(): number
  progress(done: number, total: number | null, message?: string): void
  tick(): Promise<void>
}

export interface ImportOutcome {
  report: ImportReport
  touchedModels: { id: number; name: string }[]
}

/** MLflow hides a run whose own or whose experiment's lifecycle_stage is `deleted`; such runs are kept but not counted. */
const DELETED = 'deleted'
const deletedExperiments = (store: StoreInput): Set<string> =>
  new Set(store.experiments.filter((e) => e.lifecycleStage === DELETED).map((e) => e.externalId))
const isDeleted = (r: ParsedRun, deletedExps: Set<string>): boolean =>
  r.lifecycleStage === DELETED || deletedExps.has(r.experimentExternalId)

const EMPTY = { n: 0, steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) }
const DATASET_KEY = /(^|[._/-])(train(ing)?[._-]?)?(data(set)?)([._-]?(path|uri|name|ref))?$/i

/**
 * Parse every store, stage metric histories per run in small transactions, then write everything visible in
 * ONE transaction (runs, params, tags, metrics, registry). A failure or cancellation leaves the workspace as it was.
 */
export async function runImport(
  db: Db,
  kind: ImportReport['kind'],
  rootPath: string,
  stores: StoreInput[],
  hooks: ImportHooks
): Promise<ImportOutcome> {
  const started = Date.now()
  const skipped: ImportReport['skipped'] = []
  const warnings: string[] = []
  const known = new Map<string, string>()
  for (const r of db.prepare('SELECT run_uuid, content_hash FROM model_runs').raw(true).iterate() as Iterable<[string, string]>)
    known.set(r[0], r[1])
  if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was written')
  const total = stores.reduce((s, x) => s + x.runCount, 0)
  let done = 0
  let lastProgress = 0
  const ctx: ParseContext = {
    signal: hooks.signal,
    progress: (d, t, m) => hooks.progress(d, t, m),
    skip: (p, reason) => {
      if (skipped.length < 1000) skipped.push({ path: p, reason })
      else if (skipped.length === 1000) skipped.push({ path: '…', reason: 'more skipped items not listed' })
    },
    warn: (m) => {
      if (warnings.length < 200) warnings.push(m)
    },
    knownHash: (uuid) => known.get(uuid)
  }
  const stage = db.prepare(
    'INSERT OR REPLACE INTO model_import_staging (job_id, run_uuid, key, n, steps, vals, timestamps, latest_value, latest_step, latest_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const clearStaging = (): void => {
    db.prepare('DELETE FROM model_import_staging WHERE job_id = ?').run(hooks.jobId)
  }
  const parsed: {
    store: StoreInput
    runs: ParsedRun[]
    models: ParsedModel[]
    artifacts: Map<string, { sha256: string; size: number }>
  }[] = []
  let metricSeries = 0
  let metricPoints = 0
  try {
    for (const store of stores) {
      const runs: ParsedRun[] = []
      const seen = new Set<string>()
      const deletedExps = deletedExperiments(store)
      let batch: ParsedRun[] = []
      const flushBatch = (): void => {
        if (!batch.length) return
        const rows = batch
        batch = []
        db.transaction(() => {
          for (const r of rows)
            for (const [key, s] of r.metrics ?? []) {
              const l = latestOf(s)
              stage.run(
                hooks.jobId,
                r.runUuid,
                key,
                s.n,
                pack(s.steps),
                pack(s.values),
                pack(s.timestamps),
                l && Number.isFinite(l.value) ? l.value : null,
                l?.step ?? 0,
                l?.timestamp ?? 0
              )
            }
        })()
        // the histories are in staging now; keep only the keys in memory
        for (const r of rows) if (r.metrics) r.metrics = new Map([...r.metrics.keys()].map((k) => [k, EMPTY]))
      }
      let staged = 0
      for (const r of store.runs(ctx)) {
        done++
        if (r) {
          if (seen.has(r.runUuid)) ctx.skip(r.localDir ?? r.runUuid, `run ${r.runUuid} appears twice in this store; the first one was kept`)
          else {
            seen.add(r.runUuid)
            if (r.metrics) {
              const live = !isDeleted(r, deletedExps)
              for (const s of r.metrics.values()) {
                if (live) {
                  metricSeries++
                  metricPoints += s.n
                }
                staged += s.n
              }
              batch.push(r)
            }
            runs.push(r)
          }
        }
        if (staged > 200_000) {
          flushBatch()
          staged = 0
        }
        const now = Date.now()
        if (now - lastProgress > 200 || done === total) {
          lastProgress = now
          flushBatch()
          staged = 0
          if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was written')
          hooks.progress(done, total, `read ${done} of ${total} runs`)
          await hooks.tick()
        }
      }
      flushBatch()
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was written')
      const runDirs = new Map(runs.filter((r) => r.localDir).map((r) => [r.runUuid, r.localDir!]))
      const models = store.registry(ctx, runDirs)
      const artifacts = new Map<string, { sha256: string; size: number }>()
      for (const m of models)
        for (const v of m.versions)
          if (v.artifactLocalPath) {
            try {
              artifacts.set(v.artifactLocalPath, hashArtifact(v.artifactLocalPath))
            } catch (err) {
              ctx.warn(`${m.name} v${v.version}: could not hash ${v.artifactLocalPath}: ${(err as Error).message}`)
            }
          }
      parsed.push({ store, runs, models, artifacts })
    }
    if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was written')
    hooks.progress(total, total, 'writing to the workspace')
    const outcome = db.transaction(() => write(db, kind, parsed, hooks, ctx))()
    clearStaging()
    return {
      touchedModels: outcome.touched,
      report: {
        jobId: hooks.jobId,
        kind,
        path: rootPath,
        stores: stores.map((s) => s.storePath),
        experiments: parsed.reduce((s, p) => s + p.store.experiments.filter((e) => e.lifecycleStage !== DELETED).length, 0),
        runs: outcome.runs,
        metricSeries,
        metricPoints,
        params: outcome.params,
        tags: outcome.tags,
        models: outcome.models,
        versions: outcome.versions,
        aliases: outcome.aliases,
        skipped,
        warnings,
        durationMs: Date.now() - started
      }
    }
  } catch (err) {
    clearStaging()
    throw err
  }
}

function write(
  db: Db,
  kind: ImportReport['kind'],
  parsed: { store: StoreInput; runs: ParsedRun[]; models: ParsedModel[]; artifacts: Map<string, { sha256: string; size: number }> }[],
  hooks: ImportHooks,
  ctx: ParseContext
) {
  const now = hooks.now()
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
  const runByUuid = db.prepare('SELECT id, content_hash FROM model_runs WHERE run_uuid = ?')
  const insRun = db.prepare(
    `INSERT INTO model_runs (experiment_id, run_uuid, name, status, start_time, end_time, user_id, artifact_uri, lifecycle_stage, content_hash, imported_at)
     VALUES (@experiment_id, @run_uuid, @name, @status, @start_time, @end_time, @user_id, @artifact_uri, @lifecycle_stage, @content_hash, @imported_at) RETURNING id`
  )
  const updRun = db.prepare(
    `UPDATE model_runs SET experiment_id = @experiment_id, name = @name, status = @status, start_time = @start_time, end_time = @end_time, user_id = @user_id,
       artifact_uri = @artifact_uri, lifecycle_stage = @lifecycle_stage, content_hash = @content_hash, imported_at = @imported_at WHERE id = @id`
  )
  const delParams = db.prepare('DELETE FROM model_run_params WHERE run_id = ?')
  const delTags = db.prepare('DELETE FROM model_run_tags WHERE run_id = ?')
  const delSeries = db.prepare('DELETE FROM model_metric_series WHERE run_id = ?')
  const delLatest = db.prepare('DELETE FROM model_metric_latest WHERE run_id = ?')
  const insParam = db.prepare('INSERT INTO model_run_params (run_id, key, value) VALUES (?, ?, ?)')
  const insTag = db.prepare('INSERT INTO model_run_tags (run_id, key, value) VALUES (?, ?, ?)')
  const moveSeries = db.prepare(
    'INSERT INTO model_metric_series (run_id, key, n, steps, vals, timestamps) SELECT ?, key, n, steps, vals, timestamps FROM model_import_staging WHERE job_id = ? AND run_uuid = ?'
  )
  const moveLatest = db.prepare(
    'INSERT INTO model_metric_latest (run_id, key, value, step, timestamp) SELECT ?, key, latest_value, latest_step, latest_ts FROM model_import_staging WHERE job_id = ? AND run_uuid = ?'
  )
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

  for (const { store, runs: parsedRuns, models, artifacts } of parsed) {
    const sourceId = (upsertSource.get(store.kind, store.storePath, now) as { id: number }).id
    const deletedExps = deletedExperiments(store)
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
          kind === 'table' ? path.basename(r.experimentExternalId) : `experiment ${r.experimentExternalId}`,
          null,
          'active',
          null,
          null,
          '{}'
        ) as { id: number }
        expId = row.id
        expIds.set(r.experimentExternalId, expId)
      }
      const existing = runByUuid.get(r.runUuid) as { id: number; content_hash: string } | undefined
      const live = !isDeleted(r, deletedExps)
      if (!live) runs.deleted++
      if (existing && existing.content_hash === r.contentHash) {
        if (live) runs.unchanged++
        continue
      }
      if (!r.metrics) throw new Error(`internal: run ${r.runUuid} changed but its metrics were not read`)
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
        imported_at: now
      }
      let id: number
      if (existing) {
        id = existing.id
        updRun.run({ ...row, id })
        delParams.run(id)
        delTags.run(id)
        delSeries.run(id)
        delLatest.run(id)
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
      moveSeries.run(id, hooks.jobId, r.runUuid)
      moveLatest.run(id, hooks.jobId, r.runUuid)
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
          ctx.warn(
            `${m.name} v${v.version}: its run ${v.runUuid} is not in the import; the version has no metrics until that run is imported`
          )
        const art = v.artifactLocalPath ? artifacts.get(v.artifactLocalPath) : undefined
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
          ctx.skip(`${m.name}@${alias}`, `alias points to version ${version}, which is not in the registry`)
          continue
        }
        upsertAlias.run(modelId, alias, vid, now)
        aliases++
      }
    }
  }
  return { runs, versions, params, tags, aliases, models: touched.size, touched: [...touched].map(([id, name]) => ({ id, name })) }
}
