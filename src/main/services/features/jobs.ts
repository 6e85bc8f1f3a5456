/** The feature store's CPU- and IO-heavy work as one entry point: the worker thread calls it, and so does the in-process executor. */
import type { SourceInspection } from '../../../shared/contract/features'
import { retrieveDuckdb } from './engine/duckdb'
import { materialize, type MaterializeOutcome, type MaterializeRequest } from './engine/materialize'
import { exportRecent, type RecentOutcome, type RecentRequest } from './engine/recent'
import type { RetrievalRequest, RetrievalResult } from './engine/retrieval'
import { computeStatistics, type StatisticsRequest, type StatisticsSnapshot } from './engine/stats'
import { retrieveTypescript } from './engine/typescript'
import { inspectSource, type Progress } from './files'

export type FeaturesJob =
  | { type: 'retrieve'; engine: 'duckdb' | 'typescript'; request: RetrievalRequest }
  | { type: 'materialize'; request: MaterializeRequest }
  | { type: 'statistics'; request: StatisticsRequest }
  | { type: 'recent'; request: RecentRequest }
  | { type: 'inspect'; path: string }

export type FeaturesJobResult = RetrievalResult | MaterializeOutcome | StatisticsSnapshot | RecentOutcome | SourceInspection

export async function runFeaturesJob(job: FeaturesJob, progress: Progress, signal?: AbortSignal): Promise<FeaturesJobResult> {
  switch (job.type) {
    case 'retrieve':
      return job.engine === 'duckdb' ? retrieveDuckdb(job.request, progress, signal) : retrieveTypescript(job.request, progress, signal)
    case 'materialize':
      return materialize(job.request, progress, signal)
    case 'statistics':
      return computeStatistics(job.request, progress, signal)
    case 'recent':
      return exportRecent(job.request, progress, signal)
    case 'inspect':
      return inspectSource(job.path)
  }
}

/** Where feature store jobs run: a worker thread in the app (pool.ts: featuresWorkerExecutor), or this thread in tests. */
export interface FeaturesExecutor {
  run<T extends FeaturesJobResult>(job: FeaturesJob, progress: Progress, signal?: AbortSignal): Promise<T>
}

export const inlineFeaturesExecutor: FeaturesExecutor = {
  async run<T extends FeaturesJobResult>(job: FeaturesJob, progress: Progress, signal?: AbortSignal): Promise<T> {
    await new Promise((r) => setImmediate(r))
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    return (await runFeaturesJob(job, progress, signal)) as T
  }
}
