import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { csvScanOnWorker } from './csvScan'
import { FOCUS_BENCH_HEADER, generateFocus } from './data'
import { duckdbLoad } from './duckdb'
import { percentile, sample, type BenchResult } from './harness'
import { bundleWorker, lagFigures, seedChecks, sleep, sortNum, timerLag } from './pollerLag'
import { startTargets } from './targetsProcess'

/**
 * `npm run bench costs`
 *  A. import of BENCH_COSTS_ROWS (default 1,000,000) generated FOCUS rows over 12 months (CSV, streamed; parsed and
 *     staged on a worker thread, made visible in one short transaction): rows per second and peak RSS of the process,
 *     with the health poller running BENCH_COSTS_CHECKS (default 100) loopback HTTP checks every 5 s meanwhile:
 *     its scheduling lag (p50/p99/max) and the event-loop delay, against a control window without the import.
 *  B. the dashboard's month-by-service query over those 12 months (served from the daily rollup), p50/p99.
 *     Then the same file imported once more into a workspace without health checks (nothing else writes, so the
 *     import's writer takes the write lock without pausing for the main thread).
 *  C. the same CSV read by the shared reader alone on a worker thread (every cell: money and quantities as numbers,
 *     the rest as text): MB/s; and loaded by DuckDB's read_csv (money as DECIMAL(38,10), exact) into a database file
 *     in the same run, with the ratio of our import's time to DuckDB's.
 */
