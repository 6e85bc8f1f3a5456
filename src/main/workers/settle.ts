import type { Worker } from 'node:worker_threads'

/**
 * Settles the promise of a job on `worker` once: the first `finish(fn)` stops listening to `signal`, terminates the
 * worker and runs fn (with `afterExit`, once the worker has stopped: its connections closed, open transactions rolled
 * back); later calls do nothing. Aborting the signal rejects with `cancelled()` once the worker is gone, so a clean-up
 * that follows never races its last write.
 */
export function settleOnce(
  worker: Worker,
  signal: AbortSignal | undefined,
  reject: (err: Error) => void,
  cancelled: () => Error
): { finish: (fn: () => void, afterExit?: boolean) => void; readonly settled: boolean } {
  let settled = false
  const finish = (fn: () => void, afterExit = false): void => {
    if (settled) return
    settled = true
    signal?.removeEventListener('abort', onAbort)
    const exited = worker.terminate()
    if (afterExit) void exited.then(fn, fn)
    else fn()
  }
  const onAbort = (): void => finish(() => reject(cancelled()), true)
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  return {
    finish,
    get settled() {
      return settled
    }
  }
}
