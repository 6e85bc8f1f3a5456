/**
 * Worker-thread entry for experiment imports (exposure/event files or pre-aggregated sums): reads the files and writes
 * the import's sums over its own connection. Built by electron-vite as out/main/experiments-worker.js; from source it
 * runs through tsx (see pool.ts). Same protocol as drift.worker.ts.
 */
import { runExperimentsJob, type ExperimentsJob } from '../services/experiments/importJob'
import { serveOneJob } from './serve'

serveOneJob('experiments', (job: ExperimentsJob, progress) => runExperimentsJob(job, progress))
