/** Where drift jobs run: a worker thread (default, see src/main/workers/pool.ts) or in-process (tests). */
import type { Inspection } from '../../../shared/contract/drift'
import { runJob, type ComputeResult, type JobRequest } from './jobs'
import type { LoadedDataset, Progress } from './load'

export interface DriftExecutor {
  run(req: JobRequest, progress: Progress, signal?: AbortSignal): Promise<Inspection | LoadedDataset | ComputeResult>
}

/** Runs the job on this thread, yielding once before it starts. Used by unit tests; blocks the event loop while it computes. */
export const inlineExecutor: DriftExecutor = {
  async run(req, progress, signal) {
    await new Promise((r) => setImmediate(r))
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    return runJob(req, progress, signal)
  }
}
