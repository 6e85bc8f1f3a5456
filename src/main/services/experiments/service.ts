/** The experiments service: configuration, assignment, imports as jobs, results, decisions and promotion. */
import { statSync } from 'node:fs'
import path from 'node:path'
import type { ChannelOutput, ParsedInput } from '../../../shared/contract'
import type { ExperimentDetail, ExperimentStatus } from '../../../shared/contract/experiments'
import type { JobStarted } from '../../../shared/contract/jobs'
import { AppError, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { startedOf, type JobService, type JobSpec } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { PaletteItem } from '../../core/palette'
import type { Db } from '../../db/open'
import type { ModelRegistryPort } from '../models/api'
import { assignUnit, bucketRanges } from './assign'
import {
  assignmentChanged,
  checkInput,
  metricOf,
  metricRows,
  seedOf,
  variationRows,
  writeOf,
  type Config,
  type ParsedExperiment
} from './config'
import type { ExperimentsExecutor } from './executor'
import type { ExperimentsJob, ExperimentsJobResult } from './importJob'
import { ExperimentsRepo, type ImportRow } from './repo'
import { checkSrm } from './stats'
import { dayOf } from './time'
import { overallUnits, power, results, resultsCsv, timeseries, type ResultsQuery } from './views'

export interface ExperimentsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  executor: ExperimentsExecutor
  nativeBinding?: string | undefined
  /** The registry (models area), when it is part of the app. */
  models: ModelRegistryPort | null
}

const invalid = (field: string, message: string): AppError => new AppError('VALIDATION', message, field)

export class ExperimentsService {
  readonly repo: ExperimentsRepo

  constructor(private readonly deps: ExperimentsDeps) {
    this.repo = new ExperimentsRepo(deps.db)
  }

  /** Imports a stopped console left half-written are dropped. */
  start(): void {
    for (const id of this.repo.staleStaging()) this.deps.db.transaction(() => this.repo.failImport(id)).immediate()
  }

  // ---------------------------------------------------------------- configuration
  config(id: number): Config {
    const row = this.repo.experiment(id)
    if (!row) throw notFound(`experiment ${id}`)
    return {
      row,
      variations: this.repo.variations(id),
      metrics: this.repo.metrics(id).map(metricOf),
      dimensions: JSON.parse(row.dimensions) as string[]
    }
  }

  private changed(experimentId: number): void {
    this.deps.bus.publish('experiments:changed', { experimentId, at: this.deps.clock.now() })
  }

  private checkModels(x: ParsedExperiment): void {
    x.variations.forEach((v, i) => {
      if (v.modelVersionId === null) return
      if (!this.deps.models) throw invalid(`variations.${i}.modelVersionId`, 'the model registry is not available')
      if (!this.deps.models.version(v.modelVersionId))
        throw invalid(`variations.${i}.modelVersionId`, `no model version with id ${v.modelVersionId}`)
    })
  }

  create(x: ParsedExperiment): { id: number } {
    checkInput(x)
    this.checkModels(x)
    if (this.repo.experimentByName(x.name)) throw invalid('name', `an experiment named "${x.name}" exists already`)
    const now = this.deps.clock.now()
    const id = this.deps.db
      .transaction(() => {
        const id = this.repo.insertExperiment(writeOf(x), now)
        this.repo.replaceVariations(id, variationRows(x))
        this.repo.replaceMetrics(id, metricRows(x))
        return id
      })
      .immediate()
    this.changed(id)
    return { id }
  }

  update(x: ParsedInput<'experiments:update'>): { id: number } {
    const c = this.config(x.id)
    checkInput(x)
    this.checkModels(x)
    const other = this.repo.experimentByName(x.name)
    if (other && other.id !== x.id) throw invalid('name', `an experiment named "${x.name}" exists already`)
    if (c.row.status === 'running' && assignmentChanged(c, x))
      throw invalid(
        'variations',
        'stop the experiment before changing who gets which variation (variations, weights, coverage, seed, hash version or attribute)'
      )
    this.deps.db
      .transaction(() => {
        this.repo.updateExperiment(x.id, writeOf(x), this.deps.clock.now())
        this.repo.replaceVariations(x.id, variationRows(x))
        this.repo.replaceMetrics(x.id, metricRows(x))
      })
      .immediate()
    this.changed(x.id)
    return { id: x.id }
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteExperiment(id) > 0
    if (deleted) this.changed(id)
    return { deleted }
  }

