import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ServiceInput } from '../src/shared/contract'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { Aggregate, HOUR, MINUTE } from '../src/main/services/health/rollup'
import { percentile, type BenchResult, type Figure } from './harness'
import type { LiveConfig, LiveReport } from './healthLive'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench health`
 *  A. live polling: 1,000 HTTP checks every 10 s against loopback health+json targets (bench/targets.ts, in a
 *     child process), through the real service layer, check runner, scheduler and writer. The console runs as
 *     its own plain-Node process (bench/healthLive.ts, bundled with Vite) so its CPU and RSS are its own.
 *  B. history queries: 90 days of rollups for 200 services, then the overview and a 30-day chart.
 *
 * Environment: BENCH_HEALTH_SECONDS (part A length, default 70), BENCH_HEALTH_PART=a|b (one part only),
 * BENCH_HEALTH_CHECKS (default 1000), BENCH_HEALTH_HISTORY=FILE (keep part B's workspace there and reuse it),
 * BENCH_HEALTH_NODE_ARGS (extra node flags for the console process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */

const SECONDS = Number(process.env.BENCH_HEALTH_SECONDS ?? 70)
const PART = (process.env.BENCH_HEALTH_PART ?? 'ab').toLowerCase()
const CHECKS = Number(process.env.BENCH_HEALTH_CHECKS ?? 1000)
const INTERVAL_S = 10
const MB = 1024 * 1024
const DAY = 24 * HOUR

const median = (sorted: number[]): number => percentile(sorted, 50)
const sortNum = (a: number[]): number[] => [...a].sort((x, y) => x - y)

function fileSize(f: string): number {
  try {
    return fs.statSync(f).size
  } catch {
    return 0
  }
}

/** Workspace file + WAL after a truncating checkpoint. */
function diskBytes(app: App, file: string): number {
  app.db.pragma('wal_checkpoint(TRUNCATE)')
  return fileSize(file) + fileSize(`${file}-wal`)
}

function rowCount(app: App, table: string): number {
  return (app.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
}

function httpConfig(url: string) {
  return { kind: 'http' as const, url, timeoutMs: 5000 }
}

// ------------------------------------------------------------------ part A

/** Bundle bench/healthLive.ts for plain Node (Vite resolves import.meta.glob and ?raw; dependencies stay in node_modules). */
async function bundleLive(): Promise<string> {
  const { build } = await import('vite')
  const outDir = path.resolve('.tmp/bench-health')
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: path.resolve('bench/healthLive.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'healthLive.mjs' } }
    }
  })
  return path.join(outDir, 'healthLive.mjs')
}

/** Configure the checks through the service layer (200 services × 5 checks), then close: the console starts on this workspace. */
async function configure(cfg: LiveConfig): Promise<void> {
  const setup = createApp({ workspacePath: cfg.file, mode: 'test', logger: silentLogger })
  const kinds = ['health', 'ready', 'live', 'deps', 'public']
  let n = 0
  for (let s = 0; n < cfg.checks; s++) {
    const checks = []
    for (let c = 0; c < kinds.length && n < cfg.checks; c++, n++) {
      const port = cfg.ports[n % cfg.ports.length]!
      // ~3 % of checks hit a flaky endpoint that sometimes answers warn or fail (503)
      const route = n % 33 === 7 ? 'flaky' : 'health'
      checks.push({
        name: kinds[c]!,
        intervalS: cfg.intervalS,
        config: { kind: 'http' as const, url: `http://127.0.0.1:${port}/${route}/${n}`, timeoutMs: 5000 }
      })
    }
    setup.health.createService(
      ServiceInput.parse({ name: `svc-${s}`, environment: s % 5 === 0 ? 'staging' : 'production', region: `region-${s % 3}`, checks })
    )
  }
  await setup.close()
}

