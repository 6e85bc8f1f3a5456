import fs from 'node:fs'
import path from 'node:path'

export interface GeneratedStore {
  /** The folder to import (it holds `mlruns/`). */
  root: string
  runs: number
  metrics: number
  steps: number
  /** Bytes of metric files written. */
  bytes: number
}

const runId = (r: number): string => `run${String(r).padStart(8, '0')}gen000000000000000000`.slice(0, 32)

/**
 * An MLflow file store under `root/mlruns`: experiment 1 with `runs` runs, each with two params and `metrics` metric
 * files of `steps` lines (`timestamp value step`). `offset` shifts every value (a re-import sees every run changed).
 */
export function generateMlruns(root: string, runs: number, metrics: number, steps: number, offset = 0): GeneratedStore {
  const exp = path.join(root, 'mlruns', '1')
  fs.mkdirSync(exp, { recursive: true })
  fs.writeFileSync(
    path.join(exp, 'meta.yaml'),
    "artifact_location: file:///tmp/mlruns/1\ncreation_time: 1700000000000\nexperiment_id: '1'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: generated\n"
  )
  let bytes = 0
  for (let r = 0; r < runs; r++) {
    const id = runId(r)
    const dir = path.join(exp, id)
    fs.mkdirSync(path.join(dir, 'metrics'), { recursive: true })
    fs.mkdirSync(path.join(dir, 'params'), { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'meta.yaml'),
      `run_uuid: ${id}\nrun_id: ${id}\nrun_name: gen-${r}\nexperiment_id: '1'\nstatus: 3\nstart_time: ${1700000000000 + r * 1000}\nend_time: ${1700000000000 + r * 1000 + 500}\nlifecycle_stage: active\n`
    )
    fs.writeFileSync(path.join(dir, 'params', 'lr'), String(0.001 * (1 + (r % 10))))
    fs.writeFileSync(path.join(dir, 'params', 'depth'), String(3 + (r % 7)))
    for (let m = 0; m < metrics; m++) {
      const lines: string[] = new Array<string>(steps)
      const base = 1700000000000 + r * 1000
      for (let s = 0; s < steps; s++)
        lines[s] = `${base + s} ${(m % 2 ? 1 - Math.exp(-s / 200) : Math.exp(-s / 300)) + ((r * 7 + s * 13) % 100) / 1e4 + offset} ${s}`
      const text = lines.join('\n') + '\n'
      bytes += text.length
      fs.writeFileSync(path.join(dir, 'metrics', m % 2 ? `val_accuracy_${m}` : `train_loss_${m}`), text)
    }
  }
  return { root, runs, metrics, steps, bytes }
}
