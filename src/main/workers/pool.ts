/**
 * Drift jobs on worker threads: one short-lived worker per job, so cancelling is `worker.terminate()` and a
 * crash or runaway job never touches the main thread (the health poller keeps its schedule).
 *
 * Finding the worker script:
 *  - built app: electron-vite emits `drift-worker.js` next to the main bundle (`out/main/`); the code that
 *    resolves it may sit in `out/main/` or `out/main/chunks/`, so both are looked at;
 *  - from TypeScript source (vitest, vite-node benchmarks): `drift.worker.ts` beside this file. The worker then
 *    starts from a tiny ES-module bootstrap (a data: URL) that registers tsx's loader (a devDependency) with
 *    `register()` from `tsx/esm/api` and imports the .ts file. (`execArgv: ['--import', 'tsx']` is not enough in
 *    Node 20: the worker's entry module is resolved before the hooks apply: "Unknown file extension .ts".)
 * `CONSOLE_DRIFT_WORKER` overrides the path (packaging experiments).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Inspection } from '../../shared/contract/drift'
import type { DriftExecutor } from '../services/drift/executor'
import { transferablesOf, type ComputeResult, type JobRequest } from '../services/drift/jobs'
import { DriftInputError, type LoadedDataset, type Progress } from '../services/drift/load'

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

export function resolveWorkerScript(here = path.dirname(fileURLToPath(import.meta.url))): WorkerScript {
  const override = process.env.CONSOLE_DRIFT_WORKER
  if (override) return { file: override, kind: override.endsWith('.ts') ? 'source' : 'built' }
  // a packaged app keeps the worker outside the asar archive (electron-builder asarUnpack)
  const unpacked = here.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`)
  for (const dir of [unpacked, here, path.dirname(here)]) {
    const built = path.join(dir, 'drift-worker.js')
    if (fs.existsSync(built)) return { file: built, kind: 'built' }
  }
  const source = path.join(here, 'drift.worker.ts')
  if (fs.existsSync(source)) return { file: source, kind: 'source' }
  throw new Error(`drift worker script not found next to ${here} (build with electron-vite, or run from source with tsx installed)`)
}

interface WorkerMessage {
  type: 'progress' | 'result' | 'error'
  done?: number
  total?: number | null
  message?: string
  result?: unknown
  name?: string
  stack?: string
}

/** Runs every job on a fresh worker thread. */
export function workerExecutor(script?: WorkerScript): DriftExecutor {
  let resolved: WorkerScript | undefined = script
  return {
    run(req: JobRequest, progress: Progress, signal?: AbortSignal) {
      let s: WorkerScript
      try {
        s = resolved ??= resolveWorkerScript()
      } catch (err) {
        return Promise.reject(err as Error)
      }
      return new Promise<Inspection | LoadedDataset | ComputeResult>((resolve, reject) => {
        if (signal?.aborted) return reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }))
        const worker = new Worker(workerEntry(s))
        let settled = false
        const finish = (fn: () => void): void => {
          if (settled) return
          settled = true
          signal?.removeEventListener('abort', onAbort)
          fn()
          void worker.terminate()
        }
        const onAbort = (): void => finish(() => reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })))
        signal?.addEventListener('abort', onAbort, { once: true })
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') progress(m.done ?? 0, m.total ?? null, m.message)
          else if (m.type === 'result') finish(() => resolve(m.result as Inspection | LoadedDataset | ComputeResult))
          else if (m.type === 'error') {
            const err = m.name === 'DriftInputError' ? new DriftInputError(m.message ?? 'bad input') : Object.assign(new Error(m.message ?? 'worker failed'), { name: m.name ?? 'Error', stack: m.stack })
            finish(() => reject(err))
          }
        })
        worker.on('error', (err) => finish(() => reject(err)))
        worker.on('exit', (code) => finish(() => reject(new Error(`drift worker exited with code ${code} before answering`))))
        worker.postMessage(req, transferablesOf(req))
      })
    }
  }
}
