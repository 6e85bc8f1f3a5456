/**
 * Where models jobs run: a worker thread in the app (src/main/workers/pool.ts, modelsWorkerExecutor) or this thread
 * (inlineExecutor). Imports and clean-ups open their own connection to the workspace file; evaluations only read files.
 */
import { cleanUpSets, type CleanupJob, type CleanupResult } from './cleanup'
import { evaluate, type EvalOutput, type EvalSpec } from './eval/evaluate'
import { stageImport, type ImportJob, type Progress, type StagedImport } from './importer'

export type { CleanupJob, CleanupResult } from './cleanup'
export type { ImportJob, StagedImport } from './importer'

export interface EvaluateJob {
  type: 'evaluate'
  spec: EvalSpec
}

export type ModelsJob = ImportJob | CleanupJob | EvaluateJob
export type ModelsJobResult<J extends ModelsJob> = J extends ImportJob ? StagedImport : J extends CleanupJob ? CleanupResult : EvalOutput

export interface ModelsExecutor {
  /** 'worker' in the app: reading, writing and statistics never run on the event loop of the pollers. */
  readonly where: 'worker' | 'inline'
  run<J extends ModelsJob>(job: J, progress: Progress, signal?: AbortSignal): Promise<ModelsJobResult<J>>
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

/** The entry point of both executors and of models.worker.ts. */
export function runModelsJob(job: ModelsJob, progress: Progress, signal?: AbortSignal): Promise<unknown> {
  if (job.type === 'import') return stageImport(job, progress, signal)
  if (job.type === 'cleanup') return cleanUpSets(job, progress, signal)
  return evaluate(job.spec, { signal, progress, tick })
}

/** Runs jobs on this thread (yielding between batches); blocks the event loop while it parses. */
export const inlineExecutor: ModelsExecutor = {
  where: 'inline',
  async run(job, progress, signal) {
    await tick()
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    return runModelsJob(job, progress, signal) as never
  }
}
