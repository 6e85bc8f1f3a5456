/** Optimisation area: tuning studies imported from Optuna storages (jobs on a worker), their views, registering a trial. */
import fs from 'node:fs'
import path from 'node:path'
import type {
  Importances,
  IntermediateSeries,
  ParamSpec,
  StudyDetail,
  StudyImportReport,
  StudySummary,
  Trial,
  TrialState,
  TrialValue
} from '../../../shared/contract/optimize'
import type { JobStarted } from '../../../shared/contract/jobs'
import { invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { startedOf, type JobService, type JobSpec } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { PaletteItem } from '../../core/palette'
import type { Db } from '../../db/open'
import type { ModelRegistryPort, ModelsEvalPort } from '../models/api'
import { EnsembleService } from './ensembleService'
import { VariantService } from './variantService'
import { bestSoFar, importancesOf, paretoFront, type PruneNote } from './analysis'
import { inlineOptimizeExecutor, type OptimizeExecutor } from './executor'
import type { ImportResult } from './import'
import type { Direction } from './optuna/types'
import { OptimizeRepo, type StudyRow, type TrialRow } from './repo'
import { fromJsonValue } from './values'

export interface OptimizeDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  models: Pick<ModelRegistryPort, 'registerVersion' | 'version' | 'versionArtifact'> | null
  modelsEval?: ModelsEvalPort | null
  executor?: OptimizeExecutor
  nativeBinding?: string
  /** How many trials the study views draw at most (default 2,000; tests set it low). */
  viewTrials?: number
}

/** How many trials the study views draw at most (the history and Pareto front use every trial). */
const VIEW_TRIALS = 2000

export const PRUNER_RULE =
  'Optuna’s MedianPruner stops a trial at a step when its best intermediate value so far is worse than the median of the values completed trials reported at that step (after n_startup_trials complete trials and n_warmup_steps steps). Each pruned trial below shows its best value and that median.'

interface LoadedTrial {
  number: number
  state: TrialState
  values: number[]
  params: Record<string, string | number | boolean | null>
  row: TrialRow
}

const loadTrial = (r: TrialRow): LoadedTrial => ({
  number: r.number,
  state: r.state as TrialState,
  values: (JSON.parse(r.vals) as TrialValue[]).map(fromJsonValue),
  params: JSON.parse(r.params) as LoadedTrial['params'],
  row: r
})

export class OptimizeService {
  readonly repo: OptimizeRepo
  readonly ensembles: EnsembleService
  readonly variants: VariantService
  private readonly executor: OptimizeExecutor

  constructor(readonly deps: OptimizeDeps) {
    this.repo = new OptimizeRepo(deps.db)
    this.ensembles = new EnsembleService({ ...deps, modelsEval: deps.modelsEval ?? null })
    this.variants = new VariantService({ ...deps, modelsEval: deps.modelsEval ?? null })
    this.executor = deps.executor ?? inlineOptimizeExecutor
    const dropped = this.repo.dropImporting()
    if (dropped) deps.logger.info('optimize: removed half-imported studies', { studies: dropped })
  }

  // ---------- imports

  private importJob(file: string): JobSpec<StudyImportReport> {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      throw invalid('path', `${file} is not a file on the machine running the console`)
    return {
      kind: 'optimize:import',
      area: 'optimize',
      title: `Import ${path.basename(file)}`,
      unit: 'trials',
      route: '/optimize',
      concurrency: 1,
      run: async (job) => {
        const res: ImportResult = await this.executor.run(
          {
            type: 'import',
            db: { file: this.deps.db.name, nativeBinding: this.deps.nativeBinding },
            path: file,
            now: this.deps.clock.now()
          },
          (done, total, message) => job.progress(done, total, message),
          job.signal
        )
        return this.publish(file, res)
      },
      cleanup: () => {
        this.repo.dropImporting()
      }
    }
  }