  setStatus(id: number, status: 'draft' | 'running' | 'stopped'): { status: ExperimentStatus } {
    const { row } = this.config(id)
    const now = this.deps.clock.now()
    const from = row.status
    if (from === status) return { status }
    if (status === 'draft' && from === 'running') throw invalid('status', 'stop the experiment before reopening it as a draft')
    const startedAt = status === 'running' ? (row.started_at ?? now) : row.started_at
    const stoppedAt = status === 'stopped' ? now : status === 'running' ? null : row.stopped_at
    this.repo.setStatus(id, status, now, startedAt, stoppedAt)
    this.changed(id)
    return { status }
  }

  // ---------------------------------------------------------------- reads
  private importView(i: ImportRow | undefined): ExperimentDetail['lastImport'] {
    if (!i) return null
    return {
      id: i.id,
      kind: i.kind,
      state: i.state,
      files: JSON.parse(i.files) as string[],
      createdAt: i.created_at,
      readyAt: i.ready_at,
      report: i.report ? (JSON.parse(i.report) as Record<string, unknown>) : null
    }
  }

  get(id: number): ExperimentDetail {
    const c = this.config(id)
    const r = c.row
    const names = c.variations.map((v) => v.name)
    return {
      id: r.id,
      name: r.name,
      hypothesis: r.hypothesis,
      owner: r.owner,
      status: r.status,
      variations: c.variations.map((v) => ({
        index: v.idx,
        key: v.key,
        name: v.name,
        weight: v.weight,
        modelVersionId: v.model_version_id
      })),
      coverage: r.coverage,
      hashAttribute: r.hash_attribute,
      seed: r.seed,
      hashVersion: r.hash_version,
      flagKey: r.flag_key,
      metrics: c.metrics,
      dimensions: c.dimensions,
      mde: r.mde,
      alpha: r.alpha,
      targetPower: r.target_power,
      engine: r.engine,
      sequentialTuning: r.sequential_tuning,
      priorProper: r.prior_proper === 1,
      priorMean: r.prior_mean,
      priorSd: r.prior_sd,
      correction: r.correction,
      family: r.family,
      cupedLookbackDays: r.cuped_lookback_days,
      startedAt: r.started_at,
      stoppedAt: r.stopped_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      lastImport: this.importView(this.repo.lastImportAttempt(id)),
      decisions: this.repo.decisions(id).map((d) => ({
        id: d.id,
        decision: d.decision,
        variation: d.variation,
        variationName: d.variation === null ? null : (names[d.variation] ?? null),
        reason: d.reason,
        decidedBy: d.decided_by,
        decidedAt: d.decided_at,
        snapshot: d.snapshot
      })),
      promotion: r.promotion
    }
  }

  list(search = ''): ChannelOutput<'experiments:list'> {
    const q = search.trim().toLowerCase()
    return this.repo
      .experiments()
      .filter((r) => !q || `${r.name} ${r.owner} ${r.hypothesis} ${r.flag_key}`.toLowerCase().includes(q))
      .map((r) => {
        const variations = this.repo.variations(r.id)
        const primary = this.repo.metrics(r.id).find((m) => m.role === 'primary')
        const imp = this.repo.latestImport(r.id)
        const units = imp ? overallUnits(this.repo, imp.id, variations.length) : null
        const last = this.repo.decisions(r.id)[0]
        return {
          id: r.id,
          name: r.name,
          owner: r.owner,
          status: r.status,
          variations: variations.length,
          primaryMetric: primary?.name ?? null,
          units: units ? units.reduce((a, b) => a + b, 0) : 0,
          srm: units
            ? {
                ...checkSrm(
                  units,
                  variations.map((v) => v.weight)
                ),
                units
              }
            : null,
          decision: last?.decision ?? null,
          decisionVariation: last && last.variation !== null ? (variations[last.variation]?.name ?? null) : null,
          startedAt: r.started_at,
          updatedAt: r.updated_at
        }
      })
  }

  assign(id: number, ids: string[]): ChannelOutput<'experiments:assign'> {
    const { row, variations } = this.config(id)
    const cfg = {
      seed: seedOf(row),
      hashVersion: row.hash_version,
      numVariations: variations.length,
      weights: variations.map((v) => v.weight),
      coverage: row.coverage
    }
    return {
      seed: cfg.seed,
      hashVersion: cfg.hashVersion,
      ranges: bucketRanges(cfg.numVariations, cfg.coverage, cfg.weights),
      assignments: ids.map((u) => {
        const a = assignUnit(cfg, u)
        return { ...a, key: a.variation >= 0 ? variations[a.variation]!.key : null }
      })
    }
  }

  results(q: ResultsQuery): ChannelOutput<'experiments:results'> {
    return results(this.repo, this.config(q.id), q)
  }

  timeseries(q: ParsedInput<'experiments:timeseries'>): ChannelOutput<'experiments:timeseries'> {
    return timeseries(this.repo, this.config(q.id), q)
  }

