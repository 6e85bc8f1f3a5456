/**
 * Worker-thread entry for models jobs: reading MLflow stores and metric tables and writing their metric histories
 * (invisible until the service publishes the import), deleting replaced histories in small batches, and offline
 * evaluations (holdout, metrics, bootstrap). Built by electron-vite as its own entry (out/main/models-worker.js);
 * from source it runs through tsx (see pool.ts). Same protocol as drift.worker.ts.
 */
import { runModelsJob, type ModelsJob } from '../services/models/executor'
import { serveOneJob } from './serve'

serveOneJob('models', (job: ModelsJob, progress) => runModelsJob(job, progress))
