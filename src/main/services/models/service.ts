import crypto from 'node:crypto'
import fs from 'node:fs'
import { AppError, conflict, notFound } from '../../../shared/errors'
import type { ChannelOutput, Comparison, CompareItem, EvaluationResult, ImportReport, ModelDetail, ModelSummary, ParsedInput, RunDetail, Stage, VersionDetail, VersionSummary } from '../../../shared/contract'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { PaletteItem } from '../../core/palette'
import type { Db } from '../../db/open'
import { guessDirection } from './direction'
import { evaluate } from './eval/evaluate'
import { runImport, type StoreInput } from './importer'
import { MlflowDb } from './mlflowDb'
import { findStores, hashArtifact, parseRegistry, parseRun, scanStore } from './mlruns'
import { ModelsRepo, type ModelRow, type VersionRow } from './repo'
import { lttb, sortedByStep, unpack } from './series'
import { parseTableFile } from './table'
import { readTable } from './tabular'
import type { ParseContext } from './types'

export interface ModelsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  nativeBinding?: string
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))
const json = <T>(s: string): T => JSON.parse(s) as T

/** Model registry, MLflow import, comparison and offline evaluation. */
export class ModelsService {
  readonly repo: ModelsRepo
  private jobs = new Map<string, AbortController>()

  constructor(private deps: ModelsDeps) {
    this.repo = new ModelsRepo(deps.db)
    // staging left behind by a crash is never visible; clear it
    deps.db.prepare('DELETE FROM model_import_staging').run()
  }

  private changed(modelId: number, kind: 'stage' | 'alias' | 'version' | 'import' | 'evaluation', description: string, versionId?: number): void {
    this.deps.bus.publish('models:changed', versionId === undefined ? { modelId, kind, description } : { modelId, versionId, kind, description })
  }

  // ---------- registry ----------

  private summary(m: ModelRow): ModelSummary {
    const versions = this.deps.db.prepare('SELECT version, stage FROM model_versions WHERE model_id = ?').all(m.id) as { version: number; stage: string }[]
    const stages: Record<string, number> = {}
    for (const v of versions) stages[v.stage] = (stages[v.stage] ?? 0) + 1
    const aliases = this.deps.db
      .prepare('SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias')
      .all(m.id) as { alias: string; version: number }[]
    return {
      id: m.id,
      name: m.name,
      description: m.description,
      owner: m.owner,
      tags: json(m.tags),
      createdAt: m.created_at,
      updatedAt: m.updated_at,
      versionCount: versions.length,
      latestVersion: versions.length ? Math.max(...versions.map((v) => v.version)) : null,
      stages,
      aliases
    }
  }

  list(search = ''): ModelSummary[] {
    const q = search.trim().toLowerCase()
    return this.repo
      .models()
      .filter((m) => !q || m.name.toLowerCase().includes(q) || m.description.toLowerCase().includes(q) || m.owner.toLowerCase().includes(q) || m.tags.toLowerCase().includes(q))
      .map((m) => this.summary(m))
  }

  private modelOrThrow(id: number): ModelRow {
    const m = this.repo.model(id)
    if (!m) throw notFound(`model ${id}`)
    return m
  }

  private versionOrThrow(id: number): VersionRow {
    const v = this.repo.version(id)
    if (!v) throw notFound(`model version ${id}`)
    return v
  }

  get(id: number): ModelDetail {
    const m = this.modelOrThrow(id)
    return { ...this.summary(m), card: m.card, versions: this.repo.versions(id).map((v) => this.versionSummary(v, m)) }
  }

  create(input: ParsedInput<'models:create'>): ModelSummary {
    if (this.repo.modelByName(input.name)) throw conflict(`a model named “${input.name}” already exists`, 'name')
    const now = this.deps.clock.now()
    const row = this.deps.db
      .prepare('INSERT INTO models (name, description, owner, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *')
      .get(input.name, input.description, input.owner, JSON.stringify(input.tags), now, now) as ModelRow
    this.changed(row.id, 'version', `model ${row.name} registered`)
    return this.summary(row)
  }