  power(q: ParsedInput<'experiments:power'>): ChannelOutput<'experiments:power'> {
    return power(this.repo, this.config(q.id), q)
  }

  exportCsv(q: ParsedInput<'experiments:exportCsv'>): ChannelOutput<'experiments:exportCsv'> {
    return resultsCsv(this.repo, this.config(q.id), q)
  }

  // ---------------------------------------------------------------- imports
  private importSpec(
    c: Config,
    kind: ImportRow['kind'],
    files: string[],
    job: (importId: number) => ExperimentsJob
  ): JobSpec<ExperimentsJobResult> {
    if (!c.metrics.length) throw invalid('id', 'define at least one metric before importing data')
    for (const f of files)
      if (!fileExists(f)) throw new AppError('NOT_FOUND', `${f} does not exist on the machine running the console`, 'path')
    const importId = this.repo.insertImport(c.row.id, kind, files, this.deps.clock.now())
    return {
      kind: 'experiments:import',
      area: 'experiments',
      title: `Import ${files.map((f) => path.basename(f)).join(' + ')} into ${c.row.name}`,
      unit: 'bytes',
      route: `/experiments/${c.row.id}`,
      run: async (ctx) => {
        this.repo.setImportJob(importId, ctx.id)
        const result = await this.deps.executor.run(job(importId), (done, total, message) => ctx.progress(done, total, message), ctx.signal)
        this.deps.db.transaction(() => this.repo.publishImport(importId, c.row.id, result.report, this.deps.clock.now())).immediate()
        this.changed(c.row.id)
        // the import is in; a failure to evaluate its signals must not undo it
        try {
          this.raiseSignals(c.row.id)
        } catch (err) {
          this.deps.logger.error('experiments: could not evaluate SRM and guardrail signals', {
            experimentId: c.row.id,
            error: String(err)
          })
        }
        return result
      },
      result: (r) => r.report,
      cleanup: () => this.deps.db.transaction(() => this.repo.failImport(importId)).immediate()
    }
  }

  private dbRef(): ExperimentsJob['db'] {
    return { file: this.deps.db.name, ...(this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {}) }
  }

  private eventsSpec(x: ParsedInput<'experiments:importEvents'>): JobSpec<ExperimentsJobResult> {
    const c = this.config(x.id)
    const files = [x.exposures, x.events, ...(x.covariates ? [x.covariates] : [])]
    return this.importSpec(c, 'events', files, (importId) => ({
      type: 'events',
      db: this.dbRef(),
      importId,
      input: {
        variations: c.variations.map((v) => ({ key: v.key, name: v.name })),
        metrics: c.metrics,
        dimensions: c.dimensions,
        unitColumn: c.row.hash_attribute,
        lookbackDays: c.row.cuped_lookback_days,
        exposures: x.exposures,
        events: x.events,
        covariates: x.covariates
      }
    }))
  }

  private sumsSpec(id: number, file: string): JobSpec<ExperimentsJobResult> {
    const c = this.config(id)
    return this.importSpec(c, 'sums', [file], (importId) => ({
      type: 'sums',
      db: this.dbRef(),
      importId,
      file,
      variations: c.variations.map((v) => ({ key: v.key, name: v.name })),
      metrics: c.metrics,
      today: dayOf(this.deps.clock.now())
    }))
  }

  startImportEvents(x: ParsedInput<'experiments:importEvents'>): JobStarted {
    return startedOf(this.deps.jobs.start(this.eventsSpec(x)))
  }

  importEvents(x: ParsedInput<'experiments:importEvents'>): Promise<ExperimentsJobResult> {
    return this.deps.jobs.run(() => this.eventsSpec(x))
  }

  startImportSums(id: number, file: string): JobStarted {
    return startedOf(this.deps.jobs.start(this.sumsSpec(id, file)))
  }

  importSums(id: number, file: string): Promise<ExperimentsJobResult> {
    return this.deps.jobs.run(() => this.sumsSpec(id, file))
  }

