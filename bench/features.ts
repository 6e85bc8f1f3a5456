import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { ChildProcess } from 'node:child_process'
import { ServiceInput } from '../src/shared/contract'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { dispatch } from '../src/main/transport/dispatch'
import { percentile, sample, type BenchResult, type Figure } from './harness'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench features`
 *  Data (Parquet, generated once with DuckDB and cached under node_modules/.cache): 3 views × 10,000,000 feature rows
 *  (driver_hourly by driver_id, customer_daily by a string customer_id, vehicle by driver_id; created timestamps with 1 %
 *  late backfills) and 1,000,000 entity rows (10 % of them with keys no view has).
 *  A. Historical retrieval through the service layer (a job on a worker thread) with the health poller running 100 loopback
 *     checks every 5 s: DuckDB (ASOF join) and the TypeScript sort-merge, without and with the created-timestamp filter.
 *     Time, feature rows/s, peak RSS of the process (worker threads and DuckDB's native memory included), poller lag.
 *     The outputs of both engines are compared cell by cell.
 *  B. Online store: materialise driver_hourly, then `features:online` for 100 random keys in-process (service call and the
 *     handler binding with input validation): p50 / p99.
 * BENCH_FEATURES_ENTITIES (1,000,000), BENCH_FEATURES_ROWS (10,000,000 per view), BENCH_FEATURES_ENGINES (duckdb,typescript),
 * BENCH_FEATURES_FILTER (0,1: which filter settings to run).
 */

const ENTITIES = Number(process.env.BENCH_FEATURES_ENTITIES ?? 1_000_000)
const ROWS = Number(process.env.BENCH_FEATURES_ROWS ?? 10_000_000)
const ENGINES = (process.env.BENCH_FEATURES_ENGINES ?? 'duckdb,typescript').split(',') as ('duckdb' | 'typescript')[]
const FILTERS = (process.env.BENCH_FEATURES_FILTER ?? '0,1').split(',').map((s) => s === '1')
const CHECKS = 100
const MB = 1024 * 1024
const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 1)
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const sortNum = (a: number[]): number[] => [...a].sort((x, y) => x - y)

/** Generates the Parquet files with DuckDB (deterministic: hash-based values), once per size. */
async function generate(
  dir: string
): Promise<{ entity: string; views: Record<'driver_hourly' | 'customer_daily' | 'vehicle', string>; seconds: number }> {
  const views: Record<'driver_hourly' | 'customer_daily' | 'vehicle', string> = {
    driver_hourly: path.join(dir, 'driver_hourly.parquet'),
    customer_daily: path.join(dir, 'customer_daily.parquet'),
    vehicle: path.join(dir, 'vehicle.parquet')
  }
  const entity = path.join(dir, 'entity.parquet')
  const done = path.join(dir, 'DONE')
  if (fs.existsSync(done)) return { entity, views, seconds: 0 }
  fs.mkdirSync(dir, { recursive: true })
  const t0 = performance.now()
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const db = await DuckDBInstance.create(':memory:', { threads: String(os.cpus().length) })
  const c = await db.connect()
  const span = 90 * DAY
  const ts = (expr: string): string => `make_timestamp((${T0} + ${expr})::BIGINT * 1000)`
  const perKey = (keys: number): string =>
    `(i // ${keys}) * ${Math.floor(span / Math.max(1, ROWS / keys))} + hash(i) % ${Math.floor(span / Math.max(1, ROWS / keys))}`
  const created = (e: string): string => `CASE WHEN hash(i * 31) % 100 = 0 THEN ${e} + ${3 * DAY} ELSE ${e} + hash(i * 3) % 600000 END`
  await c.run(
    `COPY (SELECT (i % 100000)::BIGINT AS driver_id, ${ts(perKey(100_000))} AS event_timestamp, ${ts(created(perKey(100_000)))} AS created,
       (hash(i * 5) % 10000) / 10000.0 AS conv_rate, (hash(i * 7) % 10000) / 10000.0 AS acc_rate, (hash(i * 11) % 40)::BIGINT AS trips
     FROM range(${ROWS}) t(i)) TO '${views.driver_hourly}' (FORMAT parquet)`
  )
  await c.run(
    `COPY (SELECT 'c' || (i % 200000) AS customer_id, ${ts(perKey(200_000))} AS event_timestamp, ${ts(created(perKey(200_000)))} AS created,
       (hash(i * 13) % 1000000) / 100.0 AS lifetime_value, (hash(i * 17) % 200)::BIGINT AS orders, ['gold', 'silver', 'bronze', 'new'][(1 + hash(i * 19) % 4)::BIGINT] AS segment
     FROM range(${ROWS}) t(i)) TO '${views.customer_daily}' (FORMAT parquet)`
  )
  await c.run(
    `COPY (SELECT (i % 100000)::BIGINT AS driver_id, ${ts(perKey(100_000))} AS event_timestamp, ${ts(created(perKey(100_000)))} AS created,
       (hash(i * 23) % 1300) / 10.0 AS speed, 1 + (hash(i * 29) % 400) / 100.0 AS rating, hash(i * 37) % 3 <> 0 AS active
     FROM range(${ROWS}) t(i)) TO '${views.vehicle}' (FORMAT parquet)`
  )
  await c.run(
    `COPY (SELECT (hash(i * 41) % 110000)::BIGINT AS driver_id, 'c' || (hash(i * 43) % 220000) AS customer_id, ${ts(`hash(i * 47) % ${span}`)} AS event_timestamp, (i % 2)::INTEGER AS label
     FROM range(${ENTITIES}) t(i)) TO '${entity}' (FORMAT parquet)`
  )
  c.closeSync()
  db.closeSync()
  fs.writeFileSync(done, '')
  return { entity, views, seconds: (performance.now() - t0) / 1000 }
}

