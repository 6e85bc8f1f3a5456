/**
 * Worker-thread entry for drift jobs (parsing CSV/Parquet, statistics). Built by electron-vite as its own
 * entry (out/main/drift-worker.js); under vitest/vite-node it runs from this TypeScript source through a
 * tsx bootstrap (see pool.ts). Protocol: one `JobRequest` in; `progress` messages, then one `result` or `error`.
 */
import { runJob, transferablesOf, type JobRequest } from '../services/drift/jobs'
import { serveOneJob } from './serve'

serveOneJob('drift', (req: JobRequest, progress) => runJob(req, progress), transferablesOf)
