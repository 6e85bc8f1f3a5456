/**
 * Worker-thread entry for explanations (TreeSHAP, Permutation and KernelSHAP over a data file; one row). Built by
 * electron-vite as its own entry (out/main/explain-worker.js); from source it runs through tsx (see pool.ts).
 * Same protocol as drift.worker.ts: one request in; progress messages, then one result or error.
 */
import { runExplain, type ExplainRequest } from '../services/explain/run'
import { serveOneJob } from './serve'

serveOneJob('explain', (req: ExplainRequest, progress) => runExplain(req, progress))