/** The features worker as the built app runs it: one bundled ES module (packages external, as electron-vite builds it). */
async function bundleWorker(): Promise<string> {
  const esbuild = (await import('esbuild' as string)) as { build(o: Record<string, unknown>): Promise<unknown> }
  const outfile = path.resolve('node_modules/.cache/control-console/features-worker.mjs')
  await esbuild.build({
    entryPoints: [path.resolve('src/main/workers/features.worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning'
  })
  return outfile
}

interface Measured<T> {
  value: T
  seconds: number
  cpuSeconds: number
  peakRss: number
  lags: number[]
  eldP99: number
}

/** Runs `fn` while sampling RSS every 50 ms and collecting the poller's scheduling lag. */
async function measure<T>(app: App, fn: () => Promise<T>): Promise<Measured<T>> {
  let peak = process.memoryUsage().rss
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, process.memoryUsage().rss)
      await sleep(50)
    }
  })()
  const from = app.health.schedulerStats().lagMs.length
  const eld = monitorEventLoopDelay({ resolution: 10 })
  eld.enable()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await fn()
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  eld.disable()
  sampling = false
  await sampler
  return {
    value,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRss: peak,
    lags: sortNum(app.health.schedulerStats().lagMs.slice(from)),
    eldP99: eld.percentile(99) / 1e6
  }
}

/** Cells that differ between two training sets (same entity order), per column, read with DuckDB. */
async function compareOutputs(a: string, b: string, columns: string[]): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  const rel = (f: string): string => `(SELECT *, file_row_number AS __r FROM read_parquet('${f}', file_row_number = true))`
  const diff = columns.map((col) => `count(*) FILTER (WHERE a."${col}" IS DISTINCT FROM b."${col}")`).join(' + ')
  const r = await c.runAndReadAll(`SELECT ${diff} FROM ${rel(a)} a JOIN ${rel(b)} b USING (__r)`)
  c.closeSync()
  db.closeSync()
  return Number(r.getRows()[0]![0])
}

