import { spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { ks2samp, SortedSample, wassersteinDistance } from '../src/main/services/drift/stats'
import { csvScanOnWorker } from './csvScan'
import { duckdbLoad } from './duckdb'
import { percentile, type BenchResult, type Figure } from './harness'
import { startTargets } from './targetsProcess'
import { bundleWorker, seedChecks, sleep, sortNum } from './pollerLag'

/**
 * `npm run bench drift`
 *  1,000,000 rows × 20 numeric columns, reference against current (10 columns shifted, 10 not):
 *  A. through the service layer, with the health poller running ~100 loopback HTTP checks every 5 s:
 *     import both CSVs (parsing in a worker thread), then run the drift check (statistics in a worker).
 *     Scheduling lag of the health poller, event-loop delay and in-process RPC latency are measured meanwhile.
 *     Then the reference CSV alone: read by the shared reader on a worker thread (MB/s), and loaded by DuckDB's
 *     read_csv into a database file, against our import of the same file.
 *  B. the statistics alone, on this thread: per column ks_2samp + wasserstein_distance (one sort per sample,
 *     shared), against scipy.stats on the same numbers (float64 written to a temp file, python3 spawned).
 *
 * BENCH_DRIFT_ROWS (default 1,000,000), BENCH_DRIFT_COLS (20), BENCH_DRIFT_CHECKS (100).
 */

const ROWS = Number(process.env.BENCH_DRIFT_ROWS ?? 1_000_000)
const COLS = Number(process.env.BENCH_DRIFT_COLS ?? 20)
const CHECKS = Number(process.env.BENCH_DRIFT_CHECKS ?? 100)
const MB = 1024 * 1024

/** xorshift128+ → uniform doubles; Box–Muller for normals. Deterministic. */
function rng(seed: number): () => number {
  let s0 = seed >>> 0 || 1
  let s1 = (seed * 2654435761) >>> 0 || 2
  return () => {
    let x = s0
    const y = s1
    s0 = y
    x ^= x << 23
    x ^= x >>> 17
    x ^= y ^ (y >>> 26)
    s1 = x >>> 0
    return ((s0 + s1) >>> 0) / 4294967296
  }
}

/** Writes `name.csv` (rows) and `name.f64` (column-major float64, for numpy) with the same rounded values. */
export function writeData(
  dir: string,
  name: string,
  shifted: boolean,
  seed: number,
  rows = ROWS,
  cols = COLS
): { csv: string; bin: string } {
  const csv = path.join(dir, `${name}.csv`)
  const bin = path.join(dir, `${name}.f64`)
  const fcsv = fs.openSync(csv, 'w')
  const fbin = fs.openSync(bin, 'w')
  const rand = rng(seed)
  const CHUNK = 1 << 16
  const columns = Array.from({ length: cols }, () => new Float64Array(CHUNK))
  fs.writeSync(fcsv, Array.from({ length: cols }, (_, j) => `f${j}`).join(',') + '\n')
  let lines: string[] = []
  const flush = (rowStart: number, n: number): void => {
    for (let j = 0; j < cols; j++) fs.writeSync(fbin, columns[j]!, 0, n * 8, (j * rows + rowStart) * 8)
    fs.writeSync(fcsv, lines.join(''))
    lines = []
  }
  let rowStart = 0
  for (let i = 0; i < rows; i++) {
    const k = i - rowStart
    const row: string[] = new Array<string>(cols)
    for (let j = 0; j < cols; j++) {
      const u = rand() || 1e-12
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
      // columns 0..9 drift a little more each in the current data; 10..19 do not
      const shift = shifted && j < cols / 2 ? 0.02 * (j + 1) : 0
      const v = Math.round((j % 3 === 2 ? Math.exp(z * 0.5 + shift) : z + shift) * 1e4) / 1e4
      columns[j]![k] = v
      row[j] = String(v)
    }
    lines.push(row.join(',') + '\n')
    if (k + 1 === CHUNK || i === rows - 1) {
      flush(rowStart, k + 1)
      rowStart = i + 1
    }
  }
  fs.closeSync(fcsv)
  fs.closeSync(fbin)
  return { csv, bin }
}

const SCIPY = `
import json, sys, time
import numpy as np
from scipy import stats
rows, cols = int(sys.argv[3]), int(sys.argv[4])
ref = np.fromfile(sys.argv[1], dtype=np.float64).reshape(cols, rows)
cur = np.fromfile(sys.argv[2], dtype=np.float64).reshape(cols, rows)
out = []
t_all = time.perf_counter()
for j in range(cols):
    a, b = ref[j], cur[j]
    t0 = time.perf_counter()
    k = stats.ks_2samp(a, b)
    t1 = time.perf_counter()
    w = stats.wasserstein_distance(a, b)
    t2 = time.perf_counter()
    out.append({'ks': float(k.statistic), 'p': float(k.pvalue), 'w': float(w), 'ksMs': (t1 - t0) * 1000, 'wMs': (t2 - t1) * 1000})
total = (time.perf_counter() - t_all) * 1000
import scipy
print(json.dumps({'columns': out, 'totalMs': total, 'scipy': scipy.__version__, 'numpy': np.__version__}))
`

export async function driftBench(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-drift-'))
  const previousWorker = process.env.CONSOLE_DRIFT_WORKER
  process.env.CONSOLE_DRIFT_WORKER = await bundleWorker('drift')
  const figures: Figure[] = []
  const notes: string[] = []
  let app: App | undefined
  let targets: ChildProcess | undefined
  try {
    const tg0 = performance.now()
    const ref = writeData(dir, 'reference', false, 1)
    const cur = writeData(dir, 'current', true, 2)
    const genS = (performance.now() - tg0) / 1000
    const csvMB = (fs.statSync(ref.csv).size + fs.statSync(cur.csv).size) / MB
    notes.push(
      `data: ${ROWS.toLocaleString('en-US')} rows × ${COLS} numeric columns per side, 2 CSV files of ${(csvMB / 2).toFixed(0)} MB each (generated in ${genS.toFixed(1)} s); columns f0–f9 shifted in the current data`
    )

    // ---- A: through the service layer with the health poller running
    const t = await startTargets(900)
    targets = t.child
    const file = path.join(dir, 'workspace.db')
    await seedChecks(file, t.ports, CHECKS)
    app = createApp({ workspacePath: file, mode: 'serve', logger: silentLogger })
    await sleep(11_000) // every check has run once (first runs spread over 5 s)
    // control window: the same poller with no drift work, to tell the machine's own noise from ours
    const ctlFrom = app.health.schedulerStats().lagMs.length
    const ctlEld = monitorEventLoopDelay({ resolution: 10 })
    ctlEld.enable()
    await sleep(20_000)
    ctlEld.disable()
    const ctlLags = sortNum(app.health.schedulerStats().lagMs.slice(ctlFrom))
    const lagStart = app.health.schedulerStats().runs
    const eld = monitorEventLoopDelay({ resolution: 10 })
    eld.enable()
    let peakRss = process.memoryUsage().rss
    const baseRss = peakRss
    const rpc: number[] = []
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss)
        const t0 = performance.now()
        await app!.handlers['drift:checks'](undefined, { transport: 'direct' })
        rpc.push(performance.now() - t0)
        await sleep(50)
      }
    })()
    const lagBefore = app.health.schedulerStats().lagMs.length
    const ti = performance.now()
    const cpuRef = process.cpuUsage()
    const r = await app.drift.importDataset({ name: 'reference', path: ref.csv, role: 'reference', model: 'bench', version: '1' })
    const importRefS = (performance.now() - ti) / 1000
    const refCpu = process.cpuUsage(cpuRef)
    const importRefCpuS = (refCpu.user + refCpu.system) / 1e6
    const tc = performance.now()
    const c = await app.drift.importDataset({ name: 'current', path: cur.csv, role: 'current', model: 'bench', version: '1' })
    const importCurS = (performance.now() - tc) / 1000
    const check = app.drift.saveCheck({ name: 'bench', referenceId: r.id, currentId: c.id })
    const tr = performance.now()
    const { runId } = app.drift.runNow(check.id)
    await app.drift.waitForRun(runId)
    const runS = (performance.now() - tr) / 1000
    sampling = false
    await sampler
    eld.disable()
    const run = app.drift.run(runId)
    const stats = app.health.schedulerStats()
    const lags = sortNum(stats.lagMs.slice(lagBefore))
    const healthRuns = stats.runs - lagStart
    await app.close()
    app = undefined
    const rpcs = sortNum(rpc)
    figures.push(
      { metric: 'A: import reference CSV (worker parses and stores the columns)', value: importRefS, unit: 's' },
      { metric: 'A: import current CSV', value: importCurS, unit: 's' },
      { metric: 'A: parse throughput', value: csvMB / (importRefS + importCurS), unit: 'MB/s' },
      { metric: 'A: drift check run (worker reads stored columns, statistics, results stored)', value: runS, unit: 's' },
      { metric: 'A: peak RSS (process incl. worker threads)', value: peakRss / MB, unit: 'MB' },
      { metric: 'A: peak RSS above the idle console', value: (peakRss - baseRss) / MB, unit: 'MB' },
      {
        metric: `A: health poller scheduling lag p99 (${CHECKS} checks / 5 s) during import + run`,
        value: percentile(lags, 99),
        unit: 'ms',
        goal: '< 200 ms'
      },
      { metric: 'A: same, control window without drift work (20 s)', value: percentile(ctlLags, 99), unit: 'ms' },
      { metric: 'A: event-loop delay p99, control window', value: ctlEld.percentile(99) / 1e6, unit: 'ms' },
      { metric: 'A: health poller scheduling lag max', value: lags.at(-1) ?? NaN, unit: 'ms' },
      { metric: 'A: event-loop delay p99', value: eld.percentile(99) / 1e6, unit: 'ms' },
      { metric: 'A: event-loop delay max', value: eld.max / 1e6, unit: 'ms' },
      { metric: 'A: in-process RPC (drift:checks) p99 during the run', value: percentile(rpcs, 99), unit: 'ms' },
      { metric: 'A: in-process RPC max', value: rpcs.at(-1) ?? NaN, unit: 'ms' }
    )
    if (targets && targets.exitCode === null) {
      targets.stdin!.end()
      targets.kill('SIGTERM')
    }
    const scan = await csvScanOnWorker(
      ref.csv,
      Array.from({ length: COLS }, (_, j) => `f${j}`)
    )
    const duck = await duckdbLoad(ref.csv, dir)
    figures.push(
      {
        metric: `A: CSV parsing alone on a worker thread (shared reader, ${COLS} numeric columns)`,
        value: scan.mbPerS,
        unit: `MB/s (${scan.mbPerCpuS.toFixed(0)} MB per CPU-second)`,
        goal: '≥ 100 MB/s'
      },
      {
        metric: `A: DuckDB ${duck.version} read_csv of the reference CSV into a table (${duck.threads} threads)`,
        value: duck.seconds,
        unit: 's'
      },
      { metric: 'A: import of the reference CSV / DuckDB time', value: importRefS / duck.seconds, unit: '×' },
      {
        metric: 'A: CPU time (all threads) of the reference import / of the DuckDB load',
        value: importRefCpuS,
        unit: `s / ${duck.cpuSeconds.toFixed(1)} s (${(importRefCpuS / duck.cpuSeconds).toFixed(2)} ×; ours includes the health poller's share)`
      }
    )
    notes.push(
      `A: worker bundled with esbuild from src/main/workers/drift.worker.ts (as electron-vite builds out/main/drift-worker.js); load average at the end ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
      `A: run #${runId} ${run.state}: ${run.drifted} of ${run.tested} columns drifted (default test for > 1000 rows: Wasserstein normed ≥ 0.1; PSI, histograms and ECDFs computed too); ` +
        `${healthRuns} health check runs during the measured window; lag percentiles over ${lags.length} runs`
    )

    // ---- B: statistics alone vs scipy (same numbers)
    const readCol = (f: string, j: number): Float64Array => {
      const fd = fs.openSync(f, 'r')
      const buf = Buffer.alloc(ROWS * 8)
      fs.readSync(fd, buf, 0, buf.length, j * ROWS * 8)
      fs.closeSync(fd)
      return new Float64Array(buf.buffer, buf.byteOffset, ROWS)
    }
    let oursMs = 0
    let sortMs = 0
    const ours: { ks: number; p: number; w: number }[] = []
    for (let j = 0; j < COLS; j++) {
      const a = readCol(ref.bin, j)
      const b = readCol(cur.bin, j)
      const t0 = performance.now()
      const sa = SortedSample.from(a)
      const sb = SortedSample.from(b)
      const t1 = performance.now()
      const k = ks2samp(sa, sb)
      const w = wassersteinDistance(sa, sb)
      oursMs += performance.now() - t0
      sortMs += t1 - t0
      ours.push({ ks: k.statistic, p: k.pvalue, w: w.distance })
    }
    const py = spawnSync('python3', ['-c', SCIPY, ref.bin, cur.bin, String(ROWS), String(COLS)], { encoding: 'utf8', maxBuffer: 16 * MB })
    if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`)
    const sp = JSON.parse(py.stdout) as {
      columns: { ks: number; p: number; w: number; ksMs: number; wMs: number }[]
      totalMs: number
      scipy: string
      numpy: string
    }
    let maxRelKs = 0
    let maxRelW = 0
    let maxRelP = 0
    sp.columns.forEach((s, j) => {
      const o = ours[j]!
      maxRelKs = Math.max(maxRelKs, Math.abs(o.ks - s.ks) / Math.max(Math.abs(s.ks), 1e-300))
      maxRelW = Math.max(maxRelW, Math.abs(o.w - s.w) / Math.max(Math.abs(s.w), 1e-300))
      if (Math.abs(o.p - s.p) > 1e-14) maxRelP = Math.max(maxRelP, Math.abs(o.p - s.p) / s.p)
    })
    const spKs = sp.columns.reduce((s, c) => s + c.ksMs, 0)
    const spW = sp.columns.reduce((s, c) => s + c.wMs, 0)
    figures.push(
      { metric: `B: ours, ks2samp + wassersteinDistance, ${COLS} columns`, value: oursMs / 1000, unit: 's' },
      { metric: 'B: ours, of which sorting (shared by both tests)', value: sortMs / 1000, unit: 's' },
      { metric: `B: scipy ${sp.scipy}, ks_2samp + wasserstein_distance, ${COLS} columns`, value: sp.totalMs / 1000, unit: 's' },
      { metric: 'B: scipy ks_2samp / wasserstein_distance', value: spKs / 1000, unit: `s / ${(spW / 1000).toFixed(2)} s` },
      { metric: 'B: speed ratio scipy time / our time', value: sp.totalMs / oursMs, unit: '×', goal: '≥ 1 (no slower than scipy)' },
      { metric: 'B: max relative difference KS statistic / Wasserstein', value: Math.max(maxRelKs, maxRelW), unit: '' },
      { metric: 'B: max relative difference KS p-value (beyond 1e-14 absolute)', value: maxRelP, unit: '' }
    )
    notes.push(
      `B: same float64 data on both sides (python3 reads the .f64 files with numpy ${sp.numpy}); scipy time excludes loading; ours excludes reading the files, includes copying + sorting each sample once (SortedSample) and both tests`,
      `B: a drift check computes one default test per column (Wasserstein here), plus PSI and the histogram/ECDF detail; part A's run time covers that plus reading the stored columns in the worker (one column at a time) and storing the results`
    )
    return { name: 'drift', figures, notes }
  } finally {
    if (previousWorker === undefined) delete process.env.CONSOLE_DRIFT_WORKER
    else process.env.CONSOLE_DRIFT_WORKER = previousWorker
    if (app) await app.close()
    if (targets && targets.exitCode === null) {
      targets.stdin!.end()
      targets.kill('SIGTERM')
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