  update(input: ParsedInput<'models:update'>): ModelSummary {
    const m = this.modelOrThrow(input.id)
    const next = {
      description: input.description ?? m.description,
      owner: input.owner ?? m.owner,
      tags: input.tags ? JSON.stringify(input.tags) : m.tags,
      card: input.card ?? m.card
    }
    this.deps.db.prepare('UPDATE models SET description = ?, owner = ?, tags = ?, card = ?, updated_at = ? WHERE id = ?').run(next.description, next.owner, next.tags, next.card, this.deps.clock.now(), m.id)
    this.changed(m.id, 'version', `model ${m.name} edited`)
    return this.summary(this.modelOrThrow(m.id))
  }

  delete(id: number): { deleted: boolean } {
    const m = this.modelOrThrow(id)
    this.deps.db.prepare('DELETE FROM models WHERE id = ?').run(id)
    this.changed(id, 'version', `model ${m.name} deleted`)
    return { deleted: true }
  }

  private versionSummary(v: VersionRow, m?: ModelRow): VersionSummary {
    const model = m ?? this.modelOrThrow(v.model_id)
    const run = v.run_id ? this.repo.run(v.run_id) : undefined
    const aliases = (this.deps.db.prepare('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias').pluck().all(v.id) as string[]) ?? []
    return {
      id: v.id,
      modelId: v.model_id,
      modelName: model.name,
      version: v.version,
      createdAt: v.created_at,
      stage: v.stage as Stage,
      status: v.status,
      runId: v.run_id,
      runUuid: v.run_uuid,
      runName: run?.name ?? null,
      aliases,
      description: v.description
    }
  }

  allVersions(search = ''): VersionSummary[] {
    const q = search.trim().toLowerCase()
    const models = new Map(this.repo.models().map((m) => [m.id, m]))
    return this.repo
      .versions()
      .map((v) => this.versionSummary(v, models.get(v.model_id)))
      .filter((v) => !q || `${v.modelName} v${v.version} ${v.runName ?? ''} ${v.aliases.join(' ')} ${v.stage}`.toLowerCase().includes(q))
  }

  runDetail(runId: number): RunDetail {
    const r = this.repo.run(runId)
    if (!r) throw notFound(`run ${runId}`)
    const versions = this.deps.db
      .prepare('SELECT v.id, m.name AS modelName, v.version FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.run_id = ? ORDER BY m.name, v.version')
      .all(runId) as { id: number; modelName: string; version: number }[]
    return {
      id: r.id,
      runUuid: r.run_uuid,
      name: r.name,
      status: r.status,
      startTime: r.start_time,
      endTime: r.end_time,
      userId: r.user_id,
      artifactUri: r.artifact_uri,
      experiment: this.repo.experimentOf(r.id),
      metrics: this.repo.latest(r.id).map((l) => ({ ...l, value: l.value !== null && Number.isFinite(l.value) ? l.value : null })),
      params: this.repo.params(r.id),
      tags: this.repo.tags(r.id),
      versions
    }
  }

  version(id: number): VersionDetail {
    const v = this.versionOrThrow(id)
    const parent = v.parent_version_id ? this.repo.version(v.parent_version_id) : undefined
    const children = this.deps.db.prepare('SELECT id, version FROM model_versions WHERE parent_version_id = ? ORDER BY version').all(v.id) as { id: number; version: number }[]
    const evaluations = this.deps.db
      .prepare('SELECT e.id, e.name, e.created_at AS createdAt FROM model_evaluations e JOIN model_evaluation_versions ev ON ev.evaluation_id = e.id WHERE ev.version_id = ? ORDER BY e.created_at DESC')
      .all(v.id) as { id: number; name: string; createdAt: number }[]
    return {
      ...this.versionSummary(v),
      updatedAt: v.updated_at,
      source: v.source,
      tags: json(v.tags),
      artifactPath: v.artifact_path,
      artifactSha256: v.artifact_sha256,
      artifactSize: v.artifact_size,
      dataset: v.dataset,
      notes: v.notes,
      card: v.card,
      parent: parent ? { id: parent.id, version: parent.version } : null,
      children,
      run: v.run_id ? this.runDetail(v.run_id) : null,
      transitions: this.repo.transitions(v.id).map((t) => ({ at: t.at, from: t.from_stage, to: t.to_stage, comment: t.comment })),
      evaluations
    }
  }

