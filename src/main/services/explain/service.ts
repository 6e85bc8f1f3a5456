/** Explain area: SHAP explanations of versions over data files (jobs on a worker), one-row explanations, views, endpoints. */
import fs from 'node:fs'
import path from 'node:path'
import type { ParsedInput } from '../../../shared/contract'
import {
  EndpointInput,
  type Beeswarm,
  type Dependence,
  type Endpoint,
  type ExplainComparison,
  type ExplanationDetail,
  type ExplanationSummary,
  type ModelInfo,
  type RowDetail,
  type RowExplanation
} from '../../../shared/contract/explain'
import type { JobStarted } from '../../../shared/contract/jobs'
import { AppError, invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { isCancellation, startedOf, type JobService, type JobSpec } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { PaletteItem } from '../../core/palette'
import type { Db } from '../../db/open'
import type { ModelsReader } from '../models/api'
import { inlineExplainExecutor, type ExplainExecutor } from './executor'
import { readModelFile } from './model/read'
import { ModelFormatError } from './model/types'
import { ExplainRepo, toSummary, type RunRow } from './repo'
import { runRow, type DatasetResult, type ModelSpec, type Settings, type Summary } from './run'
import { beeswarm, compare, dependence, rowDetail, toCsv, type Loaded } from './views'

export interface ExplainDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  /** The registry's narrow port: a version's artifact. */
  models: ModelsReader | null
  executor?: ExplainExecutor
  file?: string
  nativeBinding?: string
}

type DatasetInput = ParsedInput<'explain:explainDataset'>
type RowInput = ParsedInput<'explain:explainRow'>

interface Resolved {
  spec: ModelSpec
  kind: RunRow['model_kind']
  source: string
  versionId: number | null
  versionLabel: string | null
}

const isFile = (p: string): boolean => fs.existsSync(p) && fs.statSync(p).isFile()

export class ExplainService {
  readonly repo: ExplainRepo
  private executor: ExplainExecutor
  private loaded = new Map<number, Loaded>()
  /** Jobs of explanations started by this process and not ended yet. */
  private active = new Set<string>()

  constructor(private deps: ExplainDeps) {
    this.repo = new ExplainRepo(deps.db)
    this.executor = deps.executor ?? inlineExplainExecutor
    this.repo.failStale(deps.clock.now())
  }

  private changed(explanationId: number | null, kind: 'explanation' | 'endpoint'): void {
    this.deps.bus.publish('explain:changed', { explanationId, kind })
  }

  // ---------- what to explain

  /** The model behind the input: a version's artifact, a file, an endpoint or a batch folder (checked now). */
  private resolve(input: {
    versionId?: number | undefined
    modelPath?: string | undefined
    endpointId?: number | undefined
    batchDir?: string | undefined
  }): Resolved {
    const agnostic = [input.endpointId !== undefined, input.batchDir !== undefined].filter(Boolean).length
    if (agnostic > 1) throw invalid('endpointId', 'pick an endpoint or a batch folder, not both')
    let versionId: number | null = null
    let versionLabel: string | null = null
    let artifact: string | null = null
    if (input.versionId !== undefined) {
      const v = this.deps.models?.versionArtifact(input.versionId)
      if (!v) throw invalid('versionId', `no version ${input.versionId} in the registry`)
      versionId = v.versionId
      versionLabel = v.label
      artifact = v.artifactPath
    }
    if (input.endpointId !== undefined) {
      if (input.modelPath) throw invalid('modelPath', 'an endpoint explains the model behind it: leave the model file out')
      const e = this.repo.endpoint(input.endpointId)
      if (!e) throw invalid('endpointId', 'no such endpoint: add it under Explainability → Endpoints first')
      return {
        spec: { kind: 'endpoint', name: e.name, url: e.url, batchRows: e.batchRows, timeoutMs: e.timeoutMs },
        kind: 'endpoint',
        source: `${e.name} (${e.url})`,
        versionId,
        versionLabel
      }
    }
    if (input.batchDir !== undefined) {
      if (input.modelPath) throw invalid('modelPath', 'a batch folder explains the model answering in it: leave the model file out')
      if (!fs.existsSync(input.batchDir) || !fs.statSync(input.batchDir).isDirectory())
        throw invalid('batchDir', `${input.batchDir} is not a folder on the machine running the console`)
      return { spec: { kind: 'files', dir: input.batchDir }, kind: 'batch-files', source: input.batchDir, versionId, versionLabel }
    }
    const file = input.modelPath ?? artifact
    if (!file) {
      if (input.versionId !== undefined)
        throw invalid(
          'versionId',
          `${versionLabel} has no model artifact: register it with an artifact path, or name a model file, an endpoint or a batch folder`
        )
      throw invalid('modelPath', 'name a version, a model file, an endpoint or a batch folder')
    }
    const field = input.modelPath ? 'modelPath' : 'versionId'
    if (!fs.existsSync(file)) throw invalid(field, `${file} does not exist on the machine running the console`)
    return {
      spec: { kind: 'tree', path: file },
      kind: /lightgbm|lgb/i.test(file) ? 'lightgbm' : 'xgboost',
      source: file,
      versionId,
      versionLabel
    }
  }