export async function featuresBench(): Promise<BenchResult> {
  const figures: Figure[] = []
  const notes: string[] = []
  const dataDir = path.resolve(`node_modules/.cache/control-console/bench-features-${ENTITIES}-${ROWS}`)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-features-'))
  const previousWorker = process.env.CONSOLE_FEATURES_WORKER
  process.env.CONSOLE_FEATURES_WORKER = await bundleWorker()
  let app: App | undefined
  let targets: ChildProcess | undefined
  try {
    const data = await generate(dataDir)
    const size = (f: string): number => fs.statSync(f).size / MB
    notes.push(
      `data: ${ENTITIES.toLocaleString('en-US')} entity rows (${size(data.entity).toFixed(0)} MB) against 3 views × ${ROWS.toLocaleString('en-US')} rows (${Object.values(
        data.views
      )
        .map((f) => `${size(f).toFixed(0)} MB`)
        .join(', ')} of Parquet)` +
        (data.seconds ? `, generated with DuckDB in ${data.seconds.toFixed(0)} s` : ', cached from an earlier run')
    )
    const t = await startTargets(3600)
    targets = t.child
    const file = path.join(work, 'workspace.db')
    const setup = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
    for (let s = 0; s < CHECKS / 5; s++) {
      const checks = Array.from({ length: 5 }, (_, k) => ({
        name: `c${k}`,
        intervalS: 5,
        config: {
          kind: 'http' as const,
          url: `http://127.0.0.1:${t.ports[(s * 5 + k) % t.ports.length]}/health/${s * 5 + k}`,
          timeoutMs: 5000
        }
      }))
      setup.health.createService(ServiceInput.parse({ name: `svc-${s}`, checks }))
    }
    setup.features.saveView({
      name: 'driver_hourly',
      entities: [{ name: 'driver_id', type: 'int64' }],
      createdTimestampField: 'created',
      ttlSeconds: 86_400,
      features: [
        { name: 'conv_rate', type: 'float64' },
        { name: 'acc_rate', type: 'float64' },
        { name: 'trips', type: 'int64' }
      ],
      source: { path: data.views.driver_hourly }
    })
    setup.features.saveView({
      name: 'customer_daily',
      entities: [{ name: 'customer_id', type: 'string' }],
      createdTimestampField: 'created',
      ttlSeconds: 0,
      features: [
        { name: 'lifetime_value', type: 'float64' },
        { name: 'orders', type: 'int64' },
        { name: 'segment', type: 'string' }
      ],
      source: { path: data.views.customer_daily }
    })
    setup.features.saveView({
      name: 'vehicle',
      entities: [{ name: 'driver_id', type: 'int64' }],
      createdTimestampField: 'created',
      ttlSeconds: 7 * 86_400,
      features: [
        { name: 'speed', type: 'float64' },
        { name: 'rating', type: 'float64' },
        { name: 'active', type: 'bool' }
      ],
      source: { path: data.views.vehicle }
    })
    await setup.close()
    app = createApp({ workspacePath: file, mode: 'serve', logger: silentLogger })
    await sleep(11_000)
    const ctl = await measure(app, () => sleep(15_000))
    figures.push({
      metric: 'health poller lag p99, control window without feature work (15 s)',
      value: percentile(ctl.lags, 99),
      unit: 'ms'
    })
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
    const outputs = new Map<string, string>()
    for (const filter of FILTERS) {
      for (const engine of ENGINES) {
        const label = `${engine}${filter ? ', created_ts ≤ entity ts' : ''}`
        const name = `bench_${engine}_${filter ? 'filtered' : 'plain'}`
        const m = await measure(app, () =>
          app!.features.trainingSets.create({
            name,
            entityPath: data.entity,
            features,
            engine,
            format: 'parquet',
            filterByCreatedTimestamp: filter
          })
        )
        const ts = m.value
        outputs.set(`${engine}:${filter}`, ts.outputPath)
        const scanned = 3 * ROWS + ENTITIES
        figures.push(
          { metric: `A ${label}: training set time (1M × 3 views × 10M)`, value: m.seconds, unit: 's' },
          { metric: `A ${label}: CPU time (process, all threads)`, value: m.cpuSeconds, unit: 's' },
          { metric: `A ${label}: rows read per second (entity + feature rows)`, value: scanned / m.seconds, unit: 'rows/s' },
          { metric: `A ${label}: entity rows per second`, value: ENTITIES / m.seconds, unit: 'rows/s' },
          { metric: `A ${label}: peak RSS (process incl. worker and DuckDB)`, value: m.peakRss / MB, unit: 'MB' },
          {
            metric: `A ${label}: health poller lag p50 / p99`,
            value: percentile(m.lags, 50),
            unit: `ms / ${percentile(m.lags, 99).toFixed(1)} ms`,
            goal: 'p99 < 200 ms'
          },
          { metric: `A ${label}: health poller lag max`, value: m.lags.at(-1) ?? Number.NaN, unit: 'ms' },
          { metric: `A ${label}: event-loop delay p99`, value: m.eldP99, unit: 'ms' }
        )
        notes.push(
          `A ${label}: ${ts.rows.toLocaleString('en-US')} rows, null rates ${ts.manifest.features.map((f) => `${f.column} ${(f.nullRate * 100).toFixed(1)} %`).join(', ')}`
        )
      }
      if (ENGINES.length === 2) {
        const cols = [
          'conv_rate',
          'acc_rate',
          'trips',
          'lifetime_value',
          'orders',
          'segment',
          'speed',
          'rating',
          'active',
          'driver_id',
          'customer_id',
          'event_timestamp',
          'label'
        ]
        const differing = await compareOutputs(outputs.get(`duckdb:${filter}`)!, outputs.get(`typescript:${filter}`)!, cols)
        figures.push({
          metric: `A: cells that differ between the two engines' training sets${filter ? ' (filtered)' : ''}`,
          value: differing,
          unit: 'cells',
          goal: '0'
        })
      }
    }

    // ---- B: online store
    const mat = await measure(app, () =>
      app!.features.online.materialize({ view: 'driver_hourly', mode: 'window', start: 0, end: Date.now() })
    )
    figures.push(
      {
        metric: `B: materialise driver_hourly (${ROWS.toLocaleString('en-US')} rows → ${mat.value.keysTotal.toLocaleString('en-US')} keys)`,
        value: mat.seconds,
        unit: 's'
      },
      { metric: 'B: materialise, health poller lag p99', value: percentile(mat.lags, 99), unit: 'ms' }
    )
    let seed = 1
    const keys = (): { driver_id: number }[] =>
      Array.from({ length: 100 }, () => ({ driver_id: (seed = (seed * 48271) % 2147483647) % 100_000 }))
    const refs = ['driver_hourly:conv_rate', 'driver_hourly:acc_rate', 'driver_hourly:trips']
    const at = T0 + 90 * DAY
    const cold = await sample(
      3000,
      () => {
        app!.features.online.clearCache()
        return app!.features.online.lookup({ features: refs, entities: keys(), at })
      },
      200
    )
    const pool = Array.from({ length: 20 }, () => keys())
    let turn = 0
    const warm = await sample(3000, () => app!.features.online.lookup({ features: refs, entities: pool[turn++ % pool.length]!, at }), 200)
    const bound = await sample(
      3000,
      () =>
        dispatch(
          app!.handlers,
          'features:online',
          { features: refs, entities: pool[turn++ % pool.length]!, at },
          { transport: 'direct' },
          { logger: silentLogger }
        ),
      200
    )
    const check = app.features.online.lookup({ features: refs, entities: keys(), at })
    figures.push(
      {
        metric: 'B: online lookup, 100 keys × 3 features, from SQLite (cache emptied each call) p50',
        value: percentile(cold, 50) / 1000,
        unit: 'ms'
      },
      {
        metric: 'B: online lookup, 100 keys × 3 features, from SQLite (cache emptied each call) p99',
        value: percentile(cold, 99) / 1000,
        unit: 'ms',
        goal: '< 1 ms'
      },
      { metric: 'B: online lookup, 100 keys seen before (read-through cache) p50', value: percentile(warm, 50) / 1000, unit: 'ms' },
      {
        metric: 'B: online lookup, 100 keys seen before (read-through cache) p99',
        value: percentile(warm, 99) / 1000,
        unit: 'ms',
        goal: '< 1 ms'
      },
      { metric: 'B: same through the handler binding (zod validation of the input) p50', value: percentile(bound, 50) / 1000, unit: 'ms' },
      {
        metric: 'B: same through the handler binding (zod validation of the input) p99',
        value: percentile(bound, 99) / 1000,
        unit: 'ms',
        goal: '< 1 ms'
      }
    )
    notes.push(
      `B: lookups at the time the data ends (TTL 1 day): ${check.views[0]!.status.filter((s) => s === 'present').length} present, ${check.views[0]!.status.filter((s) => s === 'expired').length} expired of 100; 3,000 samples after 200 warm-up calls`,
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average at the end ${os.loadavg()[0]!.toFixed(1)}; the worker is bundled with esbuild like out/main/features-worker.js; DuckDB memory_limit 1024 MB, threads = cores`
    )
    await app.close()
    app = undefined
    return { name: 'features', figures, notes }
  } finally {
    if (previousWorker === undefined) delete process.env.CONSOLE_FEATURES_WORKER
    else process.env.CONSOLE_FEATURES_WORKER = previousWorker
    if (app) await app.close()
    if (targets) await stopTargets(targets)
    fs.rmSync(work, { recursive: true, force: true })
  }
}