  createVersion(input: ParsedInput<'models:createVersion'>): VersionSummary {
    const m = this.modelOrThrow(input.modelId)
    const run = input.runId ? this.repo.run(input.runId) : undefined
    if (input.runId && !run) throw notFound(`run ${input.runId}`)
    if (input.parentVersionId) {
      const p = this.versionOrThrow(input.parentVersionId)
      if (p.model_id !== m.id) throw new AppError('VALIDATION', 'the parent version must belong to the same model', 'parentVersionId')
    }
    let art: { sha256: string; size: number } | null = null
    if (input.artifactPath) {
      if (!fs.existsSync(input.artifactPath)) throw new AppError('NOT_FOUND', `${input.artifactPath} does not exist on the machine running the console`, 'artifactPath')
      art = hashArtifactSafe(input.artifactPath)
    }
    const now = this.deps.clock.now()
    const next = ((this.deps.db.prepare('SELECT max(version) FROM model_versions WHERE model_id = ?').pluck().get(m.id) as number | null) ?? 0) + 1
    const row = this.deps.db
      .prepare(
        `INSERT INTO model_versions (model_id, version, created_at, updated_at, run_id, run_uuid, source, description, tags, artifact_path, artifact_sha256, artifact_size, dataset, notes, parent_version_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`
      )
      .get(m.id, next, now, now, run?.id ?? null, run?.run_uuid ?? null, run ? `runs:/${run.run_uuid}` : (input.artifactPath ?? ''), input.description, JSON.stringify(input.tags), input.artifactPath ?? null, art?.sha256 ?? null, art?.size ?? null, input.dataset ?? null, input.notes, input.parentVersionId ?? null) as VersionRow
    this.deps.db.prepare('UPDATE models SET updated_at = ? WHERE id = ?').run(now, m.id)
    this.changed(m.id, 'version', `${m.name} v${next} registered`, row.id)
    return this.versionSummary(row, m)
  }

  updateVersion(input: ParsedInput<'models:updateVersion'>): VersionSummary {
    const v = this.versionOrThrow(input.id)
    if (input.parentVersionId !== undefined && input.parentVersionId !== null) {
      if (input.parentVersionId === v.id) throw new AppError('VALIDATION', 'a version cannot be its own parent', 'parentVersionId')
      const p = this.versionOrThrow(input.parentVersionId)
      if (p.model_id !== v.model_id) throw new AppError('VALIDATION', 'the parent version must belong to the same model', 'parentVersionId')
      // no cycles
      for (let cur: VersionRow | undefined = p; cur; cur = cur.parent_version_id ? this.repo.version(cur.parent_version_id) : undefined)
        if (cur.id === v.id) throw new AppError('VALIDATION', 'that parent would make the lineage a cycle', 'parentVersionId')
    }
    this.deps.db
      .prepare('UPDATE model_versions SET description = ?, notes = ?, card = ?, tags = ?, dataset = ?, parent_version_id = ?, updated_at = ? WHERE id = ?')
      .run(
        input.description ?? v.description,
        input.notes ?? v.notes,
        input.card ?? v.card,
        input.tags ? JSON.stringify(input.tags) : v.tags,
        input.dataset === undefined ? v.dataset : input.dataset,
        input.parentVersionId === undefined ? v.parent_version_id : input.parentVersionId,
        this.deps.clock.now(),
        v.id
      )
    const m = this.modelOrThrow(v.model_id)
    this.changed(m.id, 'version', `${m.name} v${v.version} edited`, v.id)
    return this.versionSummary(this.versionOrThrow(v.id), m)
  }

