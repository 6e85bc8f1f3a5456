import { spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { prepareRow } from '../src/main/services/explain/model/predict'
import { readModelText } from '../src/main/services/explain/model/read'
import { syntheticModel, syntheticRows, toXgboostJson } from '../src/main/services/explain/model/synthetic'
import { FastPathShap } from '../src/main/services/explain/shap/fastPath'
import { percentile, type BenchResult, type Figure } from './harness'
import { bundleWorker, seedChecks, sleep, sortNum } from './pollerLag'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench explain`
 *  Path-dependent TreeSHAP of a 500-tree, depth-6 model (XGBoost JSON, written here from a seeded random ensemble)
 *  over 10,000 rows × 50 features:
 *  A. through the service layer: explain:explainDataset's job on a worker thread (reads the CSV, computes, stores the
 *     values in chunks), with the health poller running loopback checks; rows/s, peak RSS, poller lag, event-loop delay.
 *  B. the algorithm alone on this thread (rows already in memory).
 *  C. XGBoost's own pred_contribs (C++) on the same model and rows, where Debian's python3-xgboost is installed
 *     (/usr/bin/python3): 1 thread and every core; the ratio of our rows/s to its.
 * BENCH_EXPLAIN_ROWS (10,000), BENCH_EXPLAIN_TREES (500), BENCH_EXPLAIN_DEPTH (6), BENCH_EXPLAIN_FEATURES (50), BENCH_EXPLAIN_CHECKS (50).
 */
const ROWS = Number(process.env.BENCH_EXPLAIN_ROWS ?? 10_000)
const TREES = Number(process.env.BENCH_EXPLAIN_TREES ?? 500)
const DEPTH = Number(process.env.BENCH_EXPLAIN_DEPTH ?? 6)
const FEATURES = Number(process.env.BENCH_EXPLAIN_FEATURES ?? 50)
const CHECKS = Number(process.env.BENCH_EXPLAIN_CHECKS ?? 50)
const MB = 1024 * 1024

const XGB = `
import json, sys, time, os
import numpy as np
import xgboost as xgb
model, data, ours, rows, feats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(data).reshape(rows, feats).astype(np.float32)
b = xgb.Booster(model_file=model)
d = xgb.DMatrix(X, missing=np.nan)
out = {"version": xgb.__version__}
for nt in [1, os.cpu_count()]:
    b.set_param({"nthread": nt})
    t = time.perf_counter()
    c = b.predict(d, pred_contribs=True)
    out[f"s{nt}"] = time.perf_counter() - t
phi = np.fromfile(ours).reshape(-1, feats)
n = phi.shape[0]
out["maxDiff"] = float(np.max(np.abs(c[:n, :feats] - phi)))
out["threads"] = os.cpu_count()
print(json.dumps(out))
`

export async function explainBench(): Promise<BenchResult> {
  const figures: Figure[] = []
  const notes: string[] = []
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-explain-'))
  let app: App | undefined
  let targets: ChildProcess | undefined
  const previousWorker = process.env.CONSOLE_EXPLAIN_WORKER
  process.env.CONSOLE_EXPLAIN_WORKER = await bundleWorker('explain')
  try {
    // ---- the model and the data
    const modelFile = path.join(dir, 'model.json')
    fs.writeFileSync(modelFile, toXgboostJson(syntheticModel({ trees: TREES, depth: DEPTH, features: FEATURES, seed: 1 })))
    const model = readModelText(fs.readFileSync(modelFile, 'utf8'))
    const rows = syntheticRows(model, ROWS, 2, 0.02)
    const csv = path.join(dir, 'rows.csv')
    const bin = path.join(dir, 'rows.f64')
    fs.writeFileSync(
      csv,
      [model.features.join(','), ...rows.map((r) => Array.from(r, (v) => (Number.isNaN(v) ? '' : String(v))).join(','))].join('\n') + '\n'
    )
    const flat = new Float64Array(ROWS * FEATURES)
    rows.forEach((r, i) => flat.set(r, i * FEATURES))
    fs.writeFileSync(bin, Buffer.from(flat.buffer))
    const leaves = model.trees.reduce((s, t) => s + t.left.filter((l) => l < 0).length, 0)
    notes.push(
      `model: ${TREES} trees of depth ${DEPTH} (${leaves.toLocaleString('en-US')} leaves), ${FEATURES} features, written as XGBoost 1.7 JSON (${(fs.statSync(modelFile).size / MB).toFixed(1)} MB); data: ${ROWS.toLocaleString('en-US')} rows, 2 % missing, CSV ${(fs.statSync(csv).size / MB).toFixed(1)} MB`
    )

    // ---- A: the service layer, a worker thread, the health poller running
    const t = await startTargets(600)
    targets = t.child
    const file = path.join(dir, 'workspace.db')
    await seedChecks(file, t.ports, CHECKS)
    app = createApp({ workspacePath: file, mode: 'serve', logger: silentLogger })
    await sleep(8_000) // every check has run once
    const lagFrom = app.health.schedulerStats().lagMs.length
    const runsFrom = app.health.schedulerStats().runs
    const eld = monitorEventLoopDelay({ resolution: 10 })
    eld.enable()
    let peak = process.memoryUsage().rss
    const base = peak
    const rpc: number[] = []
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, process.memoryUsage().rss)
        const t0 = performance.now()
        await app!.handlers['explain:list'](undefined, { transport: 'direct' })
        rpc.push(performance.now() - t0)
        await sleep(25)
      }
    })()
    const ta = performance.now()
    const r = await app.explain.explain({
      modelPath: modelFile,
      dataPath: csv,
      rows: ROWS,
      algorithm: 'tree-path',
      interactions: false,
      backgroundRows: 100,
      maxEvals: 500,
      seed: 42,
      exclude: []
    })
    const aS = (performance.now() - ta) / 1000
    sampling = false
    await sampler
    eld.disable()
    const detail = app.explain.get(r.explanationId)
    const stats = app.health.schedulerStats()
    const lags = sortNum(stats.lagMs.slice(lagFrom))
    const rpcs = sortNum(rpc)
    figures.push(
      { metric: 'A: rows/s through the service (worker reads the CSV, computes, stores chunks)', value: ROWS / aS, unit: 'rows/s' },
      { metric: 'A: wall time for the explanation job', value: aS, unit: 's' },
      { metric: 'A: peak RSS (process incl. the worker thread)', value: peak / MB, unit: 'MB' },
      { metric: 'A: peak RSS above the idle console', value: (peak - base) / MB, unit: 'MB' },
      {
        metric: `A: health poller scheduling lag p99 (${CHECKS} checks / 5 s)`,
        value: percentile(lags, 99),
        unit: 'ms',
        goal: 'low: the UI and poller are never blocked'
      },
      { metric: 'A: health poller scheduling lag max', value: lags.at(-1) ?? NaN, unit: 'ms' },
      { metric: 'A: event-loop delay p99', value: eld.percentile(99) / 1e6, unit: 'ms' },
      { metric: 'A: in-process RPC (explain:list) p99 during the job', value: percentile(rpcs, 99), unit: 'ms' },
      { metric: 'A: local accuracy max |E[f] + Σφ − f(x)|', value: (detail.localAccuracy ?? NaN) / 1e-12, unit: '× 1e-12', goal: '< 1e-6' }
    )
    notes.push(
      `A: ${stats.runs - runsFrom} health check runs during the job; worker bundled with esbuild from src/main/workers/explain.worker.ts`
    )
    await app.close()
    app = undefined
    await stopTargets(t.child)
    targets = undefined

    // ---- B: the algorithm alone, this thread
    const tb0 = performance.now()
    const shap = new FastPathShap(model)
    const prepS = (performance.now() - tb0) / 1000
    const x = new Float64Array(FEATURES)
    const phi = new Float64Array(ROWS * FEATURES)
    const tb = performance.now()
    for (let i = 0; i < ROWS; i++) {
      prepareRow(model, rows[i]!, x)
      shap.explain(x, phi.subarray(i * FEATURES, (i + 1) * FEATURES))
    }
    const bS = (performance.now() - tb) / 1000
    figures.push(
      { metric: 'B: TreeSHAP rows/s, this thread (rows in memory)', value: ROWS / bS, unit: 'rows/s' },
      { metric: 'B: per-leaf tables built once', value: prepS * 1000, unit: 'ms' },
      { metric: 'B: table memory', value: (shap.tableEntries * 8) / MB, unit: 'MB' }
    )
    const ours = path.join(dir, 'phi.f64')
    fs.writeFileSync(ours, Buffer.from(phi.buffer, 0, Math.min(ROWS, 1000) * FEATURES * 8))

    // ---- C: XGBoost's pred_contribs
    const py = fs.existsSync('/usr/bin/python3')
      ? spawnSync('/usr/bin/python3', ['-c', XGB, modelFile, bin, ours, String(ROWS), String(FEATURES)], {
          encoding: 'utf8',
          maxBuffer: 16 * MB
        })
      : null
    if (py && py.status === 0) {
      const x = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as {
        version: string
        s1: number
        maxDiff: number
        threads: number
      } & Record<string, number>
      const sAll = x[`s${x.threads}`]!
      figures.push(
        { metric: `C: XGBoost ${x.version} pred_contribs rows/s, 1 thread`, value: ROWS / x.s1, unit: 'rows/s' },
        { metric: `C: XGBoost pred_contribs rows/s, ${x.threads} threads`, value: ROWS / sAll, unit: 'rows/s' },
        { metric: 'C: ours (B) / XGBoost, 1 thread each', value: x.s1 / bS, unit: '×', goal: '≥ 0.5 (within 2× of its C++)' },
        { metric: `C: ours (A, whole job) / XGBoost on ${x.threads} threads`, value: sAll / aS, unit: '×' },
        { metric: 'C: max |φ ours − pred_contribs| (first 1,000 rows; XGBoost sums in float32)', value: x.maxDiff / 1e-6, unit: '× 1e-6' }
      )
    } else
      notes.push(
        `C: skipped: ${py ? `python3-xgboost failed (${py.signal ?? `exit ${String(py.status)}`}): ${py.stderr.trim().split('\n').at(-1) ?? ''}` : 'no /usr/bin/python3'} (apt-get install python3-xgboost)`
      )
    notes.push(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0]!.toFixed(1)} at the end`)
    return { name: 'explain', figures, notes }
  } finally {
    if (app) await app.close()
    if (targets) await stopTargets(targets)
    if (previousWorker === undefined) delete process.env.CONSOLE_EXPLAIN_WORKER
    else process.env.CONSOLE_EXPLAIN_WORKER = previousWorker
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
