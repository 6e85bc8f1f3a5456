import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { generateMlruns } from '../tests/helpers/mlrunsStore'
import { percentile, sample, type BenchResult } from './harness'
import { bundleWorker, controlWindow, seedChecks, sleep, sortNum, timerLag } from './pollerLag'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench models`
 *  A. import of a generated MLflow file store: RUNS runs × METRICS metrics × STEPS steps (default 1,000 × 20 × 1,000 =
 *     20 M metric lines), written under os.tmpdir(), read and written on a worker thread (histories invisible until
 *     one short publish), with the health poller running BENCH_MODELS_CHECKS (default 100) loopback HTTP checks every
 *     5 s meanwhile: import time, rows per second, peak RSS, the poller's scheduling lag (p50/p99/max) against a
 *     control window without the import, and how long the import held SQLite's write lock at most.
 *  B. the Compare query for 10 versions with their full metric histories (20 keys × 1,000 steps each).
 * BENCH_MODELS_RUNS / _METRICS / _STEPS scale it down for a quick look.
 */
const RUNS = Number(process.env.BENCH_MODELS_RUNS ?? 1000)
const METRICS = Number(process.env.BENCH_MODELS_METRICS ?? 20)
const STEPS = Number(process.env.BENCH_MODELS_STEPS ?? 1000)
const CHECKS = Number(process.env.BENCH_MODELS_CHECKS ?? 100)
const MB = 1024 * 1024

const triple = (sorted: number[], digits = 1): string =>
  `ms / ${percentile(sorted, 99).toFixed(digits)} ms / ${(sorted.at(-1) ?? NaN).toFixed(digits)} ms`

export async function modelsBench(): Promise<BenchResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-models-'))
  const previousWorker = process.env.CONSOLE_MODELS_WORKER
  const notes: string[] = []
  let app: App | undefined
  let targets: ChildProcess | undefined
  try {
    process.env.CONSOLE_MODELS_WORKER = await bundleWorker('models')
    let t = performance.now()
    const { bytes } = generateMlruns(root, RUNS, METRICS, STEPS)
    const genS = (performance.now() - t) / 1000
    notes.push(
      `generated ${RUNS} runs × ${METRICS} metrics × ${STEPS} steps (${(bytes / MB).toFixed(0)} MB of metric files) in ${genS.toFixed(1)} s under ${root}`
    )
    const tg = await startTargets(1800)
    targets = tg.child
    const ws = path.join(root, 'workspace.db')
    await seedChecks(ws, tg.ports, CHECKS)
    app = createApp({ workspacePath: ws, mode: 'serve', logger: silentLogger })
    const { lags: ctlLags, timer: ctlTimer } = await controlWindow(app)

    global.gc?.()
    const rssBefore = process.memoryUsage().rss
    let peak = rssBefore
    const rssTimer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    const lagFrom = app.health.schedulerStats().lagMs.length
    const runsFrom = app.health.schedulerStats().runs
    const eld = monitorEventLoopDelay({ resolution: 10 })
    eld.enable()
    const probe = timerLag()
    t = performance.now()
    const report = await app.models.importMlruns(path.join(root, 'mlruns'))
    const importS = (performance.now() - t) / 1000
    // timers overdue at the end of the import fire only now: let them, or a block at its very end goes unseen
    await sleep(1_000)
    const timer10 = probe.stop()
    eld.disable()
    clearInterval(rssTimer)
    peak = Math.max(peak, process.memoryUsage().rss)
    const stats = app.health.schedulerStats()
    const lags = sortNum(stats.lagMs.slice(lagFrom))
    const healthRuns = stats.runs - runsFrom
    const timings = app.models.lastImportTimings()
    const rows = report.metricPoints

    t = performance.now()
    const again = await app.models.importMlruns(path.join(root, 'mlruns'))
    const reimportS = (performance.now() - t) / 1000
    notes.push(`re-import: ${again.runs.unchanged} unchanged runs in ${reimportS.toFixed(2)} s`)
    await stopTargets(targets)
    app.db.pragma('wal_checkpoint(TRUNCATE)')
    const dbMB = fs.statSync(ws).size / MB

    // B: 10 versions of one model, each pointing at a run
    const model = app.models.create({ name: 'bench-model', description: '', owner: '', tags: {} })
    const runIds = app.db.prepare('SELECT id FROM model_runs ORDER BY id LIMIT 10').pluck().all() as number[]
    const versions = runIds.map((runId) => app!.models.createVersion({ modelId: model.id, runId, description: '', notes: '', tags: {} }).id)
    const items = versions.map((id) => ({ kind: 'version' as const, id }))
    const full = await sample(30, () => app!.models.compare({ items, baseline: 0, maxPoints: 5000 }), 3)
    const lttb = await sample(30, () => app!.models.compare({ items, baseline: 0, maxPoints: 400 }), 3)
    const one = app.models.compare({ items, baseline: 0, maxPoints: 5000 })
    notes.push(
      `compare payload: ${one.history.length} metric keys × ${one.items.length} items, ${one.history[0]?.series[0]?.values.length} points per series at maxPoints 5000; JSON ${(JSON.stringify(one).length / MB).toFixed(1)} MB`,
      `models worker bundled with esbuild from src/main/workers/models.worker.ts (as electron-vite builds out/main/models-worker.js); ` +
        `${healthRuns} health check runs during the import, lag percentiles over ${lags.length} runs; load average at the end ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`
    )
    const load = app
    app = undefined
    await load.close()
    return {
      name: 'models',
      figures: [
        { metric: 'import: metric lines', value: rows, unit: 'rows' },
        { metric: 'import: wall time', value: importS, unit: 's' },
        { metric: 'import: throughput', value: rows / importS, unit: 'rows/s' },
        {
          metric: 'import: peak RSS (process incl. worker threads)',
          value: peak / MB,
          unit: 'MB',
          goal: `RSS before ${(rssBefore / MB).toFixed(0)} MB`
        },
        {
          metric: `health poller scheduling lag p50 / p99 / max (${CHECKS} checks / 5 s) during the import`,
          value: percentile(lags, 50),
          unit: triple(lags),
          goal: 'p99 < 50 ms'
        },
        {
          metric: 'same lag p50 / p99 / max, control window without the import (10 s)',
          value: percentile(ctlLags, 50),
          unit: triple(ctlLags)
        },
        { metric: '10 ms timer lateness p50 / p99 / max during the import', value: percentile(timer10, 50), unit: triple(timer10) },
        { metric: 'same, control window', value: percentile(ctlTimer, 50), unit: triple(ctlTimer) },
        {
          metric: 'event-loop delay p99 / max during the import',
          value: eld.percentile(99) / 1e6,
          unit: `ms / ${(eld.max / 1e6).toFixed(0)} ms`
        },
        { metric: 'write lock held by the publish (main thread, one transaction)', value: timings?.publishMs ?? NaN, unit: 'ms' },
        {
          metric: `write lock held by the worker, longest of ${timings?.workerTransactions ?? 0} transactions`,
          value: timings?.longestWorkerTxMs ?? NaN,
          unit: 'ms',
          goal: '≲ 50 ms'
        },
        { metric: 'workspace size after import', value: dbMB, unit: 'MB' },
        { metric: 'compare 10 versions, full histories p50', value: percentile(full, 50) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'compare 10 versions, full histories p95', value: percentile(full, 95) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'compare 10 versions, LTTB 400 points p50', value: percentile(lttb, 50) / 1000, unit: 'ms' }
      ],
      notes
    }
  } finally {
    if (previousWorker === undefined) delete process.env.CONSOLE_MODELS_WORKER
    else process.env.CONSOLE_MODELS_WORKER = previousWorker
    if (app) await app.close()
    if (targets) await stopTargets(targets)
    fs.rmSync(root, { recursive: true, force: true })
  }
}
