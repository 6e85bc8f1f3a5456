/**
 * Worker-thread entry for feature store jobs: historical retrieval (TypeScript sort-merge or DuckDB), materialisation,
 * statistics, recent-value exports. Built by electron-vite as its own entry (out/main/features-worker.js); from source it
 * runs through tsx (see pool.ts). Same protocol as drift.worker.ts, plus `cancel`: DuckDB is interrupted and closed by the
 * job itself before the worker ends (terminating a worker inside a DuckDB query aborts the process).
 */
import { runFeaturesJob, type FeaturesJob } from '../services/features/jobs'
import { serveOneJob } from './serve'

serveOneJob('features', (job: FeaturesJob, progress, signal) => runFeaturesJob(job, progress, signal))
