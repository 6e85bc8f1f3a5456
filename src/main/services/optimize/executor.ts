/** Where optimisation jobs run: a worker thread in the app (workers/pool.ts) or this thread (unit tests). */
import { importStorage, type ImportJob, type ImportResult, type Progress } from './import'

export type OptimizeJob = ImportJob

export interface OptimizeExecutor {
  readonly where: 'worker' | 'inline'
  run(job: OptimizeJob, progress: Progress, signal?: AbortSignal): Promise<ImportResult>
}

export function runOptimizeJob(job: OptimizeJob, progress: Progress, signal?: AbortSignal): Promise<ImportResult> {
  return importStorage(job, progress, signal)
}

/** Runs on this thread, yielding once first; blocks the event loop while it reads. Unit tests only. */
export const inlineOptimizeExecutor: OptimizeExecutor = {
  where: 'inline',
  async run(job, progress, signal) {
    await new Promise((r) => setImmediate(r))
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    return runOptimizeJob(job, progress, signal)
  }
}