  private settings(input: DatasetInput | RowInput, r: Resolved): Settings {
    if (r.spec.kind !== 'tree' && (input.algorithm === 'tree-path' || input.algorithm === 'tree-interventional'))
      throw invalid('algorithm', 'an endpoint or batch folder is explained with permutation or kernel SHAP')
    if (input.backgroundPath && !isFile(input.backgroundPath))
      throw invalid('backgroundPath', `${input.backgroundPath} is not a file on the machine running the console`)
    return {
      algorithm: input.algorithm,
      seed: input.seed,
      backgroundPath: input.backgroundPath,
      backgroundRows: input.backgroundRows,
      maxEvals: input.maxEvals,
      nsamples: input.nsamples,
      exclude: input.exclude
    }
  }

  inspectModel(input: { versionId?: number | undefined; modelPath?: string | undefined }): ModelInfo {
    const r = this.resolve(input)
    if (r.spec.kind !== 'tree') throw invalid('modelPath', 'name a version or a model file')
    const field = input.modelPath ? 'modelPath' : 'versionId'
    try {
      const f = readModelFile(r.spec.path)
      const m = f.model
      return {
        path: f.path,
        sha256: f.sha256,
        format: m.format,
        formatVersion: m.formatVersion,
        objective: m.objective,
        link: m.link,
        outputs: m.outputNames,
        features: m.features,
        namedFeatures: m.namedFeatures,
        trees: m.trees.length,
        maxDepth: Math.max(0, ...m.trees.map((t) => t.maxDepth)),
        leaves: m.trees.reduce((s, t) => s + t.left.filter((l) => l < 0).length, 0),
        notes: m.notes
      }
    } catch (err) {
      if (err instanceof ModelFormatError) throw invalid(field, err.message)
      throw err
    }
  }

  // ---------- explanations of a data file (jobs)

  private datasetJob(input: DatasetInput): JobSpec<DatasetResult> {
    const r = this.resolve(input)
    const settings = this.settings(input, r)
    if (!isFile(input.dataPath)) throw invalid('dataPath', `${input.dataPath} is not a file on the machine running the console`)
    if (input.interactions && input.algorithm !== 'tree-path')
      throw invalid('interactions', 'interaction values come with path-dependent TreeSHAP only')
    const label = r.versionLabel ?? (r.spec.kind === 'endpoint' ? r.spec.name : path.basename(r.source))
    const name = input.name || `${label} · ${path.basename(input.dataPath)}`
    const stored = { ...settings, rows: input.rows, interactions: input.interactions }
    const runId = this.repo.createRun({
      name,
      version_id: r.versionId,
      version_label: r.versionLabel,
      model_kind: r.kind,
      model_source: r.source,
      data_path: input.dataPath,
      algorithm: input.algorithm,
      settings: JSON.stringify(stored),
      created_at: this.deps.clock.now()
    })
    this.changed(runId, 'explanation')
    return {
      kind: 'explain:dataset',
      area: 'explain',
      title: `Explain ${name}`,
      unit: 'rows',
      route: `/explain/${runId}`,
      concurrency: 1,
      run: async (job) => {
        try {
          const result = (await this.executor.run(
            {
              type: 'dataset',
              db: { file: this.deps.file ?? this.deps.db.name, nativeBinding: this.deps.nativeBinding },
              runId,
              model: r.spec,
              dataPath: input.dataPath,
              rows: input.rows,
              interactions: input.interactions,
              ...settings
            },
            (done, total, message) => job.progress(done, total, message),
            job.signal
          )) as DatasetResult
          this.changed(runId, 'explanation')
          return result
        } catch (err) {
          const cancel = isCancellation(err) || job.signal.aborted
          this.repo.end(runId, cancel ? 'cancelled' : 'failed', cancel ? 'cancelled' : (err as Error).message, this.deps.clock.now())
          this.changed(runId, 'explanation')
          throw err
        }
      },
      result: (v) => ({ explanationId: v.explanationId, rows: v.rows, features: v.features, warnings: v.warnings })
    }
  }