const ROWS = Number(process.env.BENCH_COSTS_ROWS ?? 1_000_000)
const CHECKS = Number(process.env.BENCH_COSTS_CHECKS ?? 100)
const MB = 1024 * 1024
export async function costsBench(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-costs-'))
  const csv = path.join(dir, 'focus-1m.csv')
  const previousWorker = process.env.CONSOLE_COSTS_WORKER
  let app: App | undefined
  let targets: ChildProcess | undefined
  try {
    const worker = await bundleWorker('costs')
    process.env.CONSOLE_COSTS_WORKER = worker
    const tGen = performance.now()
    await generateFocus(csv, ROWS)
    const genS = (performance.now() - tGen) / 1000
    const t = await startTargets(900)
    targets = t.child
    const file = path.join(dir, 'bench.db')
    await seedChecks(file, t.ports, CHECKS)
    app = createApp({ workspacePath: file, mode: 'serve', logger: silentLogger })
    await sleep(11_000) // every check has run once (first runs spread over 5 s)
    // control window: the same poller without the import, to tell the machine's own noise from ours
    const ctlFrom = app.health.schedulerStats().lagMs.length
    const ctlEld = monitorEventLoopDelay({ resolution: 10 })
    ctlEld.enable()
    const ctlProbe = timerLag()
    await sleep(10_000)
    const ctlTimer = ctlProbe.stop()
    ctlEld.disable()
    const ctlLags = sortNum(app.health.schedulerStats().lagMs.slice(ctlFrom))

    let peak = process.memoryUsage().rss
    const baseRss = peak
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 25)
    const lagFrom = app.health.schedulerStats().lagMs.length
    const runsFrom = app.health.schedulerStats().runs
    const eld = monitorEventLoopDelay({ resolution: 10 })
    eld.enable()
    const probe = timerLag()
    const t0 = performance.now()
    const report = await app.costs.importFile({ path: csv })
    const importS = (performance.now() - t0) / 1000
    // timers overdue at the end of the import fire only now: let them, or a block at its very end goes unseen
    await sleep(1_000)
    const timer10 = probe.stop()
    eld.disable()
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().rss)
    const stats = app.health.schedulerStats()
    const lags = sortNum(stats.lagMs.slice(lagFrom))
    const healthRuns = stats.runs - runsFrom
    const rollupRows = (app.db.prepare('SELECT COUNT(*) AS n FROM cost_daily').get() as { n: number }).n

    const costs = app.costs
    const query = (): unknown =>
      costs.series({ from: '2024-01-01', to: '2024-12-31', granularity: 'month', groupBy: 'service', basis: 'billed', filters: {}, top: 8 })
    const tCold = performance.now()
    query()
    const coldMs = performance.now() - tCold
    const times = await sample(50, query, 5)
    const summaryTimes = await sample(10, () => costs.summary({ basis: 'billed' }), 2)
    const load = os.loadavg()[0]!
    await app.close()
    app = undefined
    if (targets && targets.exitCode === null) {
      targets.stdin!.end()
      targets.kill('SIGTERM')
    }
    // the same import into a workspace where nothing else writes (no health checks): the writer needs no pauses
    app = createApp({ workspacePath: path.join(dir, 'solo.db'), mode: 'serve', logger: silentLogger })
    const tSolo = performance.now()
    const cpuSolo = process.cpuUsage()
    await app.costs.importFile({ path: csv })
    const soloS = (performance.now() - tSolo) / 1000
    const soloCpu = process.cpuUsage(cpuSolo)
    const soloCpuS = (soloCpu.user + soloCpu.system) / 1e6
    await app.close()
    app = undefined
    const money = ['BilledCost', 'EffectiveCost', 'ListCost', 'ConsumedQuantity']
    const scan = await csvScanOnWorker(csv, money)
    const duck = await duckdbLoad(csv, dir, Object.fromEntries(money.slice(0, 3).map((c) => [c, 'DECIMAL(38,10)'])))
    const csvMB = fs.statSync(csv).size / MB
    const loadEnd = os.loadavg()[0]!
    return {
      name: 'costs',
      figures: [
        {
          metric: `import ${ROWS.toLocaleString('en-US')} FOCUS rows (CSV ${(fs.statSync(csv).size / MB).toFixed(0)} MB)`,
          value: importS,
          unit: 's'
        },
        { metric: 'import throughput', value: report.rows / importS, unit: 'rows/s' },
        {
          metric: `DuckDB ${duck.version} read_csv of the same file into a table (${duck.threads} threads)`,
          value: duck.seconds,
          unit: 's'
        },
        { metric: 'import time / DuckDB time', value: importS / duck.seconds, unit: '×', goal: '≤ 1 (no slower than DuckDB)' },
        { metric: 'same import with no other writer (no health checks, so no pauses for the main thread)', value: soloS, unit: 's' },
        { metric: 'that import time / DuckDB time', value: soloS / duck.seconds, unit: '×', goal: '≤ 1 (no slower than DuckDB)' },
        {
          metric: 'CPU time (all threads) of that import / of the DuckDB load',
          value: soloCpuS,
          unit: `s / ${duck.cpuSeconds.toFixed(1)} s (${(soloCpuS / duck.cpuSeconds).toFixed(2)} ×)`
        },
        {
          metric: `CSV parsing alone on a worker thread (shared reader, ${FOCUS_BENCH_HEADER.split(',').length} columns, every cell)`,
          value: scan.mbPerS,
          unit: `MB/s (${scan.seconds.toFixed(2)} s for ${csvMB.toFixed(0)} MB; ${scan.mbPerCpuS.toFixed(0)} MB per CPU-second)`,
          goal: '≥ 100 MB/s'
        },
        { metric: 'peak RSS during import (process incl. worker threads)', value: peak / MB, unit: 'MB' },
        { metric: 'RSS before import', value: baseRss / MB, unit: 'MB' },
        ...lagFigures('', CHECKS, { lags, timer: timer10 }, { lags: ctlLags, timer: ctlTimer }),
        {
          metric: 'event-loop delay p99 / max during the import',
          value: eld.percentile(99) / 1e6,
          unit: `ms / ${(eld.max / 1e6).toFixed(0)} ms`
        },
        { metric: 'event-loop delay p99, control window', value: ctlEld.percentile(99) / 1e6, unit: 'ms' },
        { metric: 'month-by-service query, first call after the import', value: coldMs, unit: 'ms', goal: '< 100 ms' },
        { metric: 'month-by-service query, 12 months, p50', value: percentile(times, 50) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'month-by-service query, 12 months, p99', value: percentile(times, 99) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'dashboard summary (incl. forecast), p50', value: percentile(summaryTimes, 50) / 1000, unit: 'ms' },
        { metric: 'daily rollup rows', value: rollupRows, unit: 'rows' }
      ],
      notes: [
        `generated the CSV in ${genS.toFixed(1)} s (not counted)`,
        `billed total ${report.billed} ${report.currency}`,
        'costs worker bundled with esbuild from src/main/workers/costs.worker.ts (as electron-vite builds out/main/costs-worker.js); ' +
          `${healthRuns} health check runs during the import, lag percentiles over ${lags.length} runs; load average at the end ${load.toFixed(1)} on ${os.cpus().length} cores (after DuckDB: ${loadEnd.toFixed(1)})`
      ]
    }
  } finally {
    if (previousWorker === undefined) delete process.env.CONSOLE_COSTS_WORKER
    else process.env.CONSOLE_COSTS_WORKER = previousWorker
    if (app) await app.close()
    if (targets && targets.exitCode === null) {
      targets.stdin!.end()
      targets.kill('SIGTERM')
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
