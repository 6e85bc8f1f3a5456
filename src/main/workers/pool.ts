/**
 * Jobs on worker threads, by kind (`drift`, `costs`, `models`, `loadtest`): one short-lived worker per job, so cancelling is
 * `worker.terminate()` and a crash or runaway job never touches the main thread (the health poller keeps its schedule).
 *
 * Finding a kind's worker script:
 *  - built app: electron-vite emits `<kind>-worker.js` next to the main bundle (`out/main/`), each one self-contained
 *    (electron.vite.config.ts), so a packaged app loads it from inside the asar like the rest of the main process
 *    (Electron's worker threads read asar paths); the code that resolves it may sit in `out/main/` or
 *    `out/main/chunks/`, so both are looked at;
 *  - from TypeScript source (vitest, vite-node benchmarks): `<kind>.worker.ts` beside this file. The worker then
 *    starts from a tiny ES-module bootstrap (a data: URL) that registers tsx's loader (a devDependency) with
 *    `register()` from `tsx/esm/api` and imports the .ts file. (`execArgv: ['--import', 'tsx']` is not enough in
 *    Node 20: the worker's entry module is resolved before the hooks apply: "Unknown file extension .ts".)
 * `CONSOLE_<KIND>_WORKER` (CONSOLE_DRIFT_WORKER, CONSOLE_COSTS_WORKER, CONSOLE_MODELS_WORKER, CONSOLE_EXPLAIN_WORKER,
 *    CONSOLE_LOGS_INGEST_WORKER …) overrides the path (benchmarks, packaging experiments).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type TransferListItem } from 'node:worker_threads'
import type { Inspection } from '../../shared/contract/drift'
import type { CostsExecutor, CostsJob, CostsJobResult } from '../services/costs/executor'
import type { DriftExecutor } from '../services/drift/executor'
import type { ModelsExecutor, ModelsJob } from '../services/models/executor'
import type { ExplainExecutor } from '../services/explain/executor'
import type { OptimizeExecutor, OptimizeJob } from '../services/optimize/executor'
import type { ImportResult as OptimizeImport } from '../services/optimize/import'
import type { DatasetResult, ExplainRequest } from '../services/explain/run'
import type { RowExplanation } from '../../shared/contract/explain'
import type { LoadJob } from '../services/testing/load/job'
import type { LoadReport } from '../../shared/contract/testingLoad'
import type { FeaturesExecutor, FeaturesJob, FeaturesJobResult } from '../services/features/jobs'
import { transferablesOf, type ComputeResult, type JobRequest } from '../services/drift/jobs'
import { DriftInputError, type LoadedDataset, type Progress } from '../services/drift/load'
import { FeatureInputError } from '../services/features/files'
import type { WorkerMessage } from './serve'
import { fromErrorMessage } from './errors'
import { settleOnce } from './settle'

/** A worker's name: `src/main/workers/<kind>.worker.ts`, built as `out/main/<kind>-worker.js` (every such file is an entry). */
export type WorkerKind = string

export interface WorkerScript {
  file: string
  /** 'built': plain JavaScript; 'source': TypeScript, loaded through tsx. */
  kind: 'built' | 'source'
}

/** The URL or path to hand to `new Worker()` for a script. */
export function workerEntry(script: WorkerScript): string | URL {
  if (script.kind === 'built') return script.file
  const req = createRequire(import.meta.url)
  const api = pathToFileURL(req.resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(pathToFileURL(script.file).href)});`
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`)
}

export function resolveWorkerScript(here = path.dirname(fileURLToPath(import.meta.url)), kind: WorkerKind = 'drift'): WorkerScript {
  const override = process.env[`CONSOLE_${kind.toUpperCase().replace(/-/g, '_')}_WORKER`]
  if (override) return { file: override, kind: override.endsWith('.ts') ? 'source' : 'built' }
  for (const dir of [here, path.dirname(here)]) {
    const built = path.join(dir, `${kind}-worker.js`)
    if (fs.existsSync(built)) return { file: built, kind: 'built' }
  }
  const source = path.join(here, `${kind}.worker.ts`)
  if (fs.existsSync(source)) return { file: source, kind: 'source' }
  throw new Error(`${kind} worker script not found next to ${here} (build with electron-vite, or run from source with tsx installed)`)
}

/** Rebuilds the error a worker reported, keeping the classes the services tell apart. */
function errorOf(m: WorkerMessage): Error {
  if (m.name === 'DriftInputError') return new DriftInputError(m.message ?? 'bad input')
  if (m.name === 'FeatureInputError') return new FeatureInputError(m.message ?? 'bad input', m.field ?? 'path')
  return fromErrorMessage(m)
}

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

