// The console side of `npm run bench health`, part A. bench/health.ts bundles this file with Vite (so
// import.meta.glob in src/main/db/migrations.ts works) and runs it with plain Node in a child process:
// the figures then describe a console process as `control-console serve` runs it, not the vite-node
// harness (which alone holds ~260 MB). Reads its settings from BENCH_HEALTH_LIVE (JSON), prints one
// `@@live {json}` line with the raw measurements, and exits.
import fs from 'node:fs'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'

export interface LiveConfig {
  file: string
  ports: number[]
  checks: number
  intervalS: number
  seconds: number
}

export interface LiveReport {
  checks: number
  intervalS: number
  createAppMs: number
  rssBeforeStart: number
  /** Every second from createApp on: [seconds since start, rss bytes, heapUsed bytes]. */
  samples: [number, number, number][]
  allRanMs: number | null
  steady: { fromS: number; toS: number; cpuUserMs: number; cpuSystemMs: number; runs: number; written: number } | null
  lagMs: number[]
  eldP99Ms: number
  eldMaxMs: number
  status: Record<'UP' | 'DEGRADED' | 'DOWN', number>
  errors: Record<string, number>
  totalResults: number
  diskBytes: number
  pageBytes: Record<string, number>
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const size = (f: string): number => (fs.existsSync(f) ? fs.statSync(f).size : 0)

/** Start the console as serve mode does (pollers on) on a workspace that already holds the checks, and watch it. */
export async function runLive(cfg: LiveConfig): Promise<LiveReport> {
  const rssBeforeStart = process.memoryUsage().rss
  const t0 = performance.now()
  const app: App = createApp({ workspacePath: cfg.file, mode: 'serve', logger: silentLogger })
  const createAppMs = performance.now() - t0
  try {
    const firstRun = new Set<number>()
    let allRanMs: number | null = null
    let results = 0
    const status = { UP: 0, DEGRADED: 0, DOWN: 0 }
    const errors: Record<string, number> = {}
    app.health.onResult((e) => {
      results++
      status[e.outcome.status]++
      if (e.outcome.status === 'DOWN' && e.outcome.errorKind !== 'health' && e.outcome.errorKind !== 'status') {
        const k = e.outcome.errorKind ?? 'other'
        errors[k] = (errors[k] ?? 0) + 1
      }
      if (firstRun.size < cfg.checks) {
        firstRun.add(e.checkId)
        if (firstRun.size === cfg.checks) allRanMs = performance.now() - t0
      }
    })

    const samples: [number, number, number][] = []
    const eld = monitorEventLoopDelay({ resolution: 10 })
    let steady: { t: number; wall: number; cpu: NodeJS.CpuUsage; results: number } | undefined
    const endAt = t0 + cfg.seconds * 1000
    while (performance.now() < endAt) {
      await sleep(1000 - ((performance.now() - t0) % 1000))
      const t = performance.now() - t0
      const mem = process.memoryUsage()
      samples.push([t / 1000, mem.rss, mem.heapUsed])
      // steady state: after the first full cycle (every check ran once and one interval has passed)
      if (!steady && firstRun.size === cfg.checks && t >= cfg.intervalS * 1000) {
        steady = { t, wall: Date.now(), cpu: process.cpuUsage(), results }
        eld.enable()
      }
    }
    const end = { t: performance.now() - t0, wall: Date.now(), cpu: process.cpuUsage(), results }
    eld.disable()
    const lagMs = app.health.schedulerStats().lagMs
    await app.health.stop()

    const written = steady
      ? (app.db.prepare('SELECT COUNT(*) AS n FROM results WHERE ts >= ? AND ts < ?').get(steady.wall, end.wall) as { n: number }).n
      : 0
    const totalResults = (app.db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n
    app.db.pragma('wal_checkpoint(TRUNCATE)')
    const diskBytes = size(cfg.file) + size(`${cfg.file}-wal`)
    const tables = [
      'results',
      'results_ts',
      'rollup_minute',
      'rollup_minute_bucket',
      'rollup_hour',
      'rollup_hour_bucket',
      'check_state',
      'check_components'
    ]
    const pageRows = app.db
      .prepare(`SELECT name, SUM(pgsize) AS bytes FROM dbstat WHERE name IN (${tables.map(() => '?').join(',')}) GROUP BY name`)
      .all(...tables) as { name: string; bytes: number }[]
    const pageBytes = Object.fromEntries(pageRows.map((r) => [r.name, r.bytes]))
    return {
      checks: cfg.checks,
      intervalS: cfg.intervalS,
      createAppMs,
      rssBeforeStart,
      samples,
      allRanMs,
      steady: steady
        ? {
            fromS: steady.t / 1000,
            toS: end.t / 1000,
            cpuUserMs: (end.cpu.user - steady.cpu.user) / 1000,
            cpuSystemMs: (end.cpu.system - steady.cpu.system) / 1000,
            runs: end.results - steady.results,
            written
          }
        : null,
      lagMs,
      eldP99Ms: steady ? eld.percentile(99) / 1e6 : NaN,
      eldMaxMs: steady ? eld.max / 1e6 : NaN,
      status,
      errors,
      totalResults,
      diskBytes,
      pageBytes
    }
  } finally {
    await app.close()
  }
}

if (process.env.BENCH_HEALTH_LIVE) {
  const cfg = JSON.parse(process.env.BENCH_HEALTH_LIVE) as LiveConfig
  fs.mkdirSync(path.dirname(cfg.file), { recursive: true })
  runLive(cfg).then(
    (report) => {
      process.stdout.write(`@@live ${JSON.stringify(report)}\n`)
      process.exit(0)
    },
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    }
  )
}