  transition(input: ParsedInput<'models:transition'>): VersionSummary {
    const v = this.versionOrThrow(input.id)
    const m = this.modelOrThrow(v.model_id)
    if (v.stage === input.stage) throw new AppError('VALIDATION', `${m.name} v${v.version} is already in ${input.stage}`, 'stage')
    const now = this.deps.clock.now()
    const archived: VersionRow[] = []
    this.deps.db.transaction(() => {
      this.deps.db.prepare('UPDATE model_versions SET stage = ?, updated_at = ? WHERE id = ?').run(input.stage, now, v.id)
      this.repo.addTransition(v.id, now, v.stage, input.stage, input.comment)
      if (input.archiveOthers && input.stage !== 'None' && input.stage !== 'Archived') {
        for (const o of this.deps.db.prepare('SELECT * FROM model_versions WHERE model_id = ? AND stage = ? AND id != ?').all(m.id, input.stage, v.id) as VersionRow[]) {
          this.deps.db.prepare("UPDATE model_versions SET stage = 'Archived', updated_at = ? WHERE id = ?").run(now, o.id)
          this.repo.addTransition(o.id, now, o.stage, 'Archived', `archived when v${v.version} moved to ${input.stage}`)
          archived.push(o)
        }
      }
    })()
    const comment = input.comment ? ` (“${input.comment}”)` : ''
    this.changed(m.id, 'stage', `${m.name} v${v.version}: ${v.stage} → ${input.stage}${comment}`, v.id)
    for (const o of archived) this.changed(m.id, 'stage', `${m.name} v${o.version}: ${o.stage} → Archived`, o.id)
    return this.versionSummary(this.versionOrThrow(v.id), m)
  }

  setAlias(versionId: number, alias: string): VersionSummary {
    const v = this.versionOrThrow(versionId)
    const m = this.modelOrThrow(v.model_id)
    const before = this.deps.db.prepare('SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? AND a.alias = ?').pluck().get(m.id, alias) as number | undefined
    this.deps.db
      .prepare('INSERT INTO model_aliases (model_id, alias, version_id, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, updated_at = excluded.updated_at')
      .run(m.id, alias, v.id, this.deps.clock.now())
    this.changed(m.id, 'alias', `${m.name}@${alias} → v${v.version}${before !== undefined && before !== v.version ? ` (was v${before})` : ''}`, v.id)
    return this.versionSummary(v, m)
  }

  removeAlias(modelId: number, alias: string): { removed: boolean } {
    const m = this.modelOrThrow(modelId)
    const res = this.deps.db.prepare('DELETE FROM model_aliases WHERE model_id = ? AND alias = ?').run(modelId, alias)
    if (res.changes) this.changed(m.id, 'alias', `${m.name}@${alias} removed`)
    return { removed: res.changes > 0 }
  }

  runs(search = '', limit = 500): ChannelOutput<'models:runs'> {
    const q = `%${search.trim().toLowerCase()}%`
    return this.deps.db
      .prepare(
        `SELECT r.id, r.run_uuid AS runUuid, r.name, r.status, e.name AS experiment, r.start_time AS startTime,
           (SELECT count(*) FROM model_metric_latest l WHERE l.run_id = r.id) AS metricCount
         FROM model_runs r JOIN model_experiments e ON e.id = r.experiment_id
         WHERE lower(r.name) LIKE ? OR lower(r.run_uuid) LIKE ? OR lower(e.name) LIKE ?
         ORDER BY r.start_time DESC, r.id DESC LIMIT ?`
      )
      .all(q, q, q, limit) as ChannelOutput<'models:runs'>
  }

  // ---------- jobs ----------

  private startJob(jobId: string | undefined, signal?: AbortSignal): { id: string; signal: AbortSignal; end(): void } {
    const id = jobId ?? crypto.randomUUID()
    if (this.jobs.has(id)) throw conflict(`job ${id} is already running`)
    const ctl = new AbortController()
    this.jobs.set(id, ctl)
    const onAbort = (): void => ctl.abort()
    if (signal?.aborted) ctl.abort()
    signal?.addEventListener('abort', onAbort)
    return {
      id,
      signal: ctl.signal,
      end: () => {
        signal?.removeEventListener('abort', onAbort)
        this.jobs.delete(id)
      }
    }
  }

  cancel(jobId: string): { cancelled: boolean } {
    const ctl = this.jobs.get(jobId)
    if (!ctl) return { cancelled: false }
    ctl.abort()
    return { cancelled: true }
  }

