// One overall deadline per check, merged with the caller's cancel signal.
import { CheckFailure } from './failures'

export interface Deadline {
  /** Aborts with a CheckFailure: kind 'timeout' when time is up, 'cancelled' when the caller cancels. */
  signal: AbortSignal
  dispose(): void
}

export function startDeadline(timeoutMs: number, cancel?: AbortSignal): Deadline {
  const ctl = new AbortController()
  const timer = setTimeout(() => ctl.abort(new CheckFailure('timeout', `timed out after ${timeoutMs} ms`)), timeoutMs)
  const onCancel = (): void => ctl.abort(new CheckFailure('cancelled', 'check cancelled'))
  if (cancel?.aborted) onCancel()
  else cancel?.addEventListener('abort', onCancel, { once: true })
  return {
    signal: ctl.signal,
    dispose() {
      clearTimeout(timer)
      cancel?.removeEventListener('abort', onCancel)
    }
  }
}

/**
 * A promise that also rejects with `signal.reason` as soon as the signal aborts.
 * `run` starts the work and returns a teardown that is called only on abort (destroy sockets there).
 */
export function abortable<T>(
  signal: AbortSignal,
  run: (resolve: (value: T) => void, reject: (err: unknown) => void) => () => void
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    let teardown = (): void => {}
    const onAbort = (): void => {
      teardown()
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    const settle =
      <A>(fn: (a: A) => void) =>
      (a: A): void => {
        signal.removeEventListener('abort', onAbort)
        fn(a)
      }
    teardown = run(settle(resolve), settle(reject))
  })
}
