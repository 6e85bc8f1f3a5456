/**
 * Long-lived workers (the logs area's writer and its searches): one thread that keeps its state and database
 * connection, answering method calls by message and pushing events back. Started on first use; if it dies it is
 * started again on the next call (and `onStart` runs again, so the owner can hand it its settings).
 * `inlineResident` runs the same object on this thread (unit tests).
 */
import { parentPort, Worker, type TransferListItem } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../shared/errors'
import type { Logger } from '../core/log'
import { resolveWorkerScript, workerEntry, type WorkerKind, type WorkerScript } from './pool'

type Args<Api, K extends keyof Api> = Api[K] extends (...args: infer A) => unknown ? A : never
type Result<Api, K extends keyof Api> = Api[K] extends (...args: never[]) => infer R ? Awaited<R> : never

export interface Resident<Api> {
  call<K extends keyof Api & string>(method: K, ...args: Args<Api, K>): Promise<Result<Api, K>>
  /** Like call, handing over buffers instead of copying them. */
  callTransfer<K extends keyof Api & string>(method: K, transfer: TransferListItem[], ...args: Args<Api, K>): Promise<Result<Api, K>>
  onEvent(listener: (event: unknown) => void): () => void
  /** Whether the thread (or inline object) is up. */
  readonly started: boolean
  close(): Promise<void>
}

interface Reply {
  type: 'reply'
  id: number
  ok: boolean
  value?: unknown
  error?: { name: string; message: string; code?: string; field?: string; stack?: string }
}
interface EventMsg {
  type: 'event'
  event: unknown
}

const errorOf = (e: NonNullable<Reply['error']>): Error =>
  e.name === 'AppError' && e.code
    ? new AppError(e.code as ErrorCode, e.message, e.field)
    : Object.assign(new Error(e.message), { name: e.name, stack: e.stack })

export interface ResidentOptions {
  kind: WorkerKind
  /** Sent as the worker's `workerData`. */
  init: unknown
  logger: Logger
  script?: WorkerScript
  /** After the thread starts (and after each restart). */
  onStart?: () => void
}

export function residentWorker<Api>(opts: ResidentOptions): Resident<Api> {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Set<(e: unknown) => void>()
  let closing = false

  const start = (): Worker => {
    const script = opts.script ?? resolveWorkerScript(undefined, opts.kind)
    const w = new Worker(workerEntry(script), { workerData: opts.init })
    w.on('message', (m: Reply | EventMsg) => {
      if (m.type === 'event') for (const l of listeners) l(m.event)
      else {
        const p = pending.get(m.id)
        if (!p) return
        pending.delete(m.id)
        if (m.ok) p.resolve(m.value)
        else p.reject(errorOf(m.error!))
      }
    })
    const fail = (err: Error): void => {
      if (worker === w) worker = null
      for (const p of pending.values()) p.reject(err)
      pending.clear()
    }
    w.on('error', (err) => {
      opts.logger.error(`${opts.kind} worker failed`, { error: err.stack ?? err.message })
      fail(err)
    })
    w.on('exit', (code) => {
      if (!closing && code !== 0) opts.logger.warn(`${opts.kind} worker exited with code ${code}; it starts again on the next call`)
      fail(new Error(`${opts.kind} worker stopped`))
    })
    worker = w
    opts.onStart?.()
    return w
  }

  const send = (method: string, args: unknown[], transfer: TransferListItem[]): Promise<never> => {
    if (closing) return Promise.reject(new AppError('UNAVAILABLE', `${opts.kind} is stopping`))
    const w = worker ?? start()
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      w.postMessage({ type: 'call', id, method, args }, transfer)
    })
  }

  return {
    call: (method, ...args) => send(method, args, []),
    callTransfer: (method, transfer, ...args) => send(method, args, transfer),
    onEvent(l) {
      listeners.add(l)
      return () => void listeners.delete(l)
    },
    get started() {
      return worker !== null
    },
    async close() {
      if (!worker) {
        closing = true
        return
      }
      const w = worker
      try {
        await Promise.race([send('close', [], []), new Promise((r) => setTimeout(r, 10_000))])
      } catch {
        // already gone
      }
      closing = true
      await w.terminate()
      worker = null
    }
  }
}

/** The same protocol on this thread: for tests and tools. */
export function inlineResident<Api extends object>(create: (emit: (event: unknown) => void) => Api & { close?(): unknown }): Resident<Api> {
  const listeners = new Set<(e: unknown) => void>()
  let impl: (Api & { close?(): unknown }) | null = null
  const get = (): Api & { close?(): unknown } => (impl ??= create((e) => setImmediate(() => listeners.forEach((l) => l(e)))))
  const call = async (method: string, args: unknown[]): Promise<never> => {
    await new Promise((r) => setImmediate(r))
    const fn = (get() as Record<string, unknown>)[method] as (...a: unknown[]) => unknown
    return (await fn.apply(impl, args)) as never
  }
  return {
    call: (method, ...args) => call(method, args),
    callTransfer: (method, _transfer, ...args) => call(method, args),
    onEvent(l) {
      listeners.add(l)
      return () => void listeners.delete(l)
    },
    get started() {
      return impl !== null
    },
    async close() {
      await impl?.close?.()
      impl = null
    }
  }
}

/** The worker side: builds the object from `workerData`, answers calls, forwards its events; `close` ends it. */
export function serveResident<Api extends object>(
  kind: string,
  create: (init: unknown, emit: (event: unknown) => void) => Api & { close?(): unknown },
  init: unknown
): void {
  const port = parentPort
  if (!port) throw new Error(`${kind} worker must run in a worker thread`)
  const impl = create(init, (event) => port.postMessage({ type: 'event', event } satisfies EventMsg))
  port.on('message', (m: { type: 'call'; id: number; method: string; args: unknown[] }) => {
    const fn = (impl as Record<string, unknown>)[m.method]
    Promise.resolve()
      .then(() => {
        if (typeof fn !== 'function') throw new Error(`${kind} worker has no method ${m.method}`)
        return (fn as (...a: unknown[]) => unknown).apply(impl, m.args)
      })
      .then((value) => port.postMessage({ type: 'reply', id: m.id, ok: true, value } satisfies Reply))
      .catch((err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err))
        const x = e as Error & { code?: unknown; field?: unknown }
        port.postMessage({
          type: 'reply',
          id: m.id,
          ok: false,
          error: {
            name: e.name,
            message: e.message,
            ...(typeof x.code === 'string' ? { code: x.code } : {}),
            ...(typeof x.field === 'string' ? { field: x.field } : {}),
            ...(e.stack ? { stack: e.stack } : {})
          }
        } satisfies Reply)
      })
  })
}