  /** SRM and guardrails significantly worse become `experiments:signal` events (the alerting engine's input). */
  raiseSignals(id: number): void {
    const c = this.config(id)
    const r = results(this.repo, c, { difference: 'relative', dimension: null })
    const o = r.overall
    if (!o) return
    const at = this.deps.clock.now()
    const base = { experimentId: id, experiment: c.row.name, at }
    if (o.srm.status === 'mismatch') {
      const split = o.units.map((u, i) => `${c.variations[i]!.name} ${u}`).join(' / ')
      this.deps.bus.publish('experiments:signal', {
        ...base,
        kind: 'srm',
        metric: null,
        variation: null,
        pValue: o.srm.pValue,
        summary: `${c.row.name}: sample ratio mismatch (p = ${o.srm.pValue.toExponential(2)}; units ${split}, weights ${c.variations.map((v) => v.weight).join(' / ')})`
      })
    }
    for (const m of o.metrics) {
      if (m.role !== 'guardrail') continue
      for (const v of m.variations) {
        if (v.verdict !== 'worse') continue
        const figure = v.pValue !== null ? `p = ${v.pValue.toPrecision(2)}` : `chance to win ${((v.chanceToWin ?? 0) * 100).toFixed(1)} %`
        this.deps.bus.publish('experiments:signal', {
          ...base,
          kind: 'guardrail',
          metric: m.key,
          variation: v.key,
          pValue: v.pValue,
          summary: `${c.row.name}: guardrail ${m.name} is significantly worse in ${v.name} (${((v.estimate ?? 0) * 100).toFixed(2)} %, ${figure})`
        })
      }
    }
  }

  // ---------------------------------------------------------------- decisions and promotion
  decide(x: ParsedInput<'experiments:decide'>): { status: ExperimentStatus; decisionId: number } {
    const c = this.config(x.id)
    const V = c.variations.length
    let variation = x.variation
    if (x.decision === 'ship') {
      if (variation === null || variation >= V) throw invalid('variation', `choose the variation to ship (0–${V - 1})`)
    } else if (x.decision === 'rollback') variation = 0
    else variation = null
    const primary = c.metrics.find((m) => m.role === 'primary')
    const r = results(this.repo, c, { difference: 'relative', dimension: null })
    const snapshot = JSON.stringify({
      engine: r.engine,
      importedAt: r.importedAt,
      srm: r.overall?.srm.status ?? null,
      metric: primary?.key ?? null,
      variations: r.overall?.metrics
        .find((m) => m.key === primary?.key)
        ?.variations.map((v) => ({
          key: v.key,
          units: v.units,
          mean: v.mean,
          estimate: v.estimate,
          ci: v.ci,
          pValue: v.pValue,
          chanceToWin: v.chanceToWin
        }))
    })
    const status: ExperimentStatus = x.decision === 'keep-running' ? 'running' : 'decided'
    const now = this.deps.clock.now()
    const decisionId = this.deps.db
      .transaction(() => {
        const id = this.repo.insertDecision(x.id, {
          decision: x.decision,
          variation,
          reason: x.reason,
          decided_by: x.decidedBy,
          decided_at: now,
          snapshot
        })
        this.repo.setStatus(x.id, status, now, c.row.started_at ?? now, status === 'decided' ? (c.row.stopped_at ?? now) : null)
        return id
      })
      .immediate()
    this.changed(x.id)
    return { status, decisionId }
  }

  promote(x: ParsedInput<'experiments:promote'>): { versionId: number; description: string } {
    const c = this.config(x.id)
    const last = this.repo.decisions(x.id)[0]
    if (!last || last.decision === 'keep-running' || last.variation === null)
      throw invalid('id', 'decide first: ship a variation (or roll back) before promoting it in the registry')
    const v = c.variations[last.variation]
    if (!v) throw invalid('id', 'the decided variation no longer exists')
    if (v.model_version_id === null)
      throw invalid('id', `${v.name} is not linked to a model version; link one in the experiment’s variations`)
    const models = this.deps.models
    if (!models) throw new AppError('UNAVAILABLE', 'the model registry is not available')
    const before = models.version(v.model_version_id)
    if (!before) throw invalid('id', `model version ${v.model_version_id} of ${v.name} is no longer in the registry`)
    const comment = `promoted by experiment "${c.row.name}" (${last.decision} ${v.name}: ${last.reason.slice(0, 200)})`
    const after = x.alias ? models.setAlias(before.id, x.alias) : models.moveToStage(before.id, x.stage!, comment)
    const description = x.alias
      ? `${after.modelName}@${x.alias} → v${after.version}`
      : `${after.modelName} v${after.version}: ${before.stage} → ${after.stage}`
    this.repo.setPromotion(
      x.id,
      `${description} (${new Date(this.deps.clock.now()).toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      this.deps.clock.now()
    )
    this.changed(x.id)
    return { versionId: after.id, description }
  }

  palette(q: string, limit: number): PaletteItem[] {
    return this.repo
      .experiments()
      .filter((r) => !q || r.name.toLowerCase().includes(q))
      .slice(0, limit)
      .map((r) => ({ kind: 'experiment', id: String(r.id), title: r.name, subtitle: r.status, route: `/experiments/${r.id}` }))
  }
}

function fileExists(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}
