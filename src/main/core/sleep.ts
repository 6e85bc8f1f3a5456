/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts; leaves no listener on the signal either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })
    if (signal?.aborted) return reject(aborted())
    const onAbort = (): void => {
      clearTimeout(t)
      reject(aborted())
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
