/** Training sets: point-in-time retrieval as a job on a worker, export with a manifest, lineage to a model version, drift checks. */
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { TrainingSetInput, type Manifest, type TrainingSetDetail, type TrainingSetSummary } from '../../../shared/contract/features'
import type { JobStarted } from '../../../shared/contract/jobs'
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import { parseFeatureRef } from '../../../shared/features/refs'
import { startedOf, type JobSpec } from '../../core/jobs'
import { isAbort, publish, userError, workspaceFolder, type FeaturesDeps } from './context'
import type { RecentOutcome } from './engine/recent'
import type { RetrievalRequest, RetrievalResult, RetrievalView } from './engine/retrieval'
import { columnNames, resolveSource } from './files'
import type { TrainingSetRow } from './repo'
import type { ResolvedFeature } from './views'

type Input = z.output<typeof TrainingSetInput>

const ENGINE_MISSING = /DuckDB .*not available|Cannot find module|duckdb\.node|node-bindings/i

export class TrainingSets {
  constructor(private deps: FeaturesDeps) {}

  private row(id: number): TrainingSetRow {
    const r = this.deps.repo.trainingSet(id)
    if (!r) throw notFound(`training set ${id}`)
    return r
  }

  summary(r: TrainingSetRow): TrainingSetSummary {
    const manifest = JSON.parse(r.manifest) as Manifest
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      createdAt: r.created_at,
      rows: r.rows,
      format: r.format,
      outputPath: r.output_path,
      manifestPath: r.manifest_path,
      views: this.deps.repo.trainingSetViews(r.id).map((v) => ({ name: v.view_name, version: v.version })),
      featureCount: manifest.features.length,
      modelVersion: r.model_version_id !== null ? { id: r.model_version_id, label: r.model_version_label ?? '' } : null,
      driftChecks: JSON.parse(r.drift_checks) as { id: number; name: string }[]
    }
  }

  list(view?: string): TrainingSetSummary[] {
    return this.deps.repo.trainingSets(view).map((r) => this.summary(r))
  }

  get(id: number): TrainingSetDetail {
    const r = this.row(id)
    return { ...this.summary(r), manifest: JSON.parse(r.manifest) as Manifest, request: JSON.parse(r.request) as Record<string, unknown> }
  }

  delete(id: number): { id: number } {
    const r = this.row(id)
    this.deps.repo.deleteTrainingSet(id)
    publish(this.deps, 'training-set', r.name)
    return { id }
  }

  /** Checks the request at once (fields named in errors) and resolves every reference to an exact view version. */
  private plan(input: Input): { request: RetrievalRequest; resolved: ResolvedFeature[]; outputPath: string } {
    if (this.deps.repo.trainingSetByName(input.name)) throw invalid('name', 'is already used by another training set')
    let entitySource
    try {
      entitySource = resolveSource(input.entityPath, 'auto', 'entityPath')
    } catch (err) {
      throw userError(err)
    }
    const seen = new Set<string>()
    const resolved = input.features.map((ref) => {
      const r = this.deps.views.resolve(ref)
      const id = `${r.view.name}@v${r.version}:${r.feature.name}`
      if (seen.has(id)) throw invalid('features', `“${ref}” is selected twice`)
      seen.add(id)
      return r
    })
    const byView = new Map<string, ResolvedFeature[]>()
    for (const r of resolved) {
      const same = byView.get(r.view.name)
      if (same && same[0]!.version !== r.version)
        throw invalid(
          'features',
          `${r.view.name} is asked for in two versions (v${same[0]!.version} and v${r.version}); a training set uses one version per view`
        )
      byView.set(r.view.name, [...(same ?? []), r])
    }
    const columns = new Map<string, string>()
    const views: RetrievalView[] = [...byView.values()].map((rs) => {
      const { view, version, definition: def } = rs[0]!
      let source
      try {
        source = resolveSource(def.source.path, def.source.format, 'features')
      } catch (err) {
        throw invalid('features', `${view.name}@v${version}: its source: ${(err as Error).message}`)
      }
      return {
        name: view.name,
        version,
        keys: def.entities,
        timestampField: def.timestampField,
        createdTimestampField: def.createdTimestampField,
        ttlSeconds: view.ttl_s,
        source,
        features: rs.map((r) => {
          const column = input.fullFeatureNames ? `${view.name}__${r.feature.name}` : r.feature.name
          const other = columns.get(column)
          if (other)
            throw invalid(
              'features',
              `two features would both be named “${column}” (${other} and ${r.ref}); turn on full feature names (view__feature)`
            )
          columns.set(column, r.ref)
          return { name: r.feature.name, type: r.feature.type, column }
        })
      }
    })
    const ext = input.format === 'csv' ? 'csv' : 'parquet'
    const outputPath = input.outputPath ?? path.join(workspaceFolder(this.deps, 'training-sets'), `${input.name}.${ext}`)
    if (input.outputPath && fs.existsSync(input.outputPath)) throw invalid('outputPath', 'a file already exists there; choose another path')
    fs.mkdirSync(path.dirname(outputPath), { recursive: true })
    return {
      request: {
        entity: { source: entitySource, timestampColumn: input.timestampColumn },
        views,
        filterByCreatedTimestamp: input.filterByCreatedTimestamp,
        output: { path: outputPath, format: input.format },
        tempDir: `${outputPath}.spill`
      },
      resolved,
      outputPath
    }
  }

  private job(raw: z.input<typeof TrainingSetInput>): JobSpec<{ trainingSetId: number }> {
    const input = TrainingSetInput.parse(raw)
    const { request, resolved, outputPath } = this.plan(input)
    const manifestPath = `${outputPath}.manifest.json`
    const started = this.deps.clock.now()
    return {
      kind: 'features:training-set',
      area: 'features',
      title: `Training set ${input.name}`,
      unit: 'steps',
      route: '/features/training-sets',
      concurrency: 1,
      cleanup: () => {
        for (const f of [outputPath, manifestPath, request.tempDir!]) fs.rmSync(f, { force: true, recursive: true })
      },
      run: async (job) => {
        const progress = (done: number, total: number | null, message?: string): void => job.progress(done, total, message)
        const engine = input.engine === 'auto' ? (this.deps.defaultEngine ?? 'duckdb') : input.engine
        const warnings: string[] = []
        let result: RetrievalResult
        try {
          result = await this.deps.executor.run<RetrievalResult>({ type: 'retrieve', engine, request }, progress, job.signal)
        } catch (err) {
          if (isAbort(err)) throw err
          if (!(input.engine === 'auto' && engine === 'duckdb' && err instanceof Error && ENGINE_MISSING.test(err.message)))
            throw userError(err)
          warnings.push(`DuckDB could not be loaded here (${err.message.split('\n')[0]}); the TypeScript engine was used`)
          result = await this.deps.executor
            .run<RetrievalResult>({ type: 'retrieve', engine: 'typescript', request }, progress, job.signal)
            .catch((e: unknown) => Promise.reject(userError(e)))
        }
        const manifest = await this.manifest(input, request, resolved, result, [...warnings, ...result.warnings], started)
        fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n')
        const id = this.deps.repo.db
          .transaction(() =>
            this.deps.repo.insertTrainingSet(
              {
                name: input.name,
                description: input.description,
                created_at: this.deps.clock.now(),
                rows: result.rows,
                format: input.format,
                output_path: outputPath,
                manifest_path: manifestPath,
                manifest: JSON.stringify(manifest),
                request: JSON.stringify(input)
              },
              request.views.map((v) => ({ name: v.name, version: v.version }))
            )
          )
          .immediate()
        publish(this.deps, 'training-set', input.name)
        return { trainingSetId: id }
      }
    }
  }

  private async manifest(
    input: Input,
    request: RetrievalRequest,
    resolved: ResolvedFeature[],
    result: RetrievalResult,
    warnings: string[],
    started: number
  ): Promise<Manifest> {
    const entityColumns = await columnNames(request.entity.source)
    const features = request.views.flatMap((v) =>
      v.features.map((f) => {
        const nulls = result.nulls[f.column] ?? 0
        return {
          ref: resolved.find((r) => r.view.name === v.name && r.feature.name === f.name)!.ref,
          column: f.column,
          view: v.name,
          version: v.version,
          type: f.type,
          nulls,
          nullRate: result.rows ? nulls / result.rows : 0
        }
      })
    )
    return {
      name: input.name,
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      entityFile: input.entityPath,
      timestampColumn: input.timestampColumn,
      filterByCreatedTimestamp: input.filterByCreatedTimestamp,
      views: request.views.map((v) => ({
        name: v.name,
        version: v.version,
        ttlSeconds: v.ttlSeconds,
        source: v.source.files.length === 1 ? v.source.files[0]! : path.dirname(v.source.files[0]!),
        features: v.features.map((f) => f.name)
      })),
      features,
      rows: result.rows,
      columns: [...entityColumns, ...features.map((f) => f.column)],
      output: { path: request.output.path, format: request.output.format, bytes: fs.statSync(request.output.path).size },
      engine: result.engine,
      durationMs: Math.max(result.durationMs, this.deps.clock.now() - started),
      warnings
    }
  }

  start(raw: z.input<typeof TrainingSetInput>): JobStarted {
    return startedOf(this.deps.jobs.start(this.job(raw)))
  }

  /** Builds a training set and waits for it (tests, the demo). */
  async create(raw: z.input<typeof TrainingSetInput>): Promise<TrainingSetDetail> {
    const { trainingSetId } = await this.deps.jobs.run(() => this.job(raw))
    return this.get(trainingSetId)
  }

  attach(id: number, modelVersionId: number): TrainingSetSummary {
    const r = this.row(id)
    const models = this.deps.models
    if (!models) throw new AppError('UNAVAILABLE', 'the models area is not available')
    const mv = models.version(modelVersionId)
    if (!mv) throw invalid('modelVersionId', 'no such model version')
    const views = this.deps.repo.trainingSetViews(id).map((v) => `${v.view_name}@v${v.version}`)
    models.setTrainingData(mv.id, { trainingSetId: r.id, name: r.name, rows: r.rows, views, path: r.output_path })
    this.deps.repo.setModelVersion(id, mv.id, `${mv.modelName} v${mv.version}`)
    publish(this.deps, 'training-set', r.name)
    return this.summary(this.row(id))
  }

  /** One drift check per view: the training set against the view's values of the last `days` days. */
  private driftJob(id: number, days: number): JobSpec<{ checks: { id: number; name: string }[] }> {
    const r = this.row(id)
    const drift = this.deps.drift
    if (!drift) throw new AppError('UNAVAILABLE', 'the drift area is not available')
    const manifest = JSON.parse(r.manifest) as Manifest
    if (!fs.existsSync(r.output_path)) throw conflict(`the training set's file ${r.output_path} is gone; build the training set again`)
    const [model, version] = r.model_version_label
      ? [r.model_version_label.replace(/ v\d+$/, ''), r.model_version_label.replace(/^.* v/, '')]
      : ['', '']
    return {
      kind: 'features:drift-check',
      area: 'features',
      title: `Drift checks for ${r.name}`,
      unit: 'views',
      route: `/features/training-sets/${id}`,
      run: async (job) => {
        const checks: { id: number; name: string }[] = []
        const folder = workspaceFolder(this.deps, 'features-recent')
        fs.mkdirSync(folder, { recursive: true })
        const stamp = new Date(this.deps.clock.now()).toISOString().slice(0, 16).replace('T', ' ')
        for (const [i, v] of manifest.views.entries()) {
          job.progress(i, manifest.views.length, `recent values of ${v.name}`)
          const viewRow = this.deps.repo.view(v.name)
          if (!viewRow) throw invalid('id', `the view ${v.name} no longer exists`)
          const def = this.deps.views.definition(viewRow, v.version)
          const mine = manifest.features.filter((f) => f.view === v.name)
          const out = path.join(folder, `${r.name}-${v.name}-${this.deps.clock.now()}.csv`)
          const recent = await this.deps.executor
            .run<RecentOutcome>(
              {
                type: 'recent',
                request: {
                  source: resolveSource(def.source.path, def.source.format, 'id'),
                  timestampField: def.timestampField,
                  features: mine.map((f) => ({ name: parseFeatureRef(f.ref)!.feature, type: f.type, column: f.column })),
                  days,
                  out
                }
              },
              () => {},
              job.signal
            )
            .catch((e: unknown) => Promise.reject(userError(e)))
          if (recent.rows === 0) throw invalid('days', `${v.name} has no values in the last ${days} days of its data`)
          const own = new Set(mine.map((f) => f.column))
          const base = `${r.name} · ${v.name} · last ${days}d · ${stamp}`.slice(0, 110)
          let made: { checkId: number; name: string } | null = null
          for (let n = 1; !made; n++) {
            try {
              made = await drift.createFileCheck({
                name: n === 1 ? base : `${base} (${n})`,
                referencePath: r.output_path,
                currentPath: out,
                model,
                version,
                ignore: manifest.columns.filter((c) => !own.has(c))
              })
            } catch (err) {
              if (!(err instanceof AppError && err.field === 'name' && n < 5)) throw err
            }
          }
          checks.push({ id: made.checkId, name: made.name })
        }
        const all = [...(JSON.parse(this.row(id).drift_checks) as { id: number; name: string }[]), ...checks]
        this.deps.repo.setDriftChecks(id, all)
        publish(this.deps, 'training-set', r.name)
        return { checks }
      }
    }
  }

  startDriftCheck(id: number, days: number): JobStarted {
    return startedOf(this.deps.jobs.start(this.driftJob(id, days)))
  }

  createDriftCheck(id: number, days: number): Promise<{ checks: { id: number; name: string }[] }> {
    return this.deps.jobs.run(() => this.driftJob(id, days))
  }
}
