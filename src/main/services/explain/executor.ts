/** Where explanations are computed: a worker thread in the app (workers/pool.ts) or this thread (tests). */
import type { RowExplanation } from '../../../shared/contract/explain'
import { runExplain, type DatasetResult, type ExplainRequest, type Progress } from './run'

export interface ExplainExecutor {
  readonly where: 'worker' | 'inline'
  run(req: ExplainRequest, progress: Progress, signal?: AbortSignal): Promise<DatasetResult | RowExplanation>
}

/** Runs on this thread, yielding once first; blocks the event loop while it computes. Unit tests only. */
export const inlineExplainExecutor: ExplainExecutor = {
  where: 'inline',
  async run(req, progress, signal) {
    await new Promise((r) => setImmediate(r))
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    return runExplain(req, progress, signal)
  }
}
