/**
 * The import jobs (mlruns folders, mlflow.db files, tables) on the one job model. Reading the stores and writing the
 * metric histories run on the executor (a worker thread in the app), invisible; the service publishes the import in
 * one short transaction; replaced histories, and those a cancelled, failed or crashed import left, are deleted
 * afterwards on the executor in small batches.
 */
import { AppError } from '../../../shared/errors'
import type { ImportReport } from '../../../shared/contract'
import type { Clock } from '../../core/clock'
import type { JobSpec } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { Db, DbRef } from '../../db/open'
import type { CleanupResult, ModelsExecutor } from './executor'
import type { ImportKind } from './importer'
import { publishImport } from './publish'
import type { Changed } from './registry'
import type { ModelsRepo } from './repo'

export interface ImportDeps {
  db: Db
  clock: Clock
  logger: Logger
  repo: ModelsRepo
  changed: Changed
  executor: ModelsExecutor
  nativeBinding?: string | undefined
}

const TITLES: Record<ImportKind, string> = { mlruns: 'MLflow runs', 'mlflow-db': 'mlflow.db', table: 'metric table' }

/** Imports MLflow stores and run tables into the workspace as tracked jobs. */
export class Imports {
  /** Import jobs staging now (the staging sets of any other job are abandoned). */
  private running = new Set<string>()
  private cleaning: Promise<CleanupResult> | undefined
  private cleanAgain = false
  private stopping = new AbortController()
  /** How long the last import held the write lock: its publish (main thread) and its longest worker transaction. */
  lastTimings: { publishMs: number; workerTransactions: number; longestWorkerTxMs: number } | undefined

  constructor(private deps: ImportDeps) {}

  importJob(kind: ImportKind, rootPath: string, experiment = 'Imported tables'): JobSpec<ImportReport> {
    let jobId = ''
    return {
      kind: 'models:import',
      area: 'models',
      title: `Import ${TITLES[kind]} from ${rootPath}`,
      unit: 'runs',
      route: '/models/import',
      run: async (job) => {
        const started = Date.now()
        jobId = job.id
        this.running.add(jobId)
        job.progress(0, null, `scanning ${rootPath}`)
        const staged = await this.deps.executor.run(
          { type: 'import', db: this.dbRef(), jobId, kind, path: rootPath, experiment, now: this.deps.clock.now() },
          (done, total, message) => job.progress(done, total, message),
          job.signal
        )
        if (job.signal.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was written')
        // one short transaction, with no await after it: a cancel comes before it (nothing is visible) or not at all
        const t0 = performance.now()
        const outcome = publishImport(this.deps.db, staged, jobId, this.deps.clock.now())
        this.lastTimings = {
          publishMs: performance.now() - t0,
          workerTransactions: staged.transactions.count,
          longestWorkerTxMs: staged.transactions.longestMs
        }
        this.running.delete(jobId)
        const r: ImportReport = { jobId, kind, path: rootPath, ...outcome.report, durationMs: Date.now() - started }
        const runs = r.runs.created + r.runs.updated + r.runs.unchanged
        job.progress(runs, runs, 'import finished')
        const what = `${r.runs.created} new, ${r.runs.updated} updated run(s) and ${r.versions.created} new version(s) from ${rootPath}`
        if (outcome.touchedModels.length)
          for (const m of outcome.touchedModels) this.deps.changed(m.id, 'import', `imported ${m.name}: ${what}`)
        else this.deps.changed(0, 'import', `imported ${what}`)
        if (outcome.retiredSets > 0) void this.cleanUpLogged()
        return r
      },
      // the staged histories were never visible; delete them before the job ends, so nothing is left behind
      cleanup: async () => {
        this.running.delete(jobId)
        await this.cleanUpLogged()
      }
    }
  }

  /**
   * Deletes retired metric sets and the staging sets of imports that no longer run, in small batches on the executor.
   * One pass at a time; a request during a pass runs another one after it. Resolves when done.
   */
  cleanUp(): Promise<CleanupResult> {
    if (this.cleaning) {
      this.cleanAgain = true
      return this.cleaning
    }
    const pass = async (): Promise<CleanupResult> => {
      const total: CleanupResult = { deletedSets: 0, deletedSeries: 0 }
      do {
        this.cleanAgain = false
        if (this.stopping.signal.aborted) break
        const abandonedJobs = this.deps.repo.stagingJobs().filter((id) => !this.running.has(id))
        if (!abandonedJobs.length && !this.deps.repo.hasRetiredSets()) break
        const r = await this.deps.executor.run({ type: 'cleanup', db: this.dbRef(), abandonedJobs }, () => {}, this.stopping.signal)
        total.deletedSets += r.deletedSets
        total.deletedSeries += r.deletedSeries
      } while (this.cleanAgain)
      return total
    }
    const p = pass().finally(() => {
      if (this.cleaning === p) this.cleaning = undefined
    })
    this.cleaning = p
    return p
  }

  /** Stops a clean-up in flight (what it has not deleted yet is deleted at the next start). */
  async stop(): Promise<void> {
    this.stopping.abort()
    await this.cleaning?.catch(() => undefined)
  }

  private cleanUpLogged(): Promise<unknown> {
    return this.cleanUp().catch((err: unknown) => {
      if (!this.stopping.signal.aborted) this.deps.logger.error(`models clean-up failed: ${(err as Error).message}`)
    })
  }

  private dbRef(): DbRef {
    return { file: this.deps.db.name, nativeBinding: this.deps.nativeBinding }
  }
}
