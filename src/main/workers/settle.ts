import type { Worker } from 'node:worker_threads'

/**
 * Settles the promise of a job on `worker` once: the first `finish(fn)` stops listening to `signal`, terminates the
 * worker and runs fn (with `afterExit`, once the worker has stopped: its connections closed, open transactions rolled
 * back); later calls do nothing. Aborting the signal rejects with `cancelled()` once the worker is gone, so a clean-up
 * that follows never races its last write. With `cancelGraceMs`, aborting first posts `{ type: 'cancel' }` and waits up to
 * that long for the worker to answer (`stopping` is then true) before terminating it.
 */
export function settleOnce(
  worker: Worker,
  signal: AbortSignal | undefined,
  reject: (err: Error) => void,
  cancelled: () => Error,
  cancelGraceMs = 0
): { finish: (fn: () => void, afterExit?: boolean) => void; readonly settled: boolean; readonly stopping: boolean } {
  let settled = false
  let stopping = false
  const finish = (fn: () => void, afterExit = false): void => {
    if (settled) return
    settled = true
    signal?.removeEventListener('abort', onAbort)
    const exited = worker.terminate()
    if (afterExit) void exited.then(fn, fn)
    else fn()
  }
  const onAbort = (): void => {
    if (!cancelGraceMs) return finish(() => reject(cancelled()), true)
    // a worker holding native resources is asked to stop first, and terminated after the grace period
    stopping = true
    worker.postMessage({ type: 'cancel' })
    setTimeout(() => finish(() => reject(cancelled()), true), cancelGraceMs).unref()
  }
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  return {
    finish,
    get settled() {
      return settled
    },
    get stopping() {
      return stopping
    }
  }
}
