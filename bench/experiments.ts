import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { ExperimentInput, type MetricInput } from '../src/shared/contract/experiments'
import { percentile, sample, type BenchResult } from './harness'
import { bundleWorker, controlWindow, lagFigures, seedChecks, sleep, sortNum, timerLag } from './pollerLag'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench experiments`
 *  A. import of BENCH_EXP_EXPOSURES (default 10,000,000) exposure rows and BENCH_EXP_EVENTS (default 50,000,000) event
 *     rows (generated CSV, streamed; read, attributed and summed on a worker thread): rows per second and peak RSS of the
 *     process (worker threads included), with the health poller running BENCH_EXP_CHECKS (default 100) loopback HTTP
 *     checks every 5 s meanwhile: its scheduling lag against a control window without the import.
 *  B. the full analysis of 20 metrics × 3 variations × 10 dimension values (frequentist, sequential and Bayesian,
 *     with a Holm correction), from the stored sums, p50/p99.
 */
const MB = 1024 * 1024
const EXPOSURES = Number(process.env.BENCH_EXP_EXPOSURES ?? 10_000_000)
const EVENTS = Number(process.env.BENCH_EXP_EVENTS ?? 50_000_000)
const CHECKS = Number(process.env.BENCH_EXP_CHECKS ?? 100)
const UNITS = Math.round(EXPOSURES * 0.8) // the other 20 % of exposure rows are repeat exposures
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'CA', 'ES', 'IT']
const BASE_EVENTS = 16
const T0 = Date.UTC(2024, 8, 1) / 1000

/** 16 base metrics on 16 events (proportions and means, some with CUPED), and 4 ratios of them: 20 metrics. */
export function metrics(): MetricInput[] {
  const base: MetricInput[] = Array.from({ length: BASE_EVENTS }, (_, i) => ({
    key: `m${i}`,
    name: `Metric ${i}`,
    kind: i % 2 ? 'mean' : 'proportion',
    event: `e${i}`,
    windowHours: i % 4 === 0 ? 72 : null,
    role: i === 0 ? 'primary' : i >= 14 ? 'guardrail' : 'secondary',
    cuped: i % 3 === 1
  }))
  const ratios: MetricInput[] = Array.from({ length: 4 }, (_, i) => ({
    key: `r${i}`,
    name: `Ratio ${i}`,
    kind: 'ratio',
    numerator: `m${2 * i + 1}`,
    denominator: `m${2 * i + 3}`,
    role: 'secondary'
  }))
  return [...base, ...ratios]
}

/** xorshift32: fast, deterministic. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** A unit's first exposure (epoch s) and variation, from its index alone, so events can be generated without memory. */
const exposureOf = (u: number): number => T0 + ((Math.imul(u, 2654435761) >>> 0) % 1_209_600) // spread over 14 days
const variationOf = (u: number): number => (Math.imul(u, 7919) >>> 0) % 3

async function writeLines(file: string, header: string, n: number, line: (i: number) => string): Promise<void> {
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 22 })
  out.write(header)
  let buf = ''
  for (let i = 0; i < n; i++) {
    buf += line(i)
    if (buf.length > 1 << 21) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      buf = ''
    }
  }
  out.write(buf)
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
}

export async function generate(dir: string): Promise<{ exposures: string; events: string }> {
  const r = rng(7)
  const exposures = path.join(dir, 'exposures.csv')
  const events = path.join(dir, 'events.csv')
  const names = ['control', 'v2', 'v3']
  await writeLines(exposures, 'user_id,variation,timestamp,country\n', EXPOSURES, (i) => {
    const u = i < UNITS ? i : Math.floor(r() * UNITS)
    const t = exposureOf(u) + (i < UNITS ? 0 : Math.floor(r() * 86_400))
    return `u${u},${names[variationOf(u)]},${t},${COUNTRIES[u % 10]}\n`
  })
  await writeLines(events, 'user_id,event,value,timestamp\n', EVENTS, () => {
    const u = Math.floor(r() * UNITS)
    const e = Math.floor(r() * BASE_EVENTS)
    const before = r() < 0.1 // pre-exposure events (CUPED's covariate)
    const t = exposureOf(u) + (before ? -Math.floor(r() * 10 * 86_400) : Math.floor(r() * 7 * 86_400))
    const lift = 1 + variationOf(u) * 0.02
    return `u${u},e${e},${(r() * 20 * lift).toFixed(2)},${t}\n`
  })
  return { exposures, events }
}

export async function experimentsBench(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-experiments-'))
  const previousWorker = process.env.CONSOLE_EXPERIMENTS_WORKER
  let app: App | undefined
  let targets: ChildProcess | undefined
  try {
    const worker = await bundleWorker('experiments')
    if (worker) process.env.CONSOLE_EXPERIMENTS_WORKER = worker
    const tGen = performance.now()
    const files = await generate(dir)
    const genS = (performance.now() - tGen) / 1000
    const bytes = fs.statSync(files.exposures).size + fs.statSync(files.events).size

    const t = await startTargets(3600)
    targets = t.child
    const file = path.join(dir, 'bench.db')
    await seedChecks(file, t.ports, CHECKS)
    app = createApp({ workspacePath: file, mode: 'serve', logger: silentLogger })
    const { id } = app.experiments.create(
      ExperimentInput.parse({
        name: 'bench',
        variations: [
          { key: 'control', name: 'Control', weight: 0.34 },
          { key: 'v2', name: 'V2', weight: 0.33 },
          { key: 'v3', name: 'V3', weight: 0.33 }
        ],
        metrics: metrics(),
        dimensions: ['country'],
        correction: 'holm-bonferroni'
      })
    )
    const { lags: ctlLags, timer: ctlTimer } = await controlWindow(app)

    let peak = process.memoryUsage().rss
    const baseRss = peak
    const memTimer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
    const lagFrom = app.health.schedulerStats().lagMs.length
    const runsFrom = app.health.schedulerStats().runs
    const eld = monitorEventLoopDelay({ resolution: 10 })
    eld.enable()
    const probe = timerLag()
    const t0 = performance.now()
    const result = await app.experiments.importEvents({ id, ...files, covariates: null })
    const importS = (performance.now() - t0) / 1000
    await sleep(1_000) // timers overdue at the end of the import fire now
    const timer10 = probe.stop()
    eld.disable()
    clearInterval(memTimer)
    const stats = app.health.schedulerStats()
    const lags = sortNum(stats.lagMs.slice(lagFrom))
    const healthRuns = stats.runs - runsFrom
    const report = result.report as { exposures: { units: number; multiExposed: number }; events: { kept: number; preExposure: number } }
    const sumRows = (app.db.prepare('SELECT COUNT(*) AS n FROM experiments_sums').get() as { n: number }).n

    // B: the full analysis (overall + 10 countries), each engine
    const x = app.experiments
    const analyse = (engine: 'frequentist' | 'sequential' | 'bayesian') => (): unknown =>
      x.results({ id, engine, difference: 'relative', dimension: 'country' })
    const r = x.results({ id, engine: 'frequentist', difference: 'relative', dimension: 'country' })
    const cells = (r.slices.length + 1) * r.overall!.metrics.length * (r.overall!.metrics[0]!.variations.length - 1)
    const times = {
      frequentist: await sample(20, analyse('frequentist'), 3),
      sequential: await sample(20, analyse('sequential'), 3),
      bayesian: await sample(20, analyse('bayesian'), 3)
    }
    const ts = await sample(20, () => x.timeseries({ id, metric: 'm0', difference: 'relative' }), 3)
    const load = os.loadavg()[0]!
    await app.close()
    app = undefined
    const rows = EXPOSURES + EVENTS
    return {
      name: 'experiments',
      figures: [
        {
          metric: `A: import ${EXPOSURES.toLocaleString('en-US')} exposure + ${EVENTS.toLocaleString('en-US')} event rows (CSV ${(bytes / MB).toFixed(0)} MB)`,
          value: importS,
          unit: 's'
        },
        { metric: 'A: import throughput', value: rows / importS, unit: 'rows/s' },
        { metric: 'A: peak RSS during the import (process incl. the worker thread)', value: peak / MB, unit: 'MB' },
        { metric: 'A: RSS before the import', value: baseRss / MB, unit: 'MB' },
        ...lagFigures('A: ', CHECKS, { lags, timer: timer10 }, { lags: ctlLags, timer: ctlTimer }),
        {
          metric: 'A: event-loop delay p99 / max during the import',
          value: eld.percentile(99) / 1e6,
          unit: `ms / ${(eld.max / 1e6).toFixed(0)} ms`
        },
        {
          metric: `B: full analysis, ${r.overall!.metrics.length} metrics × ${r.overall!.units.length} variations × (1 + ${r.slices.length} countries), frequentist + Holm, p50`,
          value: percentile(times.frequentist, 50) / 1000,
          unit: 'ms',
          goal: '< 2 s'
        },
        { metric: 'B: same, p99', value: percentile(times.frequentist, 99) / 1000, unit: 'ms', goal: '< 2 s' },
        {
          metric: 'B: sequential engine, p50 / p99',
          value: percentile(times.sequential, 50) / 1000,
          unit: `ms / ${(percentile(times.sequential, 99) / 1000).toFixed(0)} ms`
        },
        {
          metric: 'B: Bayesian engine, p50 / p99',
          value: percentile(times.bayesian, 50) / 1000,
          unit: `ms / ${(percentile(times.bayesian, 99) / 1000).toFixed(0)} ms`
        },
        { metric: 'B: cumulative series of one metric (every day), p50', value: percentile(ts, 50) / 1000, unit: 'ms' }
      ],
      notes: [
        `generated the CSV files in ${genS.toFixed(1)} s (not counted): ${UNITS.toLocaleString('en-US')} units, 3 variations, 10 countries, 16 events over 14 days`,
        `import: ${report.exposures.units.toLocaleString('en-US')} units, ${report.events.kept.toLocaleString('en-US')} events in windows, ${report.events.preExposure.toLocaleString('en-US')} before exposure (CUPED); ${sumRows.toLocaleString('en-US')} rows of sums stored`,
        `analysis: ${cells} comparisons per run; CSV read with the shared reader (core/files)`,
        `${worker ? 'experiments worker bundled with esbuild (as electron-vite builds out/main/experiments-worker.js)' : 'no worker bundle'}; ${healthRuns} health check runs during the import, lag percentiles over ${lags.length} runs; load average at the end ${load.toFixed(1)} on ${os.cpus().length} cores (shared with other work)`
      ]
    }
  } finally {
    if (previousWorker === undefined) delete process.env.CONSOLE_EXPERIMENTS_WORKER
    else process.env.CONSOLE_EXPERIMENTS_WORKER = previousWorker
    if (app) await app.close()
    if (targets) await stopTargets(targets)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
