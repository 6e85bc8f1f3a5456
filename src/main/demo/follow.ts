import type { App } from '../app'

/** Waits for a job an area started (an import, a run, an evaluation); cancels it when the demo stops. */
export async function followJob<T>(app: App, started: { jobId: string }, signal?: AbortSignal): Promise<T> {
  const cancel = (): void => void app.jobs.cancel(started.jobId)
  if (signal?.aborted) cancel()
  signal?.addEventListener('abort', cancel)
  try {
    return (await app.jobs.wait(started.jobId)) as T
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
}