  private progress(jobId: string, kind: string) {
    return (done: number, total: number | null, message?: string, state: 'running' | 'done' | 'failed' | 'cancelled' = 'running'): void =>
      this.deps.bus.publish('job:progress', { jobId, kind, done, total, state, ...(message ? { message } : {}) })
  }

  private async runImportJob(kind: ImportReport['kind'], rootPath: string, jobId: string | undefined, signal: AbortSignal | undefined, build: () => StoreInput[], cleanup?: () => void): Promise<ImportReport> {
    const job = this.startJob(jobId, signal)
    const progress = this.progress(job.id, `models:import:${kind}`)
    try {
      progress(0, null, `scanning ${rootPath}`)
      const stores = build()
      const outcome = await runImport(this.deps.db, kind, rootPath, stores, {
        jobId: job.id,
        signal: job.signal,
        now: () => this.deps.clock.now(),
        progress: (d, t, m) => progress(d, t, m),
        tick
      })
      const r = outcome.report
      progress(r.runs.created + r.runs.updated + r.runs.unchanged, r.runs.created + r.runs.updated + r.runs.unchanged, 'import finished', 'done')
      const what = `${r.runs.created} new, ${r.runs.updated} updated run(s) and ${r.versions.created} new version(s) from ${rootPath}`
      if (outcome.touchedModels.length) for (const m of outcome.touchedModels) this.changed(m.id, 'import', `imported ${m.name}: ${what}`)
      else this.changed(0, 'import', `imported ${what}`)
      return r
    } catch (err) {
      const cancelled = err instanceof AppError && err.code === 'CANCELLED'
      progress(0, null, (err as Error).message, cancelled ? 'cancelled' : 'failed')
      throw err
    } finally {
      cleanup?.()
      job.end()
    }
  }

  importMlruns(rootPath: string, jobId?: string, signal?: AbortSignal): Promise<ImportReport> {
    return this.runImportJob('mlruns', rootPath, jobId, signal, () =>
      findStores(rootPath).map((storePath) => {
        const skips: { path: string; reason: string }[] = []
        const scanCtx = { skip: (p: string, reason: string) => void skips.push({ path: p, reason }) } as unknown as ParseContext
        const scan = scanStore(storePath, scanCtx)
        return {
          storePath,
          kind: 'mlruns' as const,
          experiments: scan.experiments.map((e) => e.exp),
          runCount: scan.runDirs.length,
          runs: function* (ctx: ParseContext) {
            for (const s of skips) ctx.skip(s.path, s.reason)
            for (const r of scan.runDirs) {
              try {
                yield parseRun(r.dir, r.experimentExternalId, ctx)
              } catch (err) {
                ctx.skip(r.dir, `could not read this run: ${(err as Error).message}`)
                yield null
              }
            }
          },
          registry: (ctx: ParseContext, runDirs: Map<string, string>) => parseRegistry(storePath, runDirs, ctx)
        }
      })
    )
  }

  importMlflowDb(file: string, jobId?: string, signal?: AbortSignal): Promise<ImportReport> {
    let src: MlflowDb | undefined
    return this.runImportJob(
      'mlflow-db',
      file,
      jobId,
      signal,
      () => {
        src = new MlflowDb(file, this.deps.nativeBinding)
        const s = src
        return [{ storePath: file, kind: 'mlflow-db', experiments: s.experiments(), runCount: s.runCount(), runs: (ctx) => s.runs(ctx), registry: () => s.registry() }]
      },
      () => src?.close()
    )
  }

  importTable(file: string, experiment: string, jobId?: string, signal?: AbortSignal): Promise<ImportReport> {
    return this.runImportJob('table', file, jobId, signal, () => {
      const pending: { path: string; reason: string }[] = []
      const warns: string[] = []
      const runs = parseTableFile(
        file,
        { skip: (p, r) => pending.push({ path: p, reason: r }), warn: (m) => warns.push(m), knownHash: () => undefined, progress: () => undefined } as ParseContext,
        this.deps.clock.now()
      )
      if (runs.length === 0) throw new AppError('VALIDATION', `${file} holds no runs`, 'path')
      return [
        {
          storePath: file,
          kind: 'table',
          experiments: [{ externalId: runs[0]!.experimentExternalId, name: experiment, artifactLocation: null, lifecycleStage: 'active', createdAt: null, updatedAt: null, tags: {} }],
          runCount: runs.length,
          runs: function* (ctx) {
            for (const s of pending) ctx.skip(s.path, s.reason)
            for (const w of warns) ctx.warn(w)
            yield* runs
          },
          registry: () => []
        }
      ]
    })
  }

