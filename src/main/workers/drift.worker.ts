/**
 * Worker-thread entry for drift jobs (parsing CSV/Parquet, statistics). Built by electron-vite as its own
 * entry (out/main/drift-worker.js); under vitest/vite-node it runs from this TypeScript source through a
 * tsx bootstrap (see pool.ts). Protocol: one `JobRequest` in; `progress` messages, then one `result` or `error`.
 */
import { parentPort } from 'node:worker_threads'
import { runJob, transferablesOf, type JobRequest } from '../services/drift/jobs'

const port = parentPort
if (!port) throw new Error('drift.worker must run in a worker thread')

port.once('message', (req: JobRequest) => {
  let last = 0
  runJob(req, (done, total, message) => {
    const now = Date.now()
    if (now - last < 100 && total !== null && done < total) return
    last = now
    port.postMessage({ type: 'progress', done, total, message })
  })
    .then((result) => port.postMessage({ type: 'result', result }, transferablesOf(result)))
    .catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err))
      port.postMessage({ type: 'error', name: e.name, message: e.message, stack: e.stack })
    })
})
