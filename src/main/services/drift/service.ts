/** Drift area: datasets, checks, scheduled and manual runs in worker threads, history and column detail. */
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import {
  DatasetInput,
  DriftCheckInput,
  PlanInput,
  type ColumnDetail,
  type ColumnSpec,
  type DatasetDetail,
  type DatasetSummary,
  type DriftCheckDetail,
  type DriftCheckSummary,
  type DriftRunDetail,
  type Inspection,
  type PlannedColumn
} from '../../../shared/contract/drift'
import type { z } from 'zod'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { cronProblem, nextRun, systemTimeZone, timeZoneProblem } from '../../core/cron'
import type { Logger } from '../../core/log'
import { startedOf, type JobContext, type JobService, type JobSpec } from '../../core/jobs'
import type { JobStarted } from '../../../shared/contract/jobs'
import type { Db } from '../../db/open'
import type { ColumnData } from './columns'
import type { CategoryDetail, NumericDetail } from './compute'
import { inlineExecutor, type DriftExecutor } from './executor'
import type { ComputeResult, DataSource, StoreRef } from './jobs'
import { DriftInputError, type LoadedDataset } from './load'
import type { FileCheckInput } from './api'
import type { ModelTrainingPort } from '../models/api'
import { planColumns } from './plan'
import { reportCsv, reportHtml, reportJson, reportName } from './report'
import { DriftRepo, toDatasetSummary, type CheckRow, type DatasetRow } from './repo'

export interface DriftDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  /** Where parsing and statistics run; the app passes the worker-thread executor. */
  executor?: DriftExecutor
  /** Longest sleep of the schedule timer (ms); it re-arms to the next due check. */
  maxSleepMs?: number
  /** The workspace file (default: the db's own file name); jobs open their own connection to it. */
  file?: string
  /** better-sqlite3 addon for the jobs' connections (Electron's build). */
  nativeBinding?: string
  /** The one job model: imports and runs are jobs (progress, cancel, `interrupted` after a restart). */
  jobs: JobService
  /** The model registry's versions by model name; when given, a check's model and version must be registered. */
  registry?: Pick<ModelTrainingPort, 'lineage'>
}

interface Running {
  checkId: number
  jobId: string
  done: Promise<void>
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r))
const isAbort = (err: unknown): boolean => err instanceof Error && err.name === 'AbortError'

/** Next run of a check's schedule after `from` in its zone, or a VALIDATION error on `schedule` or `timezone`. */
export function nextCheckRun(schedule: string, timezone: string, from: number): number | null {
  const problem = cronProblem({ cron: schedule, timezone })
  if (problem) throw invalid(problem.field === 'cron' ? 'schedule' : 'timezone', problem.message)
  return nextRun({ cron: schedule, timezone }, from)
}

/** Finished runs are kept this long (each check keeps its latest); older ones go at the next hourly cleanup. */
export const DRIFT_RUN_HISTORY_DAYS = 90

export class DriftService {
  readonly repo: DriftRepo
  private prunedAt = -Infinity
  private executor: DriftExecutor
  private running = new Map<number, Running>()
  private timer: NodeJS.Timeout | null = null
  private started = false

  private storeRef(datasetId: number): StoreRef {
    return { file: this.deps.file ?? this.deps.db.name, nativeBinding: this.deps.nativeBinding, datasetId }
  }

  constructor(private deps: DriftDeps) {
    this.repo = new DriftRepo(deps.db)
    this.executor = deps.executor ?? inlineExecutor
    this.repo.failStaleRuns(deps.clock.now())
    this.repo.fillTimeZones(systemTimeZone())
    this.repo.dropUnfinishedImports()
  }

  // ---------- lifecycle and schedule

  start(): void {
    this.started = true
    this.arm()
  }

  async stop(): Promise<void> {
    this.started = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const waits = [...this.running.values()].map((r) => {
      this.deps.jobs.cancel(r.jobId)
      return r.done
    })
    await Promise.allSettled(waits)
  }

  /** Start every scheduled check that is due and not already running; returns the run ids started. */
  tick(): number[] {
    const now = this.deps.clock.now()
    if (now - this.prunedAt >= 3_600_000) {
      this.prunedAt = now
      this.repo.pruneRuns(now - DRIFT_RUN_HISTORY_DAYS * 86_400_000, 500)
    }
    const started: number[] = []
    for (const c of this.repo.checks()) {
      if (!c.schedule || c.next_run_at === null || c.next_run_at > now) continue
      let next: number | null = null
      try {
        next = nextCheckRun(c.schedule, c.timezone, now)
      } catch {
        next = null
      }
      this.repo.setNextRun(c.id, next)
      if (this.isRunning(c.id)) continue
      started.push(this.startRun(c, 'schedule').runId)
    }
    return started
  }

