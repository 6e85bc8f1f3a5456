/**
 * Worker-thread entry for feature store jobs: historical retrieval (TypeScript sort-merge or DuckDB), materialisation,
 * statistics, recent-value exports. Built by electron-vite as its own entry (out/main/features-worker.js); from source it
 * runs through tsx (see pool.ts). Same protocol as drift.worker.ts.
 */
import { runFeaturesJob, type FeaturesJob } from '../services/features/jobs'
import { serveOneJob } from './serve'

serveOneJob('features', (job: FeaturesJob, progress) => runFeaturesJob(job, progress))
