// Cancellable jobs with progress events, and the import jobs (mlruns folders, mlflow.db files, tables).
import crypto from 'node:crypto'
import { AppError, conflict } from '../../../shared/errors'
import type { ImportReport } from '../../../shared/contract'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Db } from '../../db/open'
import { runImport, type StoreInput } from './importer'
import { MlflowDb } from './mlflowDb'
import { findStores, parseRegistry, parseRun, scanStore } from './mlruns'
import type { Changed } from './registry'
import { parseTableFile } from './table'
import type { ParseContext } from './types'

export const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

export type Progress = (done: number, total: number | null, message?: string, state?: 'running' | 'done' | 'failed' | 'cancelled') => void
export interface Job {
  id: string
  signal: AbortSignal
  end(): void
}

/** Running jobs by id: each can be cancelled and reports progress on the bus. */
export class JobTracker {
  private jobs = new Map<string, AbortController>()

  constructor(private bus: EventBus) {}

  start(jobId: string | undefined, signal?: AbortSignal): Job {
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

  progress(jobId: string, kind: string): Progress {
    return (done, total, message, state = 'running') =>
      this.bus.publish('job:progress', { jobId, kind, done, total, state, ...(message ? { message } : {}) })
  }

  /** Starts a job, runs `body`, reports failure or cancellation as its last progress, and always ends it. */
  async run<T>(
    kind: string,
    jobId: string | undefined,
    signal: AbortSignal | undefined,
    body: (job: Job, progress: Progress) => Promise<T>,
    cleanup?: () => void
  ): Promise<T> {
    const job = this.start(jobId, signal)
    const progress = this.progress(job.id, kind)
    try {
      return await body(job, progress)
    } catch (err) {
      const cancelled = err instanceof AppError && err.code === 'CANCELLED'
      progress(0, null, (err as Error).message, cancelled ? 'cancelled' : 'failed')
      throw err
    } finally {
      cleanup?.()
      job.end()
    }
  }
}

export interface ImportDeps {
  db: Db
  clock: Clock
  jobs: JobTracker
  changed: Changed
  nativeBinding?: string | undefined
}

/** Imports MLflow stores and run tables into the workspace as tracked jobs. */
export class Imports {
  constructor(private deps: ImportDeps) {}

  private runImportJob(
    kind: ImportReport['kind'],
    rootPath: string,
    jobId: string | undefined,
    signal: AbortSignal | undefined,
    build: () => StoreInput[],
    cleanup?: () => void
  ): Promise<ImportReport> {
    return this.deps.jobs.run(
      `models:import:${kind}`,
      jobId,
      signal,
      async (job, progress) => {
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
        progress(
          r.runs.created + r.runs.updated + r.runs.unchanged,
          r.runs.created + r.runs.updated + r.runs.unchanged,
          'import finished',
          'done'
        )
        const what = `${r.runs.created} new, ${r.runs.updated} updated run(s) and ${r.versions.created} new version(s) from ${rootPath}`
        if (outcome.touchedModels.length)
          for (const m of outcome.touchedModels) this.deps.changed(m.id, 'import', `imported ${m.name}: ${what}`)
        else this.deps.changed(0, 'import', `imported ${what}`)
        return r
      },
      cleanup
    )
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
        return [
          {
            storePath: file,
            kind: 'mlflow-db',
            experiments: s.experiments(),
            runCount: s.runCount(),
            runs: (ctx) => s.runs(ctx),
            registry: () => s.registry()
          }
        ]
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
        {
          skip: (p, r) => pending.push({ path: p, reason: r }),
          warn: (m) => warns.push(m),
          knownHash: () => undefined,
          progress: () => undefined
        } as ParseContext,
        this.deps.clock.now()
      )
      if (runs.length === 0) throw new AppError('VALIDATION', `${file} holds no runs`, 'path')
      return [
        {
          storePath: file,
          kind: 'table',
          experiments: [
            {
              externalId: runs[0]!.experimentExternalId,
              name: experiment,
              artifactLocation: null,
              lifecycleStage: 'active',
              createdAt: null,
              updatedAt: null,
              tags: {}
            }
          ],
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
}