  private launch(input: DatasetInput): JobStarted & { done: Promise<DatasetResult> } {
    const started = this.deps.jobs.start(this.datasetJob(input))
    const runId = Number(/\/explain\/(\d+)$/.exec(this.deps.jobs.get(started.jobId).route ?? '')?.[1])
    if (runId) this.repo.setJob(runId, started.jobId)
    this.active.add(started.jobId)
    void started.done.finally(() => this.active.delete(started.jobId)).catch(() => undefined)
    return started
  }

  startExplain(input: DatasetInput): JobStarted {
    return startedOf(this.launch(input))
  }

  /** Explain and wait (tests, the demo). */
  explain(input: DatasetInput): Promise<DatasetResult> {
    return this.launch(input).done
  }

  // ---------- one row

  private models = new Map<string, { key: string; shap: ReturnType<typeof readModelFile> }>()

  async explainRow(input: RowInput): Promise<RowExplanation> {
    const r = this.resolve(input)
    const settings = this.settings(input, r)
    const req = { type: 'row' as const, model: r.spec, row: input.row, ...settings }
    try {
      // path-dependent TreeSHAP of one row takes microseconds: here; everything that calls a model or a background: a worker
      if (r.spec.kind === 'tree' && input.algorithm === 'tree-path') return await runRow(req, () => {})
      return (await this.executor.run(req, () => {})) as RowExplanation
    } catch (err) {
      if (err instanceof ModelFormatError) throw invalid('modelPath', err.message)
      throw err
    }
  }

  // ---------- stored explanations

  list(versionId?: number): ExplanationSummary[] {
    return this.repo.runs(versionId).map(toSummary)
  }

  private runRow(id: number): RunRow {
    const r = this.repo.run(id)
    if (!r) throw notFound(`explanation ${id}`)
    return r
  }

  get(id: number): ExplanationDetail {
    const r = this.runRow(id)
    const summary = r.summary ? (JSON.parse(r.summary) as Summary) : null
    const features = JSON.parse(r.features) as string[]
    const outputs = JSON.parse(r.outputs) as string[]
    const settings = JSON.parse(r.settings) as Record<string, unknown>
    return {
      ...toSummary(r),
      modelSha256: r.model_sha256,
      settings,
      features,
      outputs,
      link: r.link,
      expected: JSON.parse(r.expected) as number[],
      importance: summary
        ? summary.meanAbs.map((row, k) =>
            features
              .map((feature, j) => ({
                feature,
                meanAbs: row[j]!,
                mean: summary.mean[k]![j]!,
                meanSe: summary.meanSe ? summary.meanSe[k]![j]! : null
              }))
              .sort((a, b) => b.meanAbs - a.meanAbs || a.feature.localeCompare(b.feature))
          )
        : [],
      localAccuracy: summary?.localAccuracy ?? null,
      interactions: !!summary?.interactionAbs,
      evaluations: summary?.evaluations ?? 0,
      notes: summary?.notes ?? []
    }
  }

