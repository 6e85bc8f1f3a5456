/**
 * One scenario of `npm run bench features`, in its own process (so one engine's memory never counts against another):
 * a served console with 100 loopback checks every 5 s, the three bench views, then a training set with one engine, or the
 * online store. Reads its task from BENCH_FEATURES_TASK (JSON), prints one `RESULT <json>` line.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { dispatch } from '../src/main/transport/dispatch'
import { addLoopbackChecks, sleep, timerLag } from './pollerLag'
import { percentile, sample, type Figure } from './harness'

export interface ScenarioTask {
  kind: 'training-set' | 'online'
  engine?: 'duckdb' | 'typescript'
  filter?: boolean
  data: { entity: string; views: Record<'driver_hourly' | 'customer_daily' | 'vehicle', string> }
  ports: number[]
  /** Where the training set goes (kept for the cell-by-cell comparison). */
  out: string
  rows: number
  entities: number
  endOfData: number
}

const MB = 1024 * 1024

/** The poller's scheduling lags recorded since `before` (its ring keeps the last 4,096). */
function lagsSince(app: App, before: { runs: number; lagMs: number[] }): number[] {
  const now = app.health.schedulerStats()
  const fresh = now.runs - before.runs
  const lags = before.lagMs.length + fresh <= now.lagMs.length ? now.lagMs.slice(before.lagMs.length) : now.lagMs
  return [...lags].sort((a, b) => a - b)
}

