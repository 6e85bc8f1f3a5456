import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../src/main/db/open'
import { slope, type BenchResult, type Figure } from './harness'
import { periodicJobs, prepareDrift, configure } from './soakWorkload'
import { rpc, rssOf, sseClients, startServe, stopServe, type ServeProcess } from './soakConsole'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench soak` — does the console stay flat for weeks? The built console runs as `control-console serve` in
 * its own process with 1,000 HTTP checks every 10 s against loopback targets (another process; 2 % failing, 5 %
 * flapping, ~3 % flaky), alert rules firing and resolving with a webhook, 20 event-stream clients connecting and
 * disconnecting in a loop, and a cost import and a drift run every 15 minutes. It reads the console every 5 s and prints
 * every minute: RSS (from /proc, outside the process; the minute's median), V8 heap used (the minute's low), external
 * memory and open handles (system:resources; medians), WAL and workspace size (the files), event-loop delay p99 (the
 * console's own per-minute sample) and the overview's round trip; at the end, the slope of each after the warm-up and
 * over the last hour.
 *
 * Length: BENCH_SOAK_MINUTES (default 120), or `--quick` / BENCH_SOAK_QUICK=1 for 10 minutes. BENCH_SOAK_WARMUP
 * (minutes; default 20, 3 in runs under an hour), BENCH_SOAK_CHECKS (1000), BENCH_SOAK_SSE (20), BENCH_SOAK_JOBS_EVERY
 * (minutes, 15), BENCH_SOAK_SNAPSHOTS=10,60 (heap snapshots at those minutes, compare them with bench/heapDiff.ts),
 * BENCH_SOAK_NODE_ARGS (extra node flags for the console), BENCH_SOAK_DIR (keep the workspace and snapshots there).
 */

const argv = process.argv.slice(2)
const flag = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const QUICK = argv.includes('--quick') || process.env.BENCH_SOAK_QUICK === '1'
const MINUTES = Number(flag('minutes') ?? process.env.BENCH_SOAK_MINUTES ?? (QUICK ? 10 : 120))
const WARMUP = Number(flag('warmup') ?? process.env.BENCH_SOAK_WARMUP ?? (MINUTES >= 60 ? 20 : 3))
const CHECKS = Number(process.env.BENCH_SOAK_CHECKS ?? 1000)
const SSE = Number(process.env.BENCH_SOAK_SSE ?? 20)
const JOBS_EVERY = Number(process.env.BENCH_SOAK_JOBS_EVERY ?? 15)
const SNAPSHOTS = (process.env.BENCH_SOAK_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number)
const INTERVAL_S = 10
const MB = 1024 * 1024

interface Sample {
  min: number
  rss: number
  heapUsed: number
  external: number
  handles: number
  walBytes: number
  dbBytes: number
  eldP99Ms: number
  overviewMs: number
  sseConnects: number
  sseEvents: number
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const size = (f: string): number => (fs.existsSync(f) ? fs.statSync(f).size : 0)

interface Reading {
  rss: number
  heapUsed: number
  external: number
  handles: number
}

async function reading(p: ServeProcess): Promise<Reading> {
  const rss = rssOf(p.pid)
  const { now } = await rpc<{ now: Reading }>(p, 'system:resources', { hours: 1 })
  return { rss, heapUsed: now.heapUsed, external: now.external, handles: now.handles }
}

async function overviewMs(p: ServeProcess): Promise<number> {
  const t: number[] = []
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    await rpc(p, 'health:overview')
    t.push(performance.now() - t0)
  }
  return t.sort((a, b) => a - b)[1]!
}

const COLUMNS: [string, (s: Sample) => string][] = [
  ['min', (s) => String(s.min)],
  ['RSS MB', (s) => (s.rss / MB).toFixed(1)],
  ['heap low MB', (s) => (s.heapUsed / MB).toFixed(1)],
  ['ext MB', (s) => (s.external / MB).toFixed(1)],
  ['handles', (s) => String(s.handles)],
  ['WAL MB', (s) => (s.walBytes / MB).toFixed(1)],
  ['wksp MB', (s) => (s.dbBytes / MB).toFixed(1)],
  ['ELD p99 ms', (s) => s.eldP99Ms.toFixed(1)],
  ['overview ms', (s) => s.overviewMs.toFixed(1)],
  ['SSE conn', (s) => String(s.sseConnects)],
  ['SSE events', (s) => String(s.sseEvents)]
]
const row = (cells: string[]): string => cells.map((c, i) => c.padStart(Math.max(7, COLUMNS[i]![0].length))).join(' ')

/** Slopes per minute of each series over the samples from minute `from` on. */
function slopes(samples: Sample[], from: number): Record<string, number> {
  const s = samples.filter((x) => x.min >= from)
  const xs = s.map((x) => x.min)
  const of = (f: (x: Sample) => number): number => slope(xs, s.map(f))
  return {
    rss: of((x) => x.rss / MB),
    heapUsed: of((x) => x.heapUsed / MB),
    external: of((x) => x.external / MB),
    handles: of((x) => x.handles),
    walBytes: of((x) => x.walBytes / MB),
    dbBytes: of((x) => x.dbBytes / MB),
    eldP99Ms: of((x) => x.eldP99Ms),
    overviewMs: of((x) => x.overviewMs)
  }
}

export async function soakBench(): Promise<BenchResult> {
  const keep = process.env.BENCH_SOAK_DIR
  const dir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-soak-'))
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'workspace.db')
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true })
  if (!fs.existsSync(path.resolve('out/main/cli.js'))) throw new Error('build the console first: npx electron-vite build')
  const { child: targets, ports } = await startTargets(MINUTES * 60 + 900, 8)
  let serve: ServeProcess | undefined
  const samples: Sample[] = []
  const notes: string[] = []
  const jobTimes: { min: number; importS: number; driftS: number }[] = []
  try {
    const w = await configure(file, dir, ports, CHECKS, INTERVAL_S)
    const nodeArgs = [...(process.env.BENCH_SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean)]
    if (SNAPSHOTS.length) nodeArgs.push('--heapsnapshot-signal=SIGUSR2')
    serve = await startServe(file, { nodeArgs, cwd: dir })
    const p = serve
    const t0 = performance.now()
    console.log(
      `soak: ${MINUTES} min (warm-up ${WARMUP} min), ${w.checks} checks every ${INTERVAL_S} s (${w.failing} failing, ${w.flapping} flapping, ${w.flaky} flaky), ` +
        `${w.rules} alert rules + the built-in ones, ${SSE} SSE clients, cost import + drift run every ${JOBS_EVERY} min; console pid ${p.pid}, ${dir}`
    )
    const driftCheck = await prepareDrift(p, w)
    const clients = sseClients(p, SSE)
    let jobs: Promise<void> = Promise.resolve()
    console.log(row(COLUMNS.map(([h]) => h)))
    for (let min = 1; min <= MINUTES; min++) {
      // readings every 5 s: RSS and handles as the minute's median, heap used as its low (after the young-generation
      // collections, what the heap really holds; a single reading lands anywhere on the allocation sawtooth)
      const readings: Reading[] = []
      for (let at = t0 + (min - 1) * 60_000 + 5000; at <= t0 + min * 60_000; at += 5000) {
        await sleep(Math.max(0, at - performance.now()))
        if (p.child.exitCode !== null) throw new Error(`the console exited ${p.child.exitCode}: ${p.stderr().slice(-2000)}`)
        readings.push(await reading(p))
      }
      const eld = await rpc<{ samples: { eldP99Ms: number[] } }>(p, 'system:resources', { hours: 1 })
      const s: Sample = {
        min,
        rss: median(readings.map((r) => r.rss)),
        heapUsed: Math.min(...readings.map((r) => r.heapUsed)),
        external: median(readings.map((r) => r.external)),
        handles: median(readings.map((r) => r.handles)),
        walBytes: size(`${file}-wal`),
        dbBytes: size(file),
        eldP99Ms: eld.samples.eldP99Ms.at(-1) ?? NaN,
        overviewMs: await overviewMs(p),
        sseConnects: clients.stats.connects,
        sseEvents: clients.stats.events
      }
      samples.push(s)
      console.log(row(COLUMNS.map(([, f]) => f(s))))
      if (SNAPSHOTS.includes(min)) console.log(`  heap snapshot at minute ${min}: ${await heapSnapshot(p, dir)}`)
      if ((min - 1) % JOBS_EVERY === 0)
        jobs = jobs
          .then(async () => {
            const t = await periodicJobs(p, w, driftCheck)
            jobTimes.push({ min, ...t })
            console.log(`  minute ${min}: cost import ${t.importS.toFixed(1)} s, drift run ${t.driftS.toFixed(1)} s`)
          })
          .catch((err: unknown) => console.log(`  minute ${min}: periodic jobs failed: ${String(err)}`))
    }
    await clients.stop()
    await jobs
    const health = await fetch(`${p.base}/api/health`)
      .then((r) => r.json() as Promise<{ status: string }>)
      .then((h) => h.status)
      .catch((err: unknown) => `not answered (${String(err)})`)
    notes.push(
      `console's own /api/health at the end: ${health}`,
      `SSE: ${clients.stats.connects} connections (${clients.stats.refused} refused), ${clients.stats.events} events received`,
      `periodic jobs: ${jobTimes.map((j) => `min ${j.min}: import ${j.importS.toFixed(1)} s, drift ${j.driftS.toFixed(1)} s`).join('; ')}`,
      `load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores (other engineers' builds and tests share them)`
    )
  } finally {
    if (serve) await stopServe(serve)
    await stopTargets(targets)
    if (fs.existsSync(file)) notes.push(tableBreakdown(file))
    const out = path.resolve('bench/results')
    fs.mkdirSync(out, { recursive: true })
    const series = path.join(out, `soak-series-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    fs.writeFileSync(series, JSON.stringify({ minutes: MINUTES, warmup: WARMUP, checks: CHECKS, samples }, null, 1))
    notes.push(`per-minute series saved in ${series}`)
    if (!keep) fs.rmSync(dir, { recursive: true, force: true })
  }
  return { name: 'soak', figures: figuresOf(samples), notes }
}

function figuresOf(samples: Sample[]): Figure[] {
  const after = slopes(samples, WARMUP)
  const lastHourFrom = Math.max(WARMUP, MINUTES - 60)
  const hour = slopes(samples, lastHourFrom)
  const span = `min ${lastHourFrom}-${MINUTES}`
  const last = samples.at(-1)
  const maxWal = Math.max(...samples.map((s) => s.walBytes))
  const fig = (metric: string, value: number, unit: string, goal?: string): Figure => ({ metric, value, unit, ...(goal ? { goal } : {}) })
  return [
    fig(`RSS slope, ${span}`, hour.rss!, 'MB/min', '< 0.05 MB/min'),
    fig(`V8 heap used (minute low) slope, ${span}`, hour.heapUsed!, 'MB/min', '< 0.05 MB/min'),
    fig(`external memory slope, ${span}`, hour.external!, 'MB/min'),
    fig(`open handles slope, ${span}`, hour.handles!, '/min'),
    fig(`WAL size slope, ${span}`, hour.walBytes!, 'MB/min', 'bounded'),
    fig(`workspace size slope, ${span}`, hour.dbBytes!, 'MB/min', 'what raw-result retention allows'),
    fig(`event-loop delay p99 slope, ${span}`, hour.eldP99Ms!, 'ms/min', 'no upward drift'),
    fig(`overview round trip slope, ${span}`, hour.overviewMs!, 'ms/min', 'no upward drift'),
    fig(`RSS slope after warm-up (min ${WARMUP}-${MINUTES})`, after.rss!, 'MB/min'),
    fig(`V8 heap used (minute low) slope after warm-up`, after.heapUsed!, 'MB/min'),
    fig('RSS at the end', (last?.rss ?? NaN) / MB, 'MB'),
    fig('V8 heap used (minute low) at the end', (last?.heapUsed ?? NaN) / MB, 'MB'),
    fig('WAL size, largest sample', maxWal / MB, 'MB'),
    fig('workspace size at the end', (last?.dbBytes ?? NaN) / MB, 'MB'),
    // what the growth is made of: bytes per stored result (results/min = checks × 60 / interval)
    fig(
      'workspace growth per result written (last hour)',
      (hour.dbBytes! * MB) / ((CHECKS * 60) / INTERVAL_S),
      'B',
      'until raw retention (14 d) applies'
    ),
    fig('event-loop delay p99, median of the minutes', median(samples.map((s) => s.eldP99Ms)), 'ms'),
    fig('overview round trip, median of the minutes', median(samples.map((s) => s.overviewMs)), 'ms')
  ]
}

/** Asks the console for a heap snapshot (SIGUSR2) and waits until the file is complete; returns its path. */
async function heapSnapshot(p: ServeProcess, dir: string): Promise<string> {
  const list = (): string[] => fs.readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'))
  const before = new Set(list())
  p.child.kill('SIGUSR2')
  let last = -1
  for (let i = 0; i < 240; i++) {
    await sleep(500)
    const f = list().find((x) => !before.has(x))
    if (!f) continue
    const n = size(path.join(dir, f))
    if (n > 0 && n === last) return path.join(dir, f)
    last = n
  }
  return '(not written within 2 min)'
}

/** Where the workspace's bytes are after the run: the largest tables and indexes with their rows (dbstat). */
function tableBreakdown(file: string): string {
  const db = openDatabase(file, { readonly: true })
  try {
    const pages = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 12').all() as {
      name: string
      bytes: number
    }[]
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[])
    const rows = (t: string): string =>
      tables.has(t) ? ` (${(db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number).toLocaleString('en')} rows)` : ''
    return `workspace by table/index: ${pages.map((p) => `${p.name} ${(p.bytes / MB).toFixed(1)} MB${rows(p.name)}`).join(', ')}`
  } finally {
    db.close()
  }
}

const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  return s.length ? s[Math.floor(s.length / 2)]! : NaN
}
