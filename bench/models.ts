import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { percentile, sample, type BenchResult } from './harness'

/**
 * `npm run bench models`
 *  A. import of a generated MLflow file store: RUNS runs × METRICS metrics × STEPS steps (default 1,000 × 20 × 1,000 = 20 M metric
 *     lines), written under os.tmpdir(); time, rows per second, peak RSS.
 *  B. the Compare query for 10 versions with their full metric histories (20 keys × 1,000 steps each).
 * BENCH_MODELS_RUNS / _METRICS / _STEPS scale it down for a quick look.
 */
const RUNS = Number(process.env.BENCH_MODELS_RUNS ?? 1000)
const METRICS = Number(process.env.BENCH_MODELS_METRICS ?? 20)
const STEPS = Number(process.env.BENCH_MODELS_STEPS ?? 1000)
const MB = 1024 * 1024

function generate(root: string): number {
  const exp = path.join(root, 'mlruns', '1')
  fs.mkdirSync(exp, { recursive: true })
  fs.writeFileSync(
    path.join(exp, 'meta.yaml'),
    "artifact_location: file:///tmp/mlruns/1\ncreation_time: 1700000000000\nexperiment_id: '1'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: bench\n"
  )
  let bytes = 0
  for (let r = 0; r < RUNS; r++) {
    const id = `run${String(r).padStart(8, '0')}bench00000000000000`.slice(0, 32)
    const dir = path.join(exp, id)
    fs.mkdirSync(path.join(dir, 'metrics'), { recursive: true })
    fs.mkdirSync(path.join(dir, 'params'), { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'meta.yaml'),
      `run_uuid: ${id}\nrun_id: ${id}\nrun_name: bench-${r}\nexperiment_id: '1'\nstatus: 3\nstart_time: ${1700000000000 + r * 1000}\nend_time: ${1700000000000 + r * 1000 + 500}\nlifecycle_stage: active\n`
    )
    fs.writeFileSync(path.join(dir, 'params', 'lr'), String(0.001 * (1 + (r % 10))))
    fs.writeFileSync(path.join(dir, 'params', 'depth'), String(3 + (r % 7)))
    for (let m = 0; m < METRICS; m++) {
      const lines: string[] = new Array(STEPS)
      const base = 1700000000000 + r * 1000
      for (let s = 0; s < STEPS; s++)
        lines[s] = `${base + s} ${(m % 2 ? 1 - Math.exp(-s / 200) : Math.exp(-s / 300)) + ((r * 7 + s * 13) % 100) / 1e4} ${s}`
      const text = lines.join('\n') + '\n'
      bytes += text.length
      fs.writeFileSync(path.join(dir, 'metrics', m % 2 ? `val_accuracy_${m}` : `train_loss_${m}`), text)
    }
  }
  return bytes
}

export async function modelsBench(): Promise<BenchResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-models-'))
  const notes: string[] = []
  try {
    let t = performance.now()
    const bytes = generate(root)
    const genS = (performance.now() - t) / 1000
    notes.push(
      `generated ${RUNS} runs × ${METRICS} metrics × ${STEPS} steps (${(bytes / MB).toFixed(0)} MB of metric files) in ${genS.toFixed(1)} s under ${root}`
    )
    const ws = path.join(root, 'workspace.db')
    const app = createApp({ workspacePath: ws, mode: 'test', logger: silentLogger })
    global.gc?.()
    const rssBefore = process.memoryUsage().rss
    let peak = rssBefore
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    t = performance.now()
    const report = await app.models.importMlruns(path.join(root, 'mlruns'))
    const importS = (performance.now() - t) / 1000
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().rss)
    const rows = report.metricPoints
    t = performance.now()
    const again = await app.models.importMlruns(path.join(root, 'mlruns'))
    const reimportS = (performance.now() - t) / 1000
    notes.push(`re-import: ${again.runs.unchanged} unchanged runs in ${reimportS.toFixed(2)} s`)
    app.db.pragma('wal_checkpoint(TRUNCATE)')
    const dbMB = fs.statSync(ws).size / MB

    // B: 10 versions of one model, each pointing at a run
    const model = app.models.create({ name: 'bench-model', description: '', owner: '', tags: {} })
    const runIds = app.db.prepare('SELECT id FROM model_runs ORDER BY id LIMIT 10').pluck().all() as number[]
    const versions = runIds.map((runId) => app.models.createVersion({ modelId: model.id, runId, description: '', notes: '', tags: {} }).id)
    const items = versions.map((id) => ({ kind: 'version' as const, id }))
    const full = await sample(30, () => app.models.compare({ items, baseline: 0, maxPoints: 5000 }), 3)
    const lttb = await sample(30, () => app.models.compare({ items, baseline: 0, maxPoints: 400 }), 3)
    const one = app.models.compare({ items, baseline: 0, maxPoints: 5000 })
    notes.push(
      `compare payload: ${one.history.length} metric keys × ${one.items.length} items, ${one.history[0]?.series[0]?.values.length} points per series at maxPoints 5000; JSON ${(JSON.stringify(one).length / MB).toFixed(1)} MB`
    )
    await app.close()
    return {
      name: 'models',
      figures: [
        { metric: 'import: metric lines', value: rows, unit: 'rows' },
        { metric: 'import: wall time', value: importS, unit: 's' },
        { metric: 'import: throughput', value: rows / importS, unit: 'rows/s' },
        { metric: 'import: peak RSS', value: peak / MB, unit: 'MB', goal: `RSS before ${(rssBefore / MB).toFixed(0)} MB` },
        { metric: 'workspace size after import', value: dbMB, unit: 'MB' },
        { metric: 'compare 10 versions, full histories p50', value: percentile(full, 50) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'compare 10 versions, full histories p95', value: percentile(full, 95) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'compare 10 versions, LTTB 400 points p50', value: percentile(lttb, 50) / 1000, unit: 'ms' }
      ],
      notes
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
}
