/**
 * Worker-thread entry for optimisation jobs: reading an Optuna storage and writing its studies into the workspace in
 * short transactions. Built by electron-vite as its own entry (out/main/optimize-worker.js); from source it runs
 * through tsx (see pool.ts). Same protocol as drift.worker.ts.
 */
import { runOptimizeJob, type OptimizeJob } from '../services/optimize/executor'
import { serveOneJob } from './serve'

serveOneJob('optimize', (job: OptimizeJob, progress) => runOptimizeJob(job, progress))
