/** The worker side of pool.ts: one request in; throttled `progress` messages, then one `result` or `error`. */
import { parentPort, type TransferListItem } from 'node:worker_threads'
import type { Progress } from '../services/drift/load'
import { toErrorMessage } from './errors'

export interface WorkerMessage {
  type: 'progress' | 'result' | 'error'
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
  run: (req: Req, progress: Progress) => Promise<Res>,
  transferablesOf: (res: Res) => TransferListItem[] = () => []
): void {
  const port = parentPort
  if (!port) throw new Error(`${kind}.worker must run in a worker thread`)
  port.once('message', (req: Req) => {
    let last = 0
    run(req, (done, total, message) => {
      const now = Date.now()
      if (now - last < 100 && total !== null && done < total) return
      last = now
      port.postMessage({ type: 'progress', done, total, message } satisfies WorkerMessage)
    })
      .then((result) => port.postMessage({ type: 'result', result } satisfies WorkerMessage, transferablesOf(result)))
      .catch((err: unknown) => port.postMessage(toErrorMessage(err) satisfies WorkerMessage))
  })
}