/**
 * Runs one job on a fresh worker thread of `kind`: progress messages, then its result. Abort terminates the worker at once,
 * or, with `cancelGraceMs`, first asks it to stop (a `cancel` message) and waits up to that long for it to answer: a worker
 * holding native resources (DuckDB) must close them itself, since terminating it mid-query aborts the whole process.
 */
export function runOnWorker<T>(
  kind: WorkerKind,
  script: () => WorkerScript,
  request: unknown,
  transfer: TransferListItem[],
  progress: Progress,
  signal?: AbortSignal,
  cancelGraceMs = 0
): Promise<T> {
  let s: WorkerScript
  try {
    s = script()
  } catch (err) {
    return Promise.reject(err as Error)
  }
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled())
    const worker = new Worker(workerEntry(s))
    const settle = settleOnce(worker, signal, reject, cancelled, cancelGraceMs)
    const { finish } = settle
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') progress(m.done ?? 0, m.total ?? null, m.message)
      else if (settle.stopping && (m.type === 'result' || m.type === 'error')) finish(() => reject(cancelled()), true)
      else if (m.type === 'result') finish(() => resolve(m.result as T))
      else if (m.type === 'error') finish(() => reject(errorOf(m)))
    })
    worker.on('error', (err) => finish(() => reject(err)))
    worker.on('exit', (code) => finish(() => reject(new Error(`${kind} worker exited with code ${code} before answering`))))
    worker.postMessage(request, transfer)
  })
}

/** Drift jobs (parsing, statistics), each on a fresh worker thread. */
export function workerExecutor(script?: WorkerScript): DriftExecutor {
  let resolved: WorkerScript | undefined = script
  return {
    run(req: JobRequest, progress: Progress, signal?: AbortSignal) {
      return runOnWorker<Inspection | LoadedDataset | ComputeResult>(
        'drift',
        () => (resolved ??= resolveWorkerScript()),
        req,
        transferablesOf(req),
        progress,
        signal
      )
    }
  }
}

/** One kind's jobs, each on a fresh worker thread of that kind. */
function kindRunner<Job, Result>(kind: WorkerKind, script?: WorkerScript) {
  let resolved: WorkerScript | undefined = script
  return (job: Job, progress: Progress, signal?: AbortSignal): Promise<Result> =>
    runOnWorker<Result>(kind, () => (resolved ??= resolveWorkerScript(undefined, kind)), job, [], progress, signal)
}

/** Cost imports (parsing, staging rows) and the clean-up of replaced rows, each on a fresh worker thread. */
export function costsWorkerExecutor(script?: WorkerScript): CostsExecutor {
  return { where: 'worker', run: kindRunner<CostsJob, CostsJobResult>('costs', script) }
}

/** Models imports (reading stores, writing metric histories), clean-ups and evaluations, each on a fresh worker thread. */
export function modelsWorkerExecutor(script?: WorkerScript): ModelsExecutor {
  return { where: 'worker', run: kindRunner<ModelsJob, never>('models', script) }
}

/** Explanations (TreeSHAP, Permutation and KernelSHAP), each on a fresh worker thread; cancelling terminates it. */
export function explainWorkerExecutor(script?: WorkerScript): ExplainExecutor {
  return { where: 'worker', run: kindRunner<ExplainRequest, DatasetResult | RowExplanation>('explain', script) }
}

/** Optuna storage imports (reading the storage, writing trials), each on a fresh worker thread. */
export function optimizeWorkerExecutor(script?: WorkerScript): OptimizeExecutor {
  return { where: 'worker', run: kindRunner<OptimizeJob, OptimizeImport>('optimize', script) }
}

/** Load tests, each on a fresh worker thread: the generator's loop never shares the console's. */
export function loadWorkerExecutor(script?: WorkerScript): {
  run: (job: LoadJob, progress: Progress, signal?: AbortSignal) => Promise<LoadReport>
} {
  return { run: kindRunner<LoadJob, LoadReport>('loadtest', script) }
}

/** Feature store jobs (retrieval, materialisation, statistics), each on a fresh worker thread. */
export function featuresWorkerExecutor(script?: WorkerScript): FeaturesExecutor {
  let resolved: WorkerScript | undefined = script
  return {
    run<T extends FeaturesJobResult>(job: FeaturesJob, progress: Progress, signal?: AbortSignal): Promise<T> {
      return runOnWorker<T>('features', () => (resolved ??= resolveWorkerScript(undefined, 'features')), job, [], progress, signal, 30_000)
    }
  }
}