  /** Every row of a finished explanation as columns (kept for the last few explanations viewed). */
  private load(id: number): Loaded {
    const cached = this.loaded.get(id)
    if (cached) return cached
    const r = this.runRow(id)
    if (r.state !== 'done') throw new AppError('CONFLICT', `explanation ${id} is ${r.state}${r.error ? `: ${r.error}` : ''}`)
    const summary = JSON.parse(r.summary ?? '{}') as Summary
    const features = JSON.parse(r.features) as string[]
    const chunks = this.repo.chunks(id)
    const n = chunks.reduce((s, c) => s + c.n, 0)
    const M = features.length
    const K = Math.max(1, (JSON.parse(r.outputs) as string[]).length)
    const f64 = (b: Buffer): Float64Array => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))
    const d: Loaded = {
      n,
      M,
      K,
      features,
      rowIds: new Int32Array(n),
      x: new Float64Array(n * M),
      phi: new Float64Array(n * K * M),
      fx: new Float64Array(n * K),
      se: chunks.some((c) => c.se) ? new Float64Array(n * K * M) : null,
      expected: JSON.parse(r.expected) as number[],
      link: r.link,
      meanAbs: summary.meanAbs ?? [],
      interactionAbs: summary.interactionAbs ?? null
    }
    for (const c of chunks) {
      d.rowIds.set(new Int32Array(c.row_ids.buffer.slice(c.row_ids.byteOffset, c.row_ids.byteOffset + c.row_ids.byteLength)), c.row0)
      d.x.set(f64(c.x), c.row0 * M)
      d.phi.set(f64(c.phi), c.row0 * K * M)
      d.fx.set(f64(c.fx), c.row0 * K)
      if (d.se && c.se) d.se.set(f64(c.se), c.row0 * K * M)
    }
    this.loaded.set(id, d)
    if (this.loaded.size > 4) this.loaded.delete(this.loaded.keys().next().value!)
    return d
  }

  private output(d: Loaded, k: number): number {
    if (k >= d.K) throw invalid('output', `this explanation has ${d.K} output${d.K === 1 ? '' : 's'}`)
    return k
  }

  beeswarm(id: number, output: number, top: number, maxPoints: number): Beeswarm {
    const d = this.load(id)
    return beeswarm(d, this.output(d, output), top, maxPoints)
  }

  dependence(id: number, output: number, feature: string, colorBy: string | undefined, maxPoints: number): Dependence {
    const d = this.load(id)
    try {
      return dependence(d, this.output(d, output), feature, colorBy, maxPoints)
    } catch (err) {
      if (err instanceof RangeError)
        throw invalid(colorBy !== undefined && err.message.includes(colorBy) ? 'colorBy' : 'feature', err.message)
      throw err
    }
  }

  row(id: number, output: number, position: number): RowDetail {
    const d = this.load(id)
    if (position >= d.n) throw invalid('position', `the explanation has ${d.n} rows (0 to ${d.n - 1})`)
    return rowDetail(d, this.output(d, output), position)
  }

  compare(a: number, b: number, output: number, alpha: number): ExplainComparison {
    if (a === b) throw invalid('b', 'pick a second, different explanation')
    const A = this.load(a)
    const B = this.load(b)
    try {
      return compare({ summary: toSummary(this.runRow(a)), data: A }, { summary: toSummary(this.runRow(b)), data: B }, output, alpha)
    } catch (err) {
      if (err instanceof RangeError) throw invalid('output', err.message)
      throw err
    }
  }

  csv(id: number, output: number): { filename: string; csv: string } {
    const d = this.load(id)
    const r = this.runRow(id)
    const safe = r.name.replace(/[^\w.-]+/g, '_').slice(0, 80)
    return { filename: `shap-${safe}${d.K > 1 ? `-output${output}` : ''}.csv`, csv: toCsv(d, this.output(d, output)) }
  }

  delete(id: number): { deleted: boolean } {
    const r = this.runRow(id)
    if (r.state === 'running') throw new AppError('CONFLICT', 'the explanation is still being computed: cancel its job first')
    this.loaded.delete(id)
    const deleted = this.repo.deleteRun(id)
    this.changed(id, 'explanation')
    return { deleted }
  }

  // ---------- endpoints

  endpoints(): Endpoint[] {
    return this.repo.endpoints()
  }

  saveEndpoint(raw: ParsedInput<'explain:saveEndpoint'>): Endpoint {
    const input = EndpointInput.parse(raw)
    if (input.id !== undefined && !this.repo.endpoint(input.id)) throw notFound(`endpoint ${input.id}`)
    const other = this.repo.endpointByName(input.name)
    if (other && other.id !== input.id) throw invalid('name', 'is already used by another endpoint')
    const id = this.repo.saveEndpoint(input, this.deps.clock.now())
    this.changed(null, 'endpoint')
    return this.repo.endpoint(id)!
  }

  deleteEndpoint(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteEndpoint(id)
    this.changed(null, 'endpoint')
    return { deleted }
  }

  palette(q: string, limit: number): PaletteItem[] {
    const out: PaletteItem[] = []
    for (const r of this.repo.runs()) {
      if (out.length >= limit) break
      if (!q || r.name.toLowerCase().includes(q))
        out.push({
          kind: 'explanation',
          id: String(r.id),
          title: r.name,
          subtitle: `SHAP · ${r.algorithm} · ${r.state}`,
          route: `/explain/${r.id}`
        })
    }
    return out
  }

  /** Cancels the explanations still running (their jobs) and waits for them; touches no table (it may run after close). */
  async stop(): Promise<void> {
    const running = [...this.active]
    for (const id of running) {
      try {
        this.deps.jobs.cancel(id)
      } catch {
        // already finished
      }
    }
    await Promise.allSettled(running.map((id) => this.deps.jobs.wait(id)))
  }
}