  // ---------- compare ----------

  direction(key: string, overrides = this.repo.directions()): { higherIsBetter: boolean; directionSource: 'name' | 'user' | 'default' } {
    const o = overrides.get(key.replace(/^eval:/, ''))
    if (o !== undefined) return { higherIsBetter: o, directionSource: 'user' }
    const g = guessDirection(key)
    return { higherIsBetter: g.higherIsBetter, directionSource: g.source }
  }

  setMetricDirection(key: string, higherIsBetter: boolean | null): { key: string; higherIsBetter: boolean } {
    if (higherIsBetter === null) this.deps.db.prepare('DELETE FROM model_metric_directions WHERE key = ?').run(key)
    else
      this.deps.db
        .prepare('INSERT INTO model_metric_directions (key, higher_is_better) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET higher_is_better = excluded.higher_is_better')
        .run(key, higherIsBetter ? 1 : 0)
    return { key, higherIsBetter: this.direction(key).higherIsBetter }
  }

  compare(input: { items: CompareItem[]; baseline?: number; evaluationId?: number | undefined; maxPoints?: number }): Comparison {
    const baseline = input.baseline ?? 0
    const maxPoints = input.maxPoints ?? 400
    if (baseline >= input.items.length) throw new AppError('VALIDATION', `baseline ${baseline} is not one of the ${input.items.length} items`, 'baseline')
    const seen = new Set<string>()
    const items = input.items.map((it) => {
      const k = `${it.kind}:${it.id}`
      if (seen.has(k)) throw new AppError('VALIDATION', `${it.kind} ${it.id} is picked twice`, 'items')
      seen.add(k)
      if (it.kind === 'version') {
        const v = this.versionOrThrow(it.id)
        const m = this.modelOrThrow(v.model_id)
        return { kind: it.kind, id: it.id, label: `${m.name} v${v.version}`, runId: v.run_id, versionId: v.id, stage: v.stage }
      }
      const r = this.repo.run(it.id)
      if (!r) throw notFound(`run ${it.id}`)
      return { kind: it.kind, id: it.id, label: r.name, runId: r.id, versionId: null, stage: null }
    })
    const overrides = this.repo.directions()
    const latest = items.map((it) => new Map(it.runId ? this.repo.latest(it.runId).map((l) => [l.key, l.value]) : []))
    const keys = [...new Set(latest.flatMap((m) => [...m.keys()]))].sort()
    const metrics: Comparison['metrics'] = keys.map((key) => {
      const values = latest.map((m) => {
        const v = m.get(key)
        return v === undefined || v === null || !Number.isFinite(v) ? null : v
      })
      return { key, source: 'run' as const, ...this.direction(key, overrides), ...marks(values, baseline, this.direction(key, overrides).higherIsBetter) }
    })
    // evaluation metrics
    const versionIds = items.map((i) => i.versionId).filter((v): v is number => v !== null)
    let evaluationId = input.evaluationId
    if (evaluationId === undefined && versionIds.length) {
      evaluationId = this.deps.db
        .prepare(`SELECT evaluation_id FROM model_evaluation_versions ev JOIN model_evaluations e ON e.id = ev.evaluation_id WHERE version_id IN (${versionIds.map(() => '?').join(',')}) ORDER BY e.created_at DESC, e.id DESC LIMIT 1`)
        .pluck()
        .get(...versionIds) as number | undefined
    }
    let evaluation: Comparison['evaluation'] = null
    if (evaluationId !== undefined) {
      const ev = this.evaluation(evaluationId)
      evaluation = { id: ev.id, name: ev.name }
      const byVersion = new Map(ev.versions.map((v) => [v.versionId, v]))
      const evKeys = [...new Set(ev.versions.flatMap((v) => v.metrics.map((m) => m.key)))]
      for (const key of evKeys) {
        const cells = items.map((it) => (it.versionId !== null ? byVersion.get(it.versionId)?.metrics.find((m) => m.key === key) : undefined))
        const values = cells.map((c) => c?.value ?? null)
        const dir = this.direction(key, overrides)
        metrics.push({ key: `eval:${key}`, source: 'evaluation', ...dir, ...marks(values, baseline, dir.higherIsBetter), ci: cells.map((c) => c?.ci ?? null) })
      }
    }
    const kv = (get: (runId: number) => Record<string, string>): Comparison['params'] => {
      const maps = items.map((it) => (it.runId ? get(it.runId) : {}))
      const ks = [...new Set(maps.flatMap((m) => Object.keys(m)))].sort()
      return ks.map((key) => {
        const values = maps.map((m) => m[key] ?? null)
        return { key, values, differs: new Set(values).size > 1 }
      })
    }
    const seriesByItem = items.map((it) => new Map(it.runId ? this.repo.series(it.runId).map((s) => [s.key, s]) : []))
    const history: Comparison['history'] = keys.map((key) => ({
      key,
      series: seriesByItem.map((m) => {
        const s = m.get(key)
        if (!s) return null
        const sorted = sortedByStep({ n: s.n, steps: unpack(s.steps), values: unpack(s.vals), timestamps: unpack(s.timestamps) })
        const d = lttb(sorted.steps, sorted.values, maxPoints)
        return { steps: d.x, values: d.y, n: s.n }
      })
    }))
    return { items, baseline, metrics, params: kv((id) => this.repo.params(id)), tags: kv((id) => this.repo.tags(id)), history, evaluation }
  }