async function runConsole(entry: string, cfg: LiveConfig): Promise<LiveReport> {
  const nodeArgs = (process.env.BENCH_HEALTH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const proc = spawn(process.execPath, [...nodeArgs, entry], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_HEALTH_LIVE: JSON.stringify(cfg) }
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  const code = await new Promise<number | null>((r) => proc.once('exit', r))
  const line = out.split('\n').find((l) => l.startsWith('@@live '))
  if (code !== 0 || !line) throw new Error(`console process exited ${code}: ${out.slice(-2000)}`)
  return JSON.parse(line.slice('@@live '.length)) as LiveReport
}

async function partA(): Promise<{ figures: Figure[]; notes: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-health-'))
  const { child, ports } = await startTargets(SECONDS + 180, 8)
  try {
    const entry = await bundleLive()
    const cfg: LiveConfig = { file: path.join(dir, 'workspace.db'), ports, checks: CHECKS, intervalS: INTERVAL_S, seconds: SECONDS }
    await configure(cfg)
    const r = await runConsole(entry, cfg)
    const pre = 'A live'
    const notes: string[] = []
    const st = r.steady ?? { fromS: 0, toS: SECONDS, cpuUserMs: NaN, cpuSystemMs: NaN, runs: 0, written: 0 }
    if (!r.steady) notes.push(`A: no steady window: not every check ran within ${SECONDS} s`)
    const windowS = st.toS - st.fromS
    const cpuMs = st.cpuUserMs + st.cpuSystemMs
    const rss = r.samples.map((s) => s[1])
    const steadyRss = sortNum(r.samples.filter((s) => s[0] >= st.fromS).map((s) => s[1]))
    const lags = sortNum(r.lagMs)
    const pb = r.pageBytes
    const perCheckBytes = (pb.check_state ?? 0) + (pb.check_components ?? 0)
    const historyBytes = ['results', 'results_ts', 'rollup_minute', 'rollup_minute_bucket', 'rollup_hour', 'rollup_hour_bucket'].reduce(
      (a, k) => a + (pb[k] ?? 0),
      0
    )
    const figures: Figure[] = [
      { metric: `${pre}: checks (HTTP, every ${r.intervalS} s)`, value: r.checks, unit: '' },
      { metric: `${pre}: run length (BENCH_HEALTH_SECONDS)`, value: SECONDS, unit: 's', goal: '≥ 60 s for published figures' },
      { metric: `${pre}: steady window (after the first full cycle)`, value: windowS, unit: 's' },
      { metric: `${pre}: CPU, share of one core (user+system)`, value: (cpuMs / (windowS * 1000)) * 100, unit: '%', goal: '< 10 %' },
      { metric: `${pre}: CPU per check run`, value: cpuMs / Math.max(1, st.runs), unit: 'ms', goal: '< 1 ms' },
      { metric: `${pre}: RSS, peak`, value: Math.max(...rss) / MB, unit: 'MB', goal: '< 150 MB' },
      { metric: `${pre}: RSS, steady (median)`, value: median(steadyRss) / MB, unit: 'MB', goal: '< 150 MB' },
      { metric: `${pre}: scheduling lag p50`, value: percentile(lags, 50), unit: 'ms' },
      { metric: `${pre}: scheduling lag p99`, value: percentile(lags, 99), unit: 'ms', goal: '< 200 ms' },
      { metric: `${pre}: scheduling lag max`, value: lags.at(-1) ?? NaN, unit: 'ms' },
      { metric: `${pre}: event-loop delay p99`, value: r.eldP99Ms, unit: 'ms' },
      { metric: `${pre}: event-loop delay max`, value: r.eldMaxMs, unit: 'ms' },
      { metric: `${pre}: check runs per second`, value: st.runs / windowS, unit: '/s', goal: `${r.checks / r.intervalS} /s` },
      { metric: `${pre}: results written per second`, value: st.written / windowS, unit: '/s', goal: `${r.checks / r.intervalS} /s` },
      { metric: `${pre}: bytes on disk per result (file + WAL)`, value: r.diskBytes / Math.max(1, r.totalResults), unit: 'B' },
      { metric: `${pre}: results table pages per result (dbstat)`, value: (pb.results ?? 0) / Math.max(1, r.totalResults), unit: 'B' },
      {
        metric: `${pre}: history pages per result (results, rollups, indexes)`,
        value: historyBytes / Math.max(1, r.totalResults),
        unit: 'B'
      },
      { metric: `${pre}: time until every check ran once`, value: (r.allRanMs ?? NaN) / 1000, unit: 's', goal: '< 15 s' }
    ]
    const kib = (b: number | undefined): string => `${((b ?? 0) / 1024).toFixed(0)} KiB`
    notes.push(
      `A: ${r.checks} checks in ${Math.ceil(r.checks / 5)} services created with app.health.createService, then createApp({ mode: 'serve' }) on that workspace ` +
        `(took ${r.createAppMs.toFixed(0)} ms) in a plain Node child process (the console bundled with Vite; RSS ${(r.rssBeforeStart / MB).toFixed(0)} MB before createApp)`,
      `A: targets: 8 loopback HTTP servers in another child process (not counted), application/health+json with 4 components, 0-40 ms answer delay, ~3 % of checks flaky`,
      `A: steady window ${st.fromS.toFixed(0)}-${st.toS.toFixed(0)} s: ${st.runs} runs, ${cpuMs.toFixed(0)} ms CPU (${st.cpuUserMs.toFixed(0)} user, ${st.cpuSystemMs.toFixed(0)} system); ` +
        `outcomes over the whole run: ${r.status.UP} UP, ${r.status.DEGRADED} DEGRADED, ${r.status.DOWN} DOWN (${
          Object.entries(r.errors)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ') || 'no transport errors'
        })`,
      `A: lag = how late a run started (the scheduler may start a run up to 100 ms early to share a wake-up; early counts as 0); percentiles over the last ${lags.length} runs ` +
        `(the scheduler keeps 4,096); ${r.totalResults} result rows, workspace ${(r.diskBytes / MB).toFixed(1)} MB, of which ` +
        `per-check state and components ${kib(perCheckBytes)} (fixed, not per result); pages: results ${kib(pb.results)} + results_ts ${kib(pb.results_ts)}, ` +
        `rollup_minute ${kib((pb.rollup_minute ?? 0) + (pb.rollup_minute_bucket ?? 0))}, rollup_hour ${kib((pb.rollup_hour ?? 0) + (pb.rollup_hour_bucket ?? 0))} (with indexes), check_state ${kib(pb.check_state)}, check_components ${kib(pb.check_components)}`,
      `A: load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`,
      'reference: Uptime Kuma 2.5.3 on this kind of machine with 1,000 HTTP monitors at its minimum 20 s interval used 18 % of one core (3.6 ms CPU per check), 250 MB RSS, ~170 bytes per result, and took 646 s to start all monitors'
    )
    return { figures, notes }
  } finally {
    await stopTargets(child)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

// ------------------------------------------------------------------ part B

/** Deterministic PRNG so every run generates the same history. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Profile {
  medianMs: number
  sigma: number
  incidents: { from: number; to: number }[]
  slow: { from: number; to: number }[]
  perMinute: number
}

/** A check's latency profile: lognormal around its median, a daily swing, incidents (failures) and slow spells (degraded). */
function profileOf(r: () => number, from: number, to: number, perMinute: number): Profile {
  const spells = (count: number, minMin: number, maxMin: number) =>
    Array.from({ length: count }, () => {
      const start = from + r() * (to - from)
      return { from: start, to: start + (minMin + r() * (maxMin - minMin)) * MINUTE }
    })
  return {
    medianMs: 15 + r() * 185,
    sigma: 0.2 + r() * 0.3,
    incidents: spells(Math.floor(r() * 6), 3, 180),
    slow: spells(Math.floor(r() * 10), 10, 240),
    perMinute
  }
}

function makeSampler(r: () => number, p: Profile) {
  let spare: number | null = null
  const gauss = (): number => {
    if (spare !== null) {
      const v = spare
      spare = null
      return v
    }
    const u = 1 - r()
    const v = r()
    const m = Math.sqrt(-2 * Math.log(u))
    spare = m * Math.sin(2 * Math.PI * v)
    return m * Math.cos(2 * Math.PI * v)
  }
  /** One result at time t: [status, latencyMs]. */
  return (t: number, incident: boolean, slow: boolean): [0 | 1 | 2, number] => {
    const daily = 1 + 0.25 * Math.sin((2 * Math.PI * (t % DAY)) / DAY)
    let ms = p.medianMs * daily * Math.exp(p.sigma * gauss())
    if (incident && r() < 0.7) return r() < 0.3 ? [2, 5000] : [2, ms * 4]
    if (slow) ms *= 3
    if (r() < 0.0005) return [2, 5000] // the odd timeout
    return [slow && r() < 0.3 ? 1 : 0, Math.round(ms * 10) / 10]
  }
}

const spellAt = (list: { from: number; to: number }[], t0: number, t1: number): boolean => list.some((s) => s.from < t1 && s.to > t0)

async function partB(): Promise<{ figures: Figure[]; notes: string[] }> {
  // BENCH_HEALTH_HISTORY=FILE keeps the generated workspace there and reuses it on the next run (for profiling)
  const keep = process.env.BENCH_HEALTH_HISTORY
  const dir = keep ? path.dirname(path.resolve(keep)) : fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-history-'))
  const file = keep ? path.resolve(keep) : path.join(dir, 'workspace.db')
  const reuse = keep !== undefined && fs.existsSync(file)
  const app = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
  try {
    const services = 200
    const pre = 'B history'
    if (reuse) return await timeQueries(app, file, services, pre, [`B: reused ${file}`])
    for (let s = 0; s < services; s++) {
      const checks = [{ name: 'health', intervalS: 30, config: httpConfig(`http://127.0.0.1:9/health/${s}`) }]
      if (s % 2 === 0) checks.push({ name: 'public', intervalS: 60, config: httpConfig(`http://127.0.0.1:9/public/${s}`) })
      app.health.createService(
        ServiceInput.parse({ name: `svc-${s}`, environment: s % 5 === 0 ? 'staging' : 'production', region: `region-${s % 4}`, checks })
      )
    }
    const checks = app.health.repo.checks()
    const now = Date.now()
    const hourNow = Math.floor(now / HOUR) * HOUR
    const minuteNow = Math.floor(now / MINUTE) * MINUTE
    const histFrom = hourNow - 90 * DAY
    const minuteFrom = hourNow - 2 * DAY
    const rawFrom = now - DAY
    const put = (table: string) =>
      app.db.prepare(
        `INSERT INTO ${table} (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist)
         VALUES (@check_id, @bucket, @count, @failures, @degraded, @maintenance, @lat_min, @lat_max, @lat_sum, @p50, @p95, @p99, @hist)`
      )
    const putHour = put('rollup_hour')
    const putMinute = put('rollup_minute')
    const putResult = app.db.prepare(
      'INSERT INTO results (check_id, ts, status, latency_ms, status_code, maintenance, error_kind, error, snippet) VALUES (?, ?, ?, ?, ?, 0, ?, ?, NULL)'
    )
    const putIncident = app.db.prepare(
      'INSERT INTO health_incidents (service_id, check_id, started_at, ended_at, cause, error_kind) VALUES (?, ?, ?, ?, ?, ?)'
    )
    const putState = app.db.prepare(
      "UPDATE check_state SET state = 'UP', since = ?, last_run_at = ?, last_latency_ms = ?, last_status_code = 200 WHERE check_id = ?"
    )

    // Loading speed only, undone before anything is timed: a large page cache, no fsync, and the secondary
    // indexes built once at the end instead of row by row (the same CREATE INDEX statements, from sqlite_schema).
    const defaultCache = app.db.pragma('cache_size', { simple: true }) as number
    app.db.pragma('cache_size = -262144')
    app.db.pragma('synchronous = OFF')
    const indexes = app.db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('results', 'rollup_minute', 'rollup_hour')"
      )
      .all() as { name: string; sql: string }[]
    for (const ix of indexes) app.db.exec(`DROP INDEX ${ix.name}`)
    const g0 = performance.now()
    for (const c of checks) {
      const r = rng(c.id * 7919)
      const perMinute = 60 / c.interval_s
      const p = profileOf(r, histFrom, now, perMinute)
      const sampleAt = makeSampler(r, p)
      app.db
        .transaction(() => {
          // hours older than the minute window: sample each hour's results directly
          for (let h = histFrom; h < minuteFrom; h += HOUR) {
            const agg = new Aggregate()
            const inc = spellAt(p.incidents, h, h + HOUR)
            const slow = spellAt(p.slow, h, h + HOUR)
            const maint = r() < 0.002
            for (let i = 0; i < 60 * perMinute; i++) {
              const t = h + (i * MINUTE) / perMinute
              const [st, ms] = sampleAt(t, inc && spellAt(p.incidents, t, t + 1), slow && spellAt(p.slow, t, t + 1))
              agg.add(st, ms, maint)
            }
            putHour.run(agg.toRow(c.id, h))
          }
          // the last two days: minute rollups, hours merged from the same results, raw rows for the last day
          let hourAgg: Aggregate | null = null
          let hourStart = -1
          for (let m = minuteFrom; m <= minuteNow; m += MINUTE) {
            const h = Math.floor(m / HOUR) * HOUR
            if (h !== hourStart) {
              if (hourAgg && hourAgg.count) putHour.run(hourAgg.toRow(c.id, hourStart))
              hourAgg = new Aggregate()
              hourStart = h
            }
            const agg = new Aggregate()
            for (let i = 0; i < perMinute; i++) {
              const t = m + (i * MINUTE) / perMinute + (c.id % 997)
              if (t > now) break
              const [st, ms] = sampleAt(t, spellAt(p.incidents, t, t + 1), spellAt(p.slow, t, t + 1))
              agg.add(st, ms, false)
              hourAgg!.add(st, ms, false)
              if (t >= rawFrom)
                putResult.run(
                  c.id,
                  t,
                  st,
                  ms,
                  st === 2 ? (ms >= 5000 ? null : 503) : 200,
                  st === 2 ? (ms >= 5000 ? 'timeout' : 'status') : null,
                  st === 2 ? (ms >= 5000 ? 'timed out after 5000 ms' : 'unexpected status 503') : null
                )
            }
            if (agg.count) putMinute.run(agg.toRow(c.id, m))
          }
          if (hourAgg && hourAgg.count) putHour.run(hourAgg.toRow(c.id, hourStart))
          for (const i of p.incidents)
            if (i.to < now)
              putIncident.run(c.service_id, c.id, Math.round(i.from), Math.round(i.to), `${c.name}: unexpected status 503`, 'status')
          putState.run(now - 7 * DAY, now - 5000, p.medianMs, c.id)
        })
        .immediate()
    }
    // a few incidents still open
    for (const c of checks.slice(0, 3))
      putIncident.run(c.service_id, c.id, now - 20 * MINUTE, null, `${c.name}: timed out after 5000 ms`, 'timeout')
    for (const ix of indexes) app.db.exec(ix.sql)
    const genMs = performance.now() - g0
    app.db.pragma('synchronous = NORMAL')
    app.db.pragma(`cache_size = ${defaultCache}`)
    app.db.pragma('optimize')
    return await timeQueries(app, file, services, pre, [
      `B: ${services} services, ${checks.length} checks (30 s and 60 s intervals); hourly rollups for 90 days, minute rollups for 2 days, raw results for 1 day, ` +
        `generated with the real Aggregate/Histogram encoders in ${(genMs / 1000).toFixed(1)} s (lognormal latency, daily swing, incidents, slow spells)`
    ])
  } finally {
    await app.close()
    if (!keep) fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Wall time (ms) of each of `n` calls after `warmup` calls, sorted. */
function timeCalls(n: number, warmup: number, fn: (i: number) => unknown): number[] {
  for (let i = 0; i < warmup; i++) fn(i)
  const wall: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    fn(warmup + i)
    wall.push(performance.now() - t)
  }
  return sortNum(wall)
}

async function timeQueries(
  app: App,
  file: string,
  services: number,
  pre: string,
  notes: string[]
): Promise<{ figures: Figure[]; notes: string[] }> {
  const now = app.clock.now()
  const serviceIds = app.health.repo.services().map((s) => s.id)
  const t0 = performance.now()
  const first = app.health.overview()
  const firstMs = performance.now() - t0
  if (first.length !== services || first.some((s) => s.uptime30d === null)) throw new Error('overview did not see the generated history')
  const overview = timeCalls(20, 3, () => app.health.overview())
  const series30 = timeCalls(20, 3, (i) =>
    app.health.series({ serviceId: serviceIds[i % serviceIds.length]!, from: now - 30 * DAY, to: now, points: 400 })
  )
  const series24 = timeCalls(20, 3, (i) =>
    app.health.series({ serviceId: serviceIds[(i * 7) % serviceIds.length]!, from: now - DAY, to: now, points: 400 })
  )
  const disk = diskBytes(app, file)
  const tables = ['services', 'checks', 'check_state', 'results', 'rollup_minute', 'rollup_hour', 'health_incidents']
  const counts = tables.map((t) => `${t} ${rowCount(app, t).toLocaleString('en')}`)
  return {
    figures: [
      { metric: `${pre}: overview (health:overview), median of 20`, value: median(overview), unit: 'ms', goal: '< 50 ms' },
      { metric: `${pre}: overview, p95`, value: percentile(overview, 95), unit: 'ms', goal: '< 50 ms' },
      { metric: `${pre}: overview, first call after start (fills its cache)`, value: firstMs, unit: 'ms' },
      { metric: `${pre}: 30-day chart (series, 400 points), median of 20`, value: median(series30), unit: 'ms', goal: '< 50 ms' },
      { metric: `${pre}: 30-day chart, p95`, value: percentile(series30, 95), unit: 'ms', goal: '< 50 ms' },
      { metric: `${pre}: 24-hour chart (minute rollups), median of 20`, value: median(series24), unit: 'ms' },
      { metric: `${pre}: workspace on disk (file + WAL)`, value: disk / MB, unit: 'MB' }
    ],
    notes: [
      ...notes,
      `B: rows: ${counts.join(', ')}`,
      `B: load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`
    ]
  }
}

export async function healthBench(): Promise<BenchResult> {
  const figures: Figure[] = []
  const notes: string[] = []
  if (PART.includes('a')) {
    const a = await partA()
    figures.push(...a.figures)
    notes.push(...a.notes)
  }
  if (PART.includes('b')) {
    const b = await partB()
    figures.push(...b.figures)
    notes.push(...b.notes)
  }
  return { name: 'health', figures, notes }
}
