/** The worker side of pool.ts: one request in; throttled `progress` messages, then one `result` or `error`. */
import { parentPort, type TransferListItem } from 'node:worker_threads'
import type { Progress } from '../services/drift/load'
import { toErrorMessage } from './errors'

export interface WorkerMessage {
  type: 'progress' | 'result' | 'error' | 'cancel'
  done?: number
  total?: number | null
  message?: string
  result?: unknown
  name?: string
  stack?: string
  /** AppError code and field, so the service rebuilds the same error. */
  code?: string
  field?: string
}

export function serveOneJob<Req, Res>(
  kind: string,
  run: (req: Req, progress: Progress, signal: AbortSignal) => Promise<Res>,
  transferablesOf: (res: Res) => TransferListItem[] = () => []
): void {
  const port = parentPort
  if (!port) throw new Error(`${kind}.worker must run in a worker thread`)
  // after the request, a { type: 'cancel' } message asks the job to stop on its own (jobs that must close native resources)
  const ac = new AbortController()
  port.once('message', (req: Req) => {
    port.on('message', (m: WorkerMessage) => {
      if (m?.type === 'cancel') ac.abort()
    })
    let last = 0
    run(
      req,
      (done, total, message) => {
        const now = Date.now()
        if (now - last < 100 && total !== null && done < total) return
        last = now
        port.postMessage({ type: 'progress', done, total, message } satisfies WorkerMessage)
      },
      ac.signal
    )
      .then((result) => port.postMessage({ type: 'result', result } satisfies WorkerMessage, transferablesOf(result)))
      .catch((err: unknown) => port.postMessage(toErrorMessage(err) satisfies WorkerMessage))
  })
}
