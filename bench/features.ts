import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { bundleWorker } from './pollerLag'
import type { ScenarioTask } from './featuresScenario'
import type { BenchResult, Figure } from './harness'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench features`
 *  Data (Parquet, generated once with DuckDB and cached under node_modules/.cache): 3 views × 10,000,000 feature rows
 *  (driver_hourly by driver_id, customer_daily by a string customer_id, vehicle by driver_id; created timestamps with 1 %
 *  late backfills) and 1,000,000 entity rows (10 % of them with keys no view has).
 *  Each scenario runs in its own process (bench/featuresScenario.ts).
 *  A. Historical retrieval through the service layer (a job on a worker thread) with the health poller running 100 loopback
 *     checks every 5 s: DuckDB (ASOF join) and the TypeScript sort-merge, without and with the created-timestamp filter.
 *     Time, feature rows/s, peak RSS of the process (worker threads and DuckDB's native memory included), poller lag.
 *     The outputs of both engines are compared cell by cell.
 *  B. Online store: materialise driver_hourly, then `features:online` for 100 random keys in-process (service call and the
 *     handler binding with input validation): p50 / p99.
 * BENCH_FEATURES_ENTITIES (1,000,000), BENCH_FEATURES_ROWS (10,000,000 per view), BENCH_FEATURES_ENGINES (duckdb,typescript),
 * BENCH_FEATURES_FILTER (0,1: which filter settings to run; empty: none, only the online store).
 */

const ENTITIES = Number(process.env.BENCH_FEATURES_ENTITIES ?? 1_000_000)
const ROWS = Number(process.env.BENCH_FEATURES_ROWS ?? 10_000_000)
const ENGINES = (process.env.BENCH_FEATURES_ENGINES ?? 'duckdb,typescript').split(',') as ('duckdb' | 'typescript')[]
const FILTERS = (process.env.BENCH_FEATURES_FILTER ?? '0,1')
  .split(',')
  .filter(Boolean)
  .map((s) => s === '1')
const MB = 1024 * 1024
const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 1)

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

/** Runs one scenario in a child process (bench/featuresScenario.ts) and answers its figures. */
function runScenario(task: ScenarioTask): Promise<{ figures: Figure[]; notes: string[]; load: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/vite-node'), [path.resolve('bench/featuresScenario.ts')], {
      env: { ...process.env, BENCH_FEATURES_TASK: JSON.stringify(task) },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '))
      if (code !== 0 || !line)
        return reject(new Error(`scenario ${JSON.stringify({ ...task, data: undefined })} failed (exit ${code}): ${out.slice(-2000)}`))
      resolve(JSON.parse(line.slice(7)))
    })
  })
}

export async function featuresBench(): Promise<BenchResult> {
  const figures: Figure[] = []
  const notes: string[] = []
  const dataDir = path.resolve(`node_modules/.cache/control-console/bench-features-${ENTITIES}-${ROWS}`)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-features-'))
  const previousWorker = process.env.CONSOLE_FEATURES_WORKER
  process.env.CONSOLE_FEATURES_WORKER = await bundleWorker('features')
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
    const t = await startTargets(7200)
    targets = t.child
    const base = { data, ports: t.ports, rows: ROWS, entities: ENTITIES, endOfData: T0 + 90 * DAY }
    const loads: number[] = []
    for (const filter of FILTERS) {
      const outs: Record<string, string> = {}
      for (const engine of ENGINES) {
        outs[engine] = path.join(work, `${engine}-${filter ? 'filtered' : 'plain'}.parquet`)
        const r = await runScenario({ ...base, kind: 'training-set', engine, filter, out: outs[engine] })
        figures.push(...r.figures)
        notes.push(...r.notes)
        loads.push(r.load)
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
        const differing = await compareOutputs(outs.duckdb!, outs.typescript!, cols)
        figures.push({
          metric: `cells that differ between the two engines' training sets${filter ? ' (created_ts filter)' : ''}`,
          value: differing,
          unit: 'cells',
          goal: '0'
        })
      }
    }
    const online = await runScenario({ ...base, kind: 'online', out: '' })
    figures.push(...online.figures)
    notes.push(...online.notes)
    loads.push(online.load)
    notes.push(
      `each scenario runs in its own process (bench/featuresScenario.ts) with a served console polling 100 loopback checks every 5 s; the worker is bundled with esbuild like out/main/features-worker.js; DuckDB memory_limit 1024 MB, threads = cores`,
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared: load average after each scenario ${loads.map((l) => l.toFixed(1)).join(', ')}`
    )
    return { name: 'features', figures, notes }
  } finally {
    if (previousWorker === undefined) delete process.env.CONSOLE_FEATURES_WORKER
    else process.env.CONSOLE_FEATURES_WORKER = previousWorker
    if (targets) await stopTargets(targets)
    fs.rmSync(work, { recursive: true, force: true })
  }
}