  private arm(): void {
    if (!this.started) return
    if (this.timer) clearTimeout(this.timer)
    const now = this.deps.clock.now()
    const due = this.repo
      .checks()
      .map((c) => c.next_run_at)
      .filter((t): t is number => t !== null)
    const next = due.length ? Math.min(...due) : Infinity
    const wait = Math.max(0, Math.min(next - now, this.deps.maxSleepMs ?? 60_000))
    this.timer = setTimeout(() => {
      this.timer = null
      try {
        this.tick()
      } catch (err) {
        this.deps.logger.error('drift: scheduled tick failed', { error: String(err) })
      }
      this.arm()
    }, wait)
    this.timer.unref?.()
  }

  // ---------- datasets

  async inspect(input: { path: string; delimiter?: string | undefined; header?: boolean | undefined }): Promise<Inspection> {
    try {
      return (await this.executor.run(
        { type: 'inspect', path: input.path, options: { delimiter: input.delimiter, header: input.header } },
        () => {}
      )) as Inspection
    } catch (err) {
      throw this.inputError(err)
    }
  }

  private inputError(err: unknown): unknown {
    if (err instanceof DriftInputError) return invalid('path', err.message)
    if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'EACCES')
      return invalid('path', `cannot read it (permission denied)`)
    return err
  }

  datasets(): DatasetSummary[] {
    return this.repo.datasets().map(toDatasetSummary)
  }

  dataset(id: number): DatasetDetail {
    return this.repo.detail(this.datasetRow(id))
  }

  private datasetRow(id: number): DatasetRow {
    const row = this.repo.dataset(id)
    if (!row) throw notFound(`dataset ${id}`)
    return row
  }

  /** Import a dataset and wait for it (tests, the demo). */
  importDataset(raw: z.input<typeof DatasetInput>): Promise<DatasetSummary> {
    return this.deps.jobs.run(() => this.importJob(raw))
  }

  /** Import a dataset as a job: the input is checked at once, the file is read on a worker. */
  startImport(raw: z.input<typeof DatasetInput>): JobStarted {
    return startedOf(this.deps.jobs.start(this.importJob(raw)))
  }

  private importJob(raw: z.input<typeof DatasetInput>): JobSpec<DatasetSummary> {
    const input = DatasetInput.parse(raw)
    if (this.repo.datasetByName(input.name)) throw invalid('name', 'is already used by another dataset')
    let id: number | null = null
    return {
      kind: 'drift:import',
      area: 'drift',
      title: `Import dataset ${input.name}`,
      unit: 'rows',
      route: '/drift/datasets',
      concurrency: 2,
      cleanup: () => {
        if (id !== null) this.repo.deleteDataset(id)
      },
      run: async (job) => {
        job.progress(0, null, `reading ${input.path}`)
        // the row first (columns reference it); the job writes the columns over its own connection, off this thread
        id = this.repo.insertDataset({
          name: input.name,
          mode: input.mode,
          path: input.path,
          format: /\.parquet$/i.test(input.path) ? 'parquet' : 'csv',
          delimiter: null,
          has_header: 1,
          encoding: 'utf-8',
          schema: [],
          row_count: 0,
          bytes: 0,
          warnings: [],
          model: input.model,
          version: input.version,
          role: input.role,
          imported_at: this.deps.clock.now()
        })
        let loaded: LoadedDataset
        try {
          loaded = (await this.executor.run(
            {
              type: 'load',
              path: input.path,
              options: { delimiter: input.delimiter, header: input.header, columns: input.columns },
              store: this.storeRef(id)
            },
            (done, total, message) => job.progress(done, total, message),
            job.signal
          )) as LoadedDataset
        } catch (err) {
          throw this.inputError(err)
        }
        if (!loaded.stored || loaded.stored.schema.length === 0) throw invalid('columns', 'no columns to import')
        this.repo.updateDatasetMeta(id, {
          format: loaded.format,
          delimiter: loaded.delimiter,
          has_header: loaded.header ? 1 : 0,
          encoding: loaded.encoding,
          schema: loaded.stored.schema,
          row_count: loaded.rows,
          bytes: loaded.stored.bytes,
          warnings: loaded.warnings
        })
        job.progress(loaded.rows, loaded.rows, `${loaded.rows} rows × ${loaded.stored.schema.length} columns`)
        return toDatasetSummary(this.datasetRow(id))
      }
    }
  }

  /** The port other areas use (api.ts): two registered datasets and a check between them, or nothing. */
  async createFileCheck(input: FileCheckInput): Promise<{ checkId: number; name: string }> {
    const made: number[] = []
    try {
      for (const [side, p] of [
        ['reference', input.referencePath],
        ['current', input.currentPath]
      ] as const) {
        const d = await this.importDataset({
          name: `${input.name} · ${side}`,
          path: p,
          mode: 'register',
          model: input.model,
          version: input.version,
          role: side
        })
        made.push(d.id)
      }
      const check = this.saveCheck({
        name: input.name,
        model: input.model,
        version: input.version,
        referenceId: made[0]!,
        currentId: made[1]!,
        columns: Object.fromEntries(input.ignore.map((c) => [c, { ignore: true }]))
      })
      return { checkId: check.id, name: check.name }
    } catch (err) {
      for (const id of made) this.repo.deleteDataset(id)
      throw err
    }
  }

  deleteDataset(id: number): { id: number } {
    this.datasetRow(id)
    const users = this.repo.checksUsing(id)
    if (users.length)
      throw conflict(
        `the dataset is used by the check${users.length > 1 ? 's' : ''} ${users.map((u) => `“${u}”`).join(', ')}; delete or change ${users.length > 1 ? 'them' : 'it'} first`
      )
    this.repo.deleteDataset(id)
    return { id }
  }

  /** Stored columns of a dataset, read one by one with a yield in between. */
  async columnsOf(id: number): Promise<ColumnData[]> {
    const n = this.repo.columnCount(id)
    const out: ColumnData[] = []
    for (let i = 0; i < n; i++) {
      const c = this.repo.readColumn(id, i)
      if (c) out.push(c)
      await yieldToLoop()
    }
    return out
  }

  // ---------- checks

  checks(): DriftCheckSummary[] {
    return this.repo.checks().map((c) => this.repo.checkSummary(c))
  }

  check(id: number, limit = 200): DriftCheckDetail {
    const c = this.checkRow(id)
    return { ...this.repo.checkSummary(c), runs: this.repo.runs(id, limit) }
  }

  private checkRow(id: number): CheckRow {
    const c = this.repo.check(id)
    if (!c) throw notFound(`drift check ${id}`)
    return c
  }

  saveCheck(raw: z.input<typeof DriftCheckInput>): DriftCheckSummary {
    const input = DriftCheckInput.parse(raw)
    if (input.id !== undefined) this.checkRow(input.id)
    const other = this.repo.checkByName(input.name)
    if (other && other.id !== input.id) throw invalid('name', 'is already used by another check')
    const ref = this.repo.dataset(input.referenceId)
    if (!ref) throw invalid('referenceId', 'no such dataset')
    const cur = this.repo.dataset(input.currentId)
    if (!cur) throw invalid('currentId', 'no such dataset')
    const known = new Set([...(JSON.parse(ref.schema) as ColumnSpec[]), ...(JSON.parse(cur.schema) as ColumnSpec[])].map((c) => c.name))
    for (const f of ['predictionColumn', 'targetColumn'] as const) {
      const col = input[f]
      if (col && !known.has(col)) throw invalid(f, `“${col}” is not a column of either dataset`)
    }
    if (input.predictionColumn && input.predictionColumn === input.targetColumn)
      throw invalid('targetColumn', 'must differ from the prediction column')
    for (const col of Object.keys(input.columns))
      if (!known.has(col)) throw invalid(`columns.${col}`, `“${col}” is not a column of either dataset`)
    this.checkModel(input.model, input.version)
    const schedule = input.schedule ? input.schedule : null
    const timezone = input.timezone || systemTimeZone()
    const next = schedule ? nextCheckRun(schedule, timezone, this.deps.clock.now()) : null
    const zoneProblem = timeZoneProblem(timezone)
    if (zoneProblem) throw invalid('timezone', zoneProblem)
    const id = this.repo.saveCheck(
      {
        id: input.id,
        name: input.name,
        model: input.model,
        version: input.version,
        reference_id: input.referenceId,
        current_id: input.currentId,
        schedule,
        timezone,
        next_run_at: next,
        drift_share: input.driftShare,
        prediction_column: input.predictionColumn || null,
        target_column: input.targetColumn || null,
        columns: JSON.stringify(input.columns)
      },
      this.deps.clock.now()
    )
    this.arm()
    return this.repo.checkSummary(this.checkRow(id))
  }

  deleteCheck(id: number): { id: number } {
    this.checkRow(id)
    for (const r of this.running.values()) if (r.checkId === id) this.deps.jobs.cancel(r.jobId)
    this.repo.deleteCheck(id)
    this.arm()
    return { id }
  }

  // ---------- runs

  isRunning(checkId: number): boolean {
    for (const r of this.running.values()) if (r.checkId === checkId) return true
    return false
  }

  runNow(checkId: number): { runId: number; jobId: string } {
    const c = this.checkRow(checkId)
    if (this.isRunning(checkId)) throw conflict('this check is already running; wait for it or cancel it')
    return this.startRun(c, 'manual')
  }

  cancelRun(runId: number): { cancelled: boolean } {
    const r = this.running.get(runId)
    if (r) return { cancelled: this.deps.jobs.cancel(r.jobId).cancelled }
    if (!this.repo.run(runId)) throw notFound(`drift run ${runId}`)
    return { cancelled: false }
  }

  /** Resolves when the run has finished (tests, CLI). */
  async waitForRun(runId: number): Promise<void> {
    await this.running.get(runId)?.done
  }

  private startRun(c: CheckRow, trigger: 'manual' | 'schedule'): { runId: number; jobId: string } {
    const runId = this.repo.insertRun(c.id, trigger, this.deps.clock.now())
    const started = this.deps.jobs.start({
      kind: 'drift:run',
      area: 'drift',
      title: `Drift check ${c.name}`,
      unit: 'columns',
      route: `/drift/checks/${c.id}`,
      concurrency: 2,
      run: (job) => this.execute(c, runId, job)
    })
    const done = started.done.catch(() => undefined).finally(() => this.running.delete(runId))
    this.running.set(runId, { checkId: c.id, jobId: started.jobId, done })
    return { runId, jobId: started.jobId }
  }

  private publishRun(
    c: CheckRow,
    runId: number,
    jobId: string,
    state: 'running' | 'done' | 'failed' | 'cancelled',
    done: number,
    total: number | null,
    message: string | undefined,
    share: number | null
  ): void {
    const at = this.deps.clock.now()
    this.deps.bus.publish('drift:run', { checkId: c.id, runId, jobId, state, done, total, ...(message ? { message } : {}), share, at })
  }

  private async source(row: DatasetRow): Promise<DataSource> {
    if (row.mode === 'register') {
      return {
        path: row.path,
        options: { delimiter: row.delimiter ?? undefined, header: row.has_header === 1, columns: JSON.parse(row.schema) as ColumnSpec[] }
      }
    }
    return { stored: this.storeRef(row.id) }
  }

  /** One run as a job: the run's row and the job end in the same state (done, failed or cancelled). */
  private async execute(c: CheckRow, runId: number, job: JobContext): Promise<void> {
    const { id: jobId, signal } = job
    this.publishRun(c, runId, jobId, 'running', 0, null, 'loading data', null)
    try {
      const refRow = this.repo.dataset(c.reference_id)
      const curRow = this.repo.dataset(c.current_id)
      if (!refRow || !curRow)
        throw new AppError('NOT_FOUND', `the ${!refRow ? 'reference' : 'current'} dataset of this check no longer exists`)
      const reference = await this.source(refRow)
      if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
      const current = await this.source(curRow)
      if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
      const settings = {
        driftShare: c.drift_share,
        predictionColumn: c.prediction_column,
        targetColumn: c.target_column,
        columns: JSON.parse(c.columns) as DriftCheckSummary['columns']
      }
      const result = (await this.executor.run(
        { type: 'compute', reference, current, settings },
        (done, total, message) => {
          job.progress(done, total, message)
          this.publishRun(c, runId, jobId, 'running', done, total, message, null)
        },
        signal
      )) as ComputeResult
      if (!this.repo.check(c.id)) return // deleted meanwhile
      if (result.loaded.reference) this.repo.updateDatasetRows(refRow.id, result.loaded.reference.rows, result.loaded.reference.warnings)
      if (result.loaded.current) this.repo.updateDatasetRows(curRow.id, result.loaded.current.rows, result.loaded.current.warnings)
      const o = result.outcome
      const at = this.deps.clock.now()
      this.repo.storeOutcome(
        runId,
        at,
        o,
        o.columns.map((col) => ({
          result: col.result,
          detail: col.numeric || col.categories ? { numeric: col.numeric, categories: col.categories } : null
        }))
      )
      this.publishRun(c, runId, jobId, 'done', o.columns.length, o.columns.length, undefined, o.share)
      job.progress(o.columns.length, o.columns.length, `${o.driftedColumns.length} of ${o.columns.length} columns drifted`)
      if (o.datasetDrift || o.predictionDrift) {
        this.deps.bus.publish('drift:detected', {
          checkId: c.id,
          checkName: c.name,
          model: c.model,
          version: c.version,
          share: o.share ?? 0,
          driftedColumns: o.driftedColumns,
          runId,
          at
        })
      }
    } catch (err) {
      const at = this.deps.clock.now()
      if (isAbort(err)) {
        if (this.repo.check(c.id)) this.repo.finishRun(runId, 'cancelled', at, null)
        this.publishRun(c, runId, jobId, 'cancelled', 0, null, 'cancelled', null)
        throw err
      }
      const message =
        err instanceof DriftInputError || err instanceof AppError
          ? err.message
          : `internal error: ${err instanceof Error ? err.message : String(err)}`
      if (!(err instanceof DriftInputError || err instanceof AppError))
        this.deps.logger.error('drift: run failed', { runId, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      if (this.repo.check(c.id)) this.repo.finishRun(runId, 'failed', at, message)
      this.publishRun(c, runId, jobId, 'failed', 0, null, message, null)
      throw err instanceof DriftInputError ? new AppError('VALIDATION', message) : err
    }
  }

  /** A registered model and version, or a VALIDATION error naming the field (nothing to check without a registry). */
  private checkModel(model: string, version: string): void {
    if (!this.deps.registry) return
    if (!model) {
      if (version) throw invalid('model', 'pick the model of this version from the registry')
      return
    }
    const versions = this.deps.registry.lineage(model)
    if (versions.length === 0)
      throw invalid('model', `“${model}” is not a model in the registry; register it under Models or pick one from the list`)
    const wanted = version.replace(/^v/i, '')
    if (version && !versions.some((v) => String(v.version) === wanted))
      throw invalid('version', `${model} has no version “${version}”; its versions are ${versions.map((v) => v.version).join(', ')}`)
  }

  /** What each column would get before a run: the test "default" resolves to, or why it is left out. */
  plan(raw: z.input<typeof PlanInput>): PlannedColumn[] {
    const input = PlanInput.parse(raw)
    const ref = this.repo.dataset(input.referenceId)
    if (!ref) throw invalid('referenceId', 'no such dataset')
    const cur = this.repo.dataset(input.currentId)
    if (!cur) throw invalid('currentId', 'no such dataset')
    return planColumns(input, this.repo.detail(ref), this.repo.detail(cur))
  }

  /** The run as HTML (self-contained), JSON or CSV, to save and share. */
  exportRun(runId: number, format: 'html' | 'json' | 'csv'): { filename: string; mime: string; content: string } {
    const run = this.run(runId)
    const c = this.checkRow(run.checkId)
    const details = new Map<string, ColumnDetail>()
    if (format === 'html') for (const col of run.columns) if (col.score !== null) details.set(col.name, this.column(runId, col.name))
    const x = { run, model: c.model, version: c.version, details, generatedAt: this.deps.clock.now() }
    if (format === 'json') return { filename: reportName(run, 'json'), mime: 'application/json', content: reportJson(x) }
    if (format === 'csv') return { filename: reportName(run, 'csv'), mime: 'text/csv', content: reportCsv(x) }
    return { filename: reportName(run, 'html'), mime: 'text/html', content: reportHtml(x) }
  }

  run(runId: number): DriftRunDetail {
    const r = this.repo.run(runId)
    if (!r) throw notFound(`drift run ${runId}`)
    const c = this.checkRow(r.checkId)
    return { ...r, checkName: c.name, driftShare: c.drift_share, columns: this.repo.runColumns(runId) }
  }

  column(runId: number, name: string): ColumnDetail {
    const r = this.repo.run(runId)
    if (!r) throw notFound(`drift run ${runId}`)
    const col = this.repo.runColumn(runId, name)
    if (!col) throw notFound(`column “${name}” in run ${runId}`)
    const detail = (col.detail ?? { numeric: null, categories: null }) as {
      numeric: NumericDetail | null
      categories: CategoryDetail | null
    }
    return { runId, checkId: r.checkId, column: col.result, numeric: detail.numeric, categories: detail.categories }
  }
}
