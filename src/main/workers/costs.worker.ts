/**
 * Worker-thread entry for cost jobs: parsing a bill and staging its rows (invisible until the service publishes
 * the import), and deleting replaced or abandoned rows in small batches. Built by electron-vite as its own entry
 * (out/main/costs-worker.js); from source it runs through tsx (see pool.ts). Same protocol as drift.worker.ts.
 * An import starts this same script once more in the `costs-reader` role: that thread reads the bill while this
 * one writes its rows.
 */
import { fileURLToPath } from 'node:url'
import { Worker, workerData } from 'node:worker_threads'
import { runCostsJob, type CostsJob } from '../services/costs/executor'
import { serveBillReader } from '../services/costs/reader'
import { workerEntry } from './pool'
import { serveOneJob } from './serve'

if ((workerData as { role?: string } | null)?.role === 'costs-reader') serveBillReader()
else {
  const self = fileURLToPath(import.meta.url)
  const script = { file: self, kind: self.endsWith('.ts') ? ('source' as const) : ('built' as const) }
  const spawnReader = (): Worker => new Worker(workerEntry(script), { workerData: { role: 'costs-reader' } })
  serveOneJob('costs', (job: CostsJob, progress) => runCostsJob(job, progress, undefined, { spawnReader }))
}