  /** Makes new studies visible in one transaction, marks re-imported ones fresh, and tells views and alerting. */
  private publish(file: string, res: ImportResult): StudyImportReport {
    const now = this.deps.clock.now()
    this.deps.db.transaction(() => {
      this.repo.publish(res.studies.filter((s) => s.isNew).map((s) => s.id))
      for (const s of res.studies) this.repo.touch(s.id, now)
    })()
    for (const s of res.studies) {
      this.deps.bus.publish('optimize:changed', { studyId: s.id, at: now })
      if (s.added + s.updated === 0) continue
      const summary = this.summary(this.repo.study(s.id)!)
      const open = (summary.states.RUNNING ?? 0) + (summary.states.WAITING ?? 0)
      if (open === 0)
        this.deps.bus.publish('optimize:studyFinished', {
          studyId: s.id,
          name: s.name,
          trials: summary.trials,
          best: summary.best && typeof summary.best.value === 'number' ? summary.best.value : null,
          at: now
        })
    }
    return {
      source: file,
      kind: res.kind,
      studies: res.studies.map(({ id, name, trials, added, updated, intermediate }) => ({ id, name, trials, added, updated, intermediate }))
    }
  }

  startImport(file: string): JobStarted {
    return startedOf(this.deps.jobs.start(this.importJob(file)))
  }

  /** Imports and waits (tests, CLI). */
  importFile(file: string): Promise<StudyImportReport> {
    return this.deps.jobs.run(() => this.importJob(file))
  }

  // ---------- reading

  private summary(r: StudyRow): StudySummary {
    const directions = JSON.parse(r.directions) as Direction[]
    const specs = JSON.parse(r.param_specs) as ParamSpec[]
    let best: StudySummary['best'] = null
    if (directions.length === 1) {
      const b = this.repo.best(r.id, directions[0]!)
      if (b) best = { number: b.number, value: (JSON.parse(b.vals) as TrialValue[])[0]! }
    }
    return {
      id: r.id,
      name: r.name,
      source: r.source,
      sourceKind: r.source_kind,
      directions,
      trials: r.trials,
      states: this.repo.stateCounts(r.id),
      best,
      params: specs.map((s) => s.name),
      userAttrs: JSON.parse(r.user_attrs) as Record<string, unknown>,
      importedAt: r.imported_at,
      lastTrialAt: r.last_trial_at
    }
  }

  private studyOrThrow(id: number): StudyRow {
    const r = this.repo.study(id)
    if (!r) throw notFound(`study ${id}`)
    return r
  }

  studies(): StudySummary[] {
    return this.repo.studies().map((r) => this.summary(r))
  }

  study(id: number): StudyDetail {
    const r = this.studyOrThrow(id)
    const study = this.summary(r)
    const dirs = study.directions
    const limit = this.deps.viewTrials ?? VIEW_TRIALS
    const sampled = r.trials > limit
    const trials = (sampled ? this.repo.trialsForView(id, limit, dirs[0] ?? 'minimize') : this.repo.trials(id)).map(loadTrial)
    const complete = this.completeTrials(id, dirs.length)
    return {
      study,
      paramSpecs: JSON.parse(r.param_specs) as ParamSpec[],
      trials: trials.map((t): Trial => ({
        number: t.number,
        state: t.state,
        values: JSON.parse(t.row.vals) as TrialValue[],
        params: t.params,
        userAttrs: JSON.parse(t.row.user_attrs) as Record<string, unknown>,
        startedAt: t.row.started_at,
        durationMs: t.row.started_at !== null && t.row.completed_at !== null ? t.row.completed_at - t.row.started_at : null,
        intermediateSteps: t.row.steps
      })),
      sampled,
      history: dirs.map((d, i) => bestSoFar(complete, d, i).filter((h) => Number.isFinite(h.value) && Number.isFinite(h.best))),
      pareto: dirs.length > 1 ? paretoFront(complete, dirs).map((t) => t.number) : []
    }
  }

  /** COMPLETE trials' values (no parameters): single-objective studies from the value0 column, without JSON. */
  private completeTrials(
    id: number,
    objectives: number
  ): { number: number; state: 'COMPLETE'; values: number[]; params: Record<string, never> }[] {
    if (objectives === 1)
      return this.repo.completeValue0(id).map((c) => ({ number: c.number, state: 'COMPLETE', values: [c.value0], params: {} }))
    return this.repo.completeValues(id).map((c) => ({
      number: c.number,
      state: 'COMPLETE',
      values: (JSON.parse(c.vals) as TrialValue[]).map(fromJsonValue),
      params: {}
    }))
  }

