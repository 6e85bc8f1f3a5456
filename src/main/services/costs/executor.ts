/**
 * Where cost jobs run: a worker thread in the app (src/main/workers/pool.ts, costsWorkerExecutor) or this thread
 * (inlineExecutor, tests). Either way the job opens its own connection to the workspace file.
 */
import type { Worker } from 'node:worker_threads'
import { cleanUp, stageImport, type CleanupJob, type CleanupResult, type ImportJob, type StagedImport } from './stage'

export type { CleanupJob, CleanupResult, DbRef, ImportJob, StagedImport } from './stage'
export type CostsJob = ImportJob | CleanupJob
export type CostsJobResult = StagedImport | CleanupResult
export type JobProgress = (done: number, total: number | null, message?: string) => void

export interface CostsExecutor {
  /** 'worker' in the app: parsing and writing never run on the event loop of the pollers. */
  readonly where: 'worker' | 'inline'
  run(job: CostsJob, progress: JobProgress, signal?: AbortSignal): Promise<CostsJobResult>
}

export interface RunOptions {
  /** Starts a thread that reads the bill while this one writes (the worker passes it; without, both run here). */
  spawnReader?: (() => Worker) | undefined
}

/** The entry point of both executors and of costs.worker.ts. */
export function runCostsJob(job: CostsJob, progress: JobProgress, signal?: AbortSignal, opts: RunOptions = {}): Promise<CostsJobResult> {
  return job.type === 'import' ? stageImport(job, progress, signal, opts.spawnReader) : cleanUp(job, progress, signal)
}

/** Runs jobs on this thread (yielding between batches); blocks the event loop while it parses. Tests only. */
export const inlineExecutor: CostsExecutor = {
  where: 'inline',
  async run(job, progress, signal) {
    await new Promise((r) => setImmediate(r))
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    return runCostsJob(job, progress, signal)
  }
}
