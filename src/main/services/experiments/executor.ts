/** Where import jobs run: a worker thread in the app (the default) or this thread (tests). */
import { resolveWorkerScript, runOnWorker, type WorkerScript } from '../../workers/pool'
import type { Progress } from './aggregate'
import { runExperimentsJob, type ExperimentsJob, type ExperimentsJobResult } from './importJob'

export interface ExperimentsExecutor {
  run(job: ExperimentsJob, progress: Progress, signal?: AbortSignal): Promise<ExperimentsJobResult>
}

export function workerExecutor(script?: WorkerScript): ExperimentsExecutor {
  let resolved = script
  return {
    run: (job, progress, signal) =>
      runOnWorker<ExperimentsJobResult>(
        'experiments',
        () => (resolved ??= resolveWorkerScript(undefined, 'experiments')),
        job,
        [],
        progress,
        signal
      )
  }
}

/** Runs on this thread; blocks the event loop while it reads. Tests only. */
export const inlineExecutor: ExperimentsExecutor = {
  async run(job, progress, signal) {
    await new Promise((r) => setImmediate(r))
    return runExperimentsJob(job, progress, signal)
  }
}