  intermediate(id: number, maxTrials: number): IntermediateSeries {
    this.studyOrThrow(id)
    const from = this.repo.newestReporting(id, maxTrials)
    const byTrial = new Map<number, IntermediateSeries['trials'][number]>()
    for (const v of from === null ? [] : this.repo.intermediateFrom(id, from)) {
      let t = byTrial.get(v.number)
      if (!t) byTrial.set(v.number, (t = { number: v.number, state: v.state as TrialState, steps: [], values: [] }))
      t.steps.push(v.step)
      t.values.push(v.value !== null && Number.isFinite(v.value) ? v.value : null)
    }
    const notes = JSON.parse(this.repo.pruneNotes(id)) as PruneNote[]
    return {
      trials: [...byTrial.values()],
      pruned: from === null ? [] : notes.filter((n) => n.number >= from),
      prunedTotal: notes.length,
      rule: PRUNER_RULE
    }
  }

  importances(id: number, objective: number): Importances {
    const r = this.studyOrThrow(id)
    const dirs = JSON.parse(r.directions) as Direction[]
    if (objective >= dirs.length) throw invalid('objective', `the study has ${dirs.length} objective${dirs.length === 1 ? '' : 's'}`)
    // computed by the import on its worker, for every objective
    const stored = (JSON.parse(this.repo.storedImportances(id)) as Importances[])[objective]
    return stored ?? importancesOf(this.repo.trials(id).map(loadTrial), objective, JSON.parse(r.param_specs) as ParamSpec[])
  }

  compare(ids: number[]): { id: number; name: string; direction: Direction; history: { number: number; best: number }[] }[] {
    return ids.map((id) => {
      const r = this.studyOrThrow(id)
      const dirs = JSON.parse(r.directions) as Direction[]
      if (dirs.length !== 1) throw invalid('ids', `${r.name} has ${dirs.length} objectives: compare single-objective studies`)
      const history = bestSoFar(this.completeTrials(id, 1), dirs[0]!)
        .filter((h) => Number.isFinite(h.best))
        .map(({ number, best }) => ({ number, best }))
      return { id, name: r.name, direction: dirs[0]!, history }
    })
  }

  // ---------- changes

  registerTrial(id: number, number: number, modelName: string): { versionId: number; modelName: string; version: number } {
    const r = this.studyOrThrow(id)
    const row = this.repo.trial(id, number)
    if (!row) throw invalid('number', `${r.name} has no trial ${number}`)
    if (row.state !== 'COMPLETE') throw invalid('number', `trial ${number} is ${row.state}: only a COMPLETE trial can be registered`)
    if (!this.deps.models) throw invalid('modelName', 'the model registry is not available')
    const t = loadTrial(row)
    const tags: Record<string, string> = { 'optuna.study': r.name, 'optuna.trial': String(number) }
    for (const [k, v] of Object.entries(t.params)) tags[`param.${k}`] = String(v)
    ;(JSON.parse(row.vals) as TrialValue[]).forEach((v, i) => (tags[`value.${i}`] = String(v)))
    const v = this.deps.models.registerVersion({
      modelName,
      description: `Trial ${number} of the tuning study “${r.name}”`,
      notes: `Parameters: ${JSON.stringify(t.params)}\nValues: ${row.vals}\nSource: ${r.source}`,
      tags
    })
    return { versionId: v.id, modelName: v.modelName, version: v.version }
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.delete(id)
    if (deleted) this.deps.bus.publish('optimize:changed', { studyId: id, at: this.deps.clock.now() })
    return { deleted }
  }

  palette(q: string, limit: number): PaletteItem[] {
    return this.repo
      .studies()
      .filter((s) => !q || s.name.toLowerCase().includes(q))
      .slice(0, limit)
      .map((s) => ({
        kind: 'study',
        id: String(s.id),
        title: s.name,
        subtitle: `Tuning study · ${s.trials} trials`,
        route: `/optimize/${s.id}`
      }))
  }
}
