/**
 * Worker-thread entry for cost jobs: parsing a bill and staging its rows (invisible until the service publishes
 * the import), and deleting replaced or abandoned rows in small batches. Built by electron-vite as its own entry
 * (out/main/costs-worker.js); from source it runs through tsx (see pool.ts). Same protocol as drift.worker.ts.
 */
import { runCostsJob, type CostsJob } from '../services/costs/executor'
import { serveOneJob } from './serve'

serveOneJob('costs', (job: CostsJob, progress) => runCostsJob(job, progress))
