import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { percentile, sample, type BenchResult } from './harness'
import { bundleWorker, sleep, sortNum } from './pollerLag'

/**
 * `npm run bench optimize`
 *  A. import of an Optuna RDB storage of BENCH_OPT_TRIALS (default 100,000) trials × 10 parameters × BENCH_OPT_STEPS
 *     (default 100) intermediate values, written with Optuna's own schema (copied from the fixture real Optuna made),
 *     read and written on a worker thread: rows per second and peak RSS of the process (worker included).
 *  B. the study views over it: history (optimize:study), importances, intermediate values of the newest 500 trials.
 */
const MB = 1024 * 1024
const TRIALS = Number(process.env.BENCH_OPT_TRIALS ?? 100_000)
const STEPS = Number(process.env.BENCH_OPT_STEPS ?? 100)
const PARAMS = 10

function makeStorage(file: string): void {
  const schema = new Database(path.resolve('src/main/services/optimize/__fixtures__/optuna.db'), { readonly: true })
  const ddl = (
    schema.prepare(`SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL`).all() as { sql: string }[]
  ).map((r) => r.sql)
  schema.close()
  const db = new Database(file)
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  for (const s of ddl) db.exec(s)
  db.exec(`INSERT INTO studies VALUES (1, 'bench'); INSERT INTO study_directions VALUES (1, 'MINIMIZE', 1, 0)`)
  const trial = db.prepare(`INSERT INTO trials VALUES (?, ?, 1, ?, '2026-01-01 00:00:00.000000', '2026-01-01 00:01:00.000000')`)
  const param = db.prepare('INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?)')
  const value = db.prepare(`INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, 0, ?, 'FINITE')`)
  const iv = db.prepare(
    `INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, 'FINITE')`
  )
  const floatDist = JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0, high: 1, log: false } })
  const catDist = JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: ['a', 'b', 'c'] } })
  let seed = 1
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  db.transaction(() => {
    for (let t = 1; t <= TRIALS; t++) {
      const pruned = rnd() < 0.3
      trial.run(t, t - 1, pruned ? 'PRUNED' : 'COMPLETE')
      let y = 0
      for (let p = 0; p < PARAMS; p++) {
        const x = p === PARAMS - 1 ? Math.floor(rnd() * 3) : rnd()
        y += (p + 1) * x
        param.run(t, `p${p}`, x, p === PARAMS - 1 ? catDist : floatDist)
      }
      if (!pruned) value.run(t, y)
      const steps = pruned ? Math.ceil(STEPS / 3) : STEPS
      for (let s = 0; s < steps; s++) iv.run(t, s, y + 10 / (s + 1))
    }
  })()
  db.close()
}

export async function optimizeBench(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-opt-'))
  const storage = path.join(dir, 'optuna.db')
  const figures: BenchResult['figures'] = []
  let app: App | undefined
  try {
    const tg = performance.now()
    makeStorage(storage)
    const ivRows = (
      new Database(storage, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM trial_intermediate_values').get() as { n: number }
    ).n
    process.env.CONSOLE_OPTIMIZE_WORKER = await bundleWorker('optimize')
    app = createApp({ workspacePath: path.join(dir, 'workspace.db'), mode: 'serve', logger: silentLogger })
    let peak = process.memoryUsage().rss
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, process.memoryUsage().rss)
        await sleep(50)
      }
    })()
    const ta = performance.now()
    const report = await app.optimize.importFile(storage)
    const aS = (performance.now() - ta) / 1000
    sampling = false
    await sampler
    const rows = TRIALS * (1 + PARAMS) + ivRows
    figures.push(
      {
        metric: `A: storage made (${TRIALS.toLocaleString('en')} trials, ${ivRows.toLocaleString('en')} intermediate values)`,
        value: (performance.now() - tg) / 1000 - aS,
        unit: 's'
      },
      { metric: 'A: import wall time', value: aS, unit: 's' },
      { metric: 'A: trials imported per second', value: TRIALS / aS, unit: 'trials/s' },
      { metric: 'A: rows per second (trial + parameter + intermediate rows)', value: rows / aS, unit: 'rows/s' },
      { metric: 'A: peak RSS (process incl. the worker thread)', value: peak / MB, unit: 'MB' }
    )
    const id = report.studies[0]!.id
    const again = performance.now()
    await app.optimize.importFile(storage)
    figures.push({ metric: 'A: re-import of the unchanged storage', value: (performance.now() - again) / 1000, unit: 's' })
    for (const [name, fn] of [
      ['B: history view (optimize:study, all trials)', () => app!.optimize.study(id)],
      ['B: importances (200 bootstrap resamples)', () => app!.optimize.importances(id, 0)],
      ['B: intermediate values, newest 500 trials, with pruning notes', () => app!.optimize.intermediate(id, 500)]
    ] as const) {
      const first = performance.now()
      fn()
      figures.push({ metric: `${name}, first call`, value: performance.now() - first, unit: 'ms' })
      const t = sortNum(await sample(10, fn, 1)).map((us) => us / 1000)
      figures.push({ metric: `${name} p50`, value: percentile(t, 50), unit: 'ms', goal: '< 200 ms' })
      figures.push({ metric: `${name} p95`, value: percentile(t, 95), unit: 'ms' })
    }
  } finally {
    await app?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return {
    name: 'optimize',
    figures,
    notes: [`${os.cpus().length} cores; ${PARAMS} parameters per trial; 30 % of trials pruned at a third of the steps`]
  }
}