async function measure<T>(
  app: App,
  fn: () => Promise<T>
): Promise<{ value: T; seconds: number; cpu: number; peak: number; lags: number[]; timer: number[]; eld: number }> {
  let peak = process.memoryUsage().rss
  let on = true
  const sampler = (async () => {
    while (on) {
      peak = Math.max(peak, process.memoryUsage().rss)
      await sleep(50)
    }
  })()
  const before = app.health.schedulerStats()
  const probe = timerLag()
  const eld = monitorEventLoopDelay({ resolution: 10 })
  eld.enable()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await fn()
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  eld.disable()
  on = false
  await sampler
  return {
    value,
    seconds,
    cpu: (cpu.user + cpu.system) / 1e6,
    peak,
    lags: lagsSince(app, before),
    timer: probe.stop(),
    eld: eld.percentile(99) / 1e6
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.env.BENCH_FEATURES_TASK!) as ScenarioTask
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-features-'))
  const file = path.join(dir, 'workspace.db')
  const setup = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
  addLoopbackChecks(setup, task.ports, 100)
  const view = (
    name: keyof ScenarioTask['data']['views'],
    key: { name: string; type: 'int64' | 'string' },
    ttl: number,
    features: [string, 'float64' | 'int64' | 'string' | 'bool'][]
  ) =>
    setup.features.saveView({
      name,
      entities: [key],
      createdTimestampField: 'created',
      ttlSeconds: ttl,
      features: features.map(([n, type]) => ({ name: n, type })),
      source: { path: task.data.views[name] }
    })
  view('driver_hourly', { name: 'driver_id', type: 'int64' }, 86_400, [
    ['conv_rate', 'float64'],
    ['acc_rate', 'float64'],
    ['trips', 'int64']
  ])
  view('customer_daily', { name: 'customer_id', type: 'string' }, 0, [
    ['lifetime_value', 'float64'],
    ['orders', 'int64'],
    ['segment', 'string']
  ])
  view('vehicle', { name: 'driver_id', type: 'int64' }, 7 * 86_400, [
    ['speed', 'float64'],
    ['rating', 'float64'],
    ['active', 'bool']
  ])
  await setup.close()
  const app = createApp({ workspacePath: file, mode: 'serve', logger: silentLogger })
  const figures: Figure[] = []
  const notes: string[] = []
  try {
    await sleep(11_000) // every check has run once (first runs spread over 5 s)
    const idle = await measure(app, () => sleep(10_000))
    const label = task.kind === 'online' ? 'online' : `${task.engine}${task.filter ? ', created_ts ≤ entity ts' : ''}`
    figures.push({
      metric: `[${label}] control window, no feature work: poller lag p99 / timer lag p99`,
      value: percentile(idle.lags, 99),
      unit: `ms / ${percentile(idle.timer, 99).toFixed(1)} ms`
    })
    if (task.kind === 'training-set') {
      const features = [
        'driver_hourly:conv_rate',
        'driver_hourly:acc_rate',
        'driver_hourly:trips',
        'customer_daily:lifetime_value',
        'customer_daily:orders',
        'customer_daily:segment',
        'vehicle:speed',
        'vehicle:rating',
        'vehicle:active'
      ]
      const m = await measure(app, () =>
        app.features.trainingSets.create({
          name: 'bench',
          entityPath: task.data.entity,
          features,
          engine: task.engine!,
          format: 'parquet',
          filterByCreatedTimestamp: !!task.filter,
          outputPath: task.out
        })
      )
      const scanned = 3 * task.rows + task.entities
      figures.push(
        { metric: `[${label}] training set: time`, value: m.seconds, unit: 's' },
        { metric: `[${label}] CPU time of the process (all threads)`, value: m.cpu, unit: 's' },
        { metric: `[${label}] rows read per second (entity + 3 views)`, value: scanned / m.seconds, unit: 'rows/s' },
        { metric: `[${label}] peak RSS of the process (worker and DuckDB included)`, value: m.peak / MB, unit: 'MB' },
        { metric: `[${label}] peak RSS above the idle console`, value: (m.peak - idle.peak) / MB, unit: 'MB' },
        {
          metric: `[${label}] health poller lag p50 / p99 / max`,
          value: percentile(m.lags, 50),
          unit: `ms / ${percentile(m.lags, 99).toFixed(1)} / ${(m.lags.at(-1) ?? Number.NaN).toFixed(0)} ms`,
          goal: 'p99 < 200 ms'
        },
        {
          metric: `[${label}] main-thread timer lag p99 / max`,
          value: percentile(m.timer, 99),
          unit: `ms / ${(m.timer.at(-1) ?? Number.NaN).toFixed(0)} ms`
        }
      )
      notes.push(
        `[${label}] ${m.value.rows.toLocaleString('en-US')} rows; null rates ${m.value.manifest.features.map((f) => `${f.column} ${(f.nullRate * 100).toFixed(1)} %`).join(', ')}; ${m.lags.length} poller runs measured`
      )
    } else {
      const mat = await measure(app, () =>
        app.features.online.materialize({ view: 'driver_hourly', mode: 'window', start: 0, end: Date.now() })
      )
      figures.push(
        {
          metric: `[online] materialise driver_hourly (${task.rows.toLocaleString('en-US')} rows → ${mat.value.keysTotal.toLocaleString('en-US')} keys)`,
          value: mat.seconds,
          unit: 's'
        },
        { metric: '[online] materialise: poller lag p99', value: percentile(mat.lags, 99), unit: 'ms' }
      )
      let seed = 1
      const keys = (): { driver_id: number }[] =>
        Array.from({ length: 100 }, () => ({ driver_id: (seed = (seed * 48271) % 2147483647) % 100_000 }))
      const refs = ['driver_hourly:conv_rate', 'driver_hourly:acc_rate', 'driver_hourly:trips']
      const at = task.endOfData
      const cold = await sample(
        3000,
        () => (app.features.online.clearCache(), app.features.online.lookup({ features: refs, entities: keys(), at })),
        200
      )
      const pool = Array.from({ length: 20 }, () => keys())
      let turn = 0
      const cpu0 = process.cpuUsage()
      const warm = await sample(3000, () => app.features.online.lookup({ features: refs, entities: pool[turn++ % pool.length]!, at }), 200)
      const cpu = process.cpuUsage(cpu0)
      const bound = await sample(
        3000,
        () =>
          dispatch(
            app.handlers,
            'features:online',
            { features: refs, entities: pool[turn++ % pool.length]!, at },
            { transport: 'direct' },
            { logger: silentLogger }
          ),
        200
      )
      const ms = (a: number[], p: number): number => percentile(a, p) / 1000
      // CPU time of each call (µs): what a lookup costs when it does not wait for one of the machine's busy cores
      const coldCpu: number[] = []
      for (let i = 0; i < 3000; i++) {
        app.features.online.clearCache()
        const entities = keys()
        const c0 = process.cpuUsage()
        app.features.online.lookup({ features: refs, entities, at })
        const c = process.cpuUsage(c0)
        coldCpu.push(c.user + c.system)
      }
      coldCpu.sort((a, b) => a - b)
      figures.push(
        {
          metric: '[online] lookup 100 keys × 3 features, rows from SQLite: p50 / p99',
          value: ms(cold, 50),
          unit: `ms / ${ms(cold, 99).toFixed(2)} ms`,
          goal: 'p99 < 1 ms'
        },
        {
          metric: '[online] same, keys seen before (read-through cache): p50 / p99',
          value: ms(warm, 50),
          unit: `ms / ${ms(warm, 99).toFixed(2)} ms`,
          goal: 'p99 < 1 ms'
        },
        {
          metric: '[online] through the handler binding (input validated with zod): p50 / p99',
          value: ms(bound, 50),
          unit: `ms / ${ms(bound, 99).toFixed(2)} ms`,
          goal: 'p99 < 1 ms'
        },
        {
          metric: '[online] CPU time per cached lookup (mean; waiting for a core not counted)',
          value: (cpu.user + cpu.system) / 3200 / 1000,
          unit: 'ms'
        },
        {
          metric: '[online] CPU time per lookup from SQLite, p50 / p99',
          value: percentile(coldCpu, 50) / 1000,
          unit: `ms / ${(percentile(coldCpu, 99) / 1000).toFixed(2)} ms`
        }
      )
      const check = app.features.online.lookup({ features: refs, entities: keys(), at })
      notes.push(
        `[online] lookups at the end of the data, TTL 1 day: ${check.views[0]!.status.filter((s) => s === 'present').length} of 100 keys present; 3,000 samples after 200 warm-up calls each`
      )
    }
  } finally {
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  console.log(`RESULT ${JSON.stringify({ figures, notes, load: os.loadavg()[0] })}`)
}

await main()
process.exit(0)