  // ---------- evaluation ----------

  async evaluate(input: ParsedInput<'models:evaluate'>, signal?: AbortSignal): Promise<EvaluationResult> {
    const labels = input.predictions.map((p) => {
      const v = this.versionOrThrow(p.versionId)
      return `${this.modelOrThrow(v.model_id).name} v${v.version}`
    })
    if (new Set(input.predictions.map((p) => p.versionId)).size !== input.predictions.length) throw new AppError('VALIDATION', 'a version is picked twice', 'predictions')
    const job = this.startJob(input.jobId, signal)
    const progress = this.progress(job.id, 'models:evaluate')
    try {
      progress(0, null, `reading ${input.holdoutPath}`)
      const out = await evaluate(
        {
          task: input.task,
          holdoutPath: input.holdoutPath,
          labelColumn: input.labelColumn,
          idColumn: input.idColumn || undefined,
          positiveLabel: input.positiveLabel,
          predictions: input.predictions.map((p, i) => ({ ...p, label: labels[i]! })),
          resamples: input.resamples,
          seed: input.seed,
          confidence: input.confidence,
          calibrationBins: input.calibrationBins
        },
        { signal: job.signal, progress: (d, t, m) => progress(d, t, m), tick }
      )
      if (job.signal.aborted) throw new AppError('CANCELLED', 'evaluation cancelled; nothing was stored')
      const now = this.deps.clock.now()
      const name = input.name || `${input.task} on ${input.holdoutPath.split(/[\\/]/).pop()}`
      const { jobId: _j, ...settings } = input
      void _j
      const id = this.deps.db.transaction(() => {
        const row = this.deps.db
          .prepare('INSERT INTO model_evaluations (name, task, holdout_path, created_at, settings, result) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
          .get(name, input.task, input.holdoutPath, now, JSON.stringify(settings), JSON.stringify(out)) as { id: number }
        const link = this.deps.db.prepare('INSERT INTO model_evaluation_versions (evaluation_id, version_id, position) VALUES (?, ?, ?)')
        input.predictions.forEach((p, i) => link.run(row.id, p.versionId, i))
        return row.id
      })()
      progress(input.resamples, input.resamples, 'evaluation stored', 'done')
      const modelIds = new Set(input.predictions.map((p) => this.versionOrThrow(p.versionId).model_id))
      for (const mid of modelIds) this.changed(mid, 'evaluation', `evaluation “${name}” of ${labels.join(', ')} stored`)
      return this.evaluation(id)
    } catch (err) {
      const cancelled = err instanceof AppError && err.code === 'CANCELLED'
      progress(0, null, (err as Error).message, cancelled ? 'cancelled' : 'failed')
      throw err
    } finally {
      job.end()
    }
  }

  evaluations(versionId?: number): ChannelOutput<'models:evaluations'> {
    const rows = (versionId === undefined
      ? this.deps.db.prepare('SELECT id, name, task, created_at AS createdAt FROM model_evaluations ORDER BY created_at DESC, id DESC').all()
      : this.deps.db
          .prepare('SELECT e.id, e.name, e.task, e.created_at AS createdAt FROM model_evaluations e JOIN model_evaluation_versions ev ON ev.evaluation_id = e.id WHERE ev.version_id = ? ORDER BY e.created_at DESC, e.id DESC')
          .all(versionId)) as { id: number; name: string; task: string; createdAt: number }[]
    const vids = this.deps.db.prepare('SELECT version_id FROM model_evaluation_versions WHERE evaluation_id = ? ORDER BY position').pluck()
    return rows.map((r) => ({ ...r, versionIds: vids.all(r.id) as number[] }))
  }

  evaluation(id: number): EvaluationResult {
    const row = this.deps.db.prepare('SELECT * FROM model_evaluations WHERE id = ?').get(id) as
      | { id: number; name: string; task: 'classification' | 'regression'; holdout_path: string; created_at: number; settings: string; result: string }
      | undefined
    if (!row) throw notFound(`evaluation ${id}`)
    const settings = json<{ resamples: number; seed: number; confidence: number }>(row.settings)
    const result = json<Omit<EvaluationResult, 'id' | 'name' | 'task' | 'holdoutPath' | 'createdAt' | 'resamples' | 'seed' | 'confidence'>>(row.result)
    return { id: row.id, name: row.name, task: row.task, holdoutPath: row.holdout_path, createdAt: row.created_at, resamples: settings.resamples, seed: settings.seed, confidence: settings.confidence, ...result }
  }

  async previewFile(file: string): Promise<ChannelOutput<'models:previewFile'>> {
    const t = await readTable(file)
    return { columns: t.columns, rows: t.rows.length, sample: t.rows.slice(0, 5) }
  }

  // ---------- palette ----------

  palette(q: string, limit: number): PaletteItem[] {
    const out: PaletteItem[] = []
    for (const m of this.repo.models()) {
      if (out.length >= limit) break
      if (!q || m.name.toLowerCase().includes(q)) out.push({ kind: 'model', id: String(m.id), title: m.name, subtitle: m.description.slice(0, 60) || 'model', route: `/models/${m.id}` })
    }
    if (q)
      for (const v of this.allVersions(q)) {
        if (out.length >= limit) break
        out.push({ kind: 'model version', id: String(v.id), title: `${v.modelName} v${v.version}`, subtitle: [v.stage, ...v.aliases.map((a) => `@${a}`)].join(' '), route: `/models/version/${v.id}` })
      }
    return out
  }
}

/** Deltas against the baseline and the best value marked (ties all marked; nothing marked when all are equal). */
export function marks(values: (number | null)[], baseline: number, higherIsBetter: boolean): { values: (number | null)[]; deltas: (number | null)[]; best: boolean[] } {
  const present = values.filter((v): v is number => v !== null)
  const best = present.length ? (higherIsBetter ? Math.max(...present) : Math.min(...present)) : null
  const base = values[baseline] ?? null
  return {
    values,
    deltas: values.map((v) => (v === null || base === null ? null : v - base)),
    best: values.map((v) => v !== null && present.length > 1 && v === best && present.some((p) => p !== best))
  }
}

function hashArtifactSafe(p: string): { sha256: string; size: number } {
  try {
    return hashArtifact(p)
  } catch (err) {
    throw new AppError('VALIDATION', `could not read ${p}: ${(err as Error).message}`, 'artifactPath')
  }
}
