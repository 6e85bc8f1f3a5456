/**
 * What a finished run produced: an MLflow run folder (file store under the run's output folder) or a `metrics.json`
 * with an artifact beside it. Reads only the run's own output folder; a job that wrote neither gets a clear message.
 */
import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../../../shared/errors'

export interface RunOutput {
  kind: 'mlflow' | 'metrics'
  /** mlflow: the file store root to import and the run in it. */
  mlrunsRoot: string | null
  runUuid: string | null
  artifactPath: string | null
  metrics: Record<string, number>
}

const noRun = (msg: string): AppError => new AppError('VALIDATION', msg, 'output')

/** The newest run folder (one with meta.yaml) under `<root>/<experiment>/<run>`. */
function newestRun(root: string): { dir: string; uuid: string } | null {
  let best: { dir: string; uuid: string; mtime: number } | null = null
  for (const exp of safeList(root)) {
    const expDir = path.join(root, exp)
    if (!isDir(expDir) || exp === '.trash' || exp === 'models') continue
    for (const run of safeList(expDir)) {
      const dir = path.join(expDir, run)
      const meta = path.join(dir, 'meta.yaml')
      if (!fs.existsSync(meta)) continue
      const mtime = fs.statSync(meta).mtimeMs
      if (!best || mtime > best.mtime) best = { dir, uuid: run, mtime }
    }
  }
  return best
}

/** The last value of each metric of an MLflow run folder (lines "timestamp value step"). */
export function mlflowMetrics(runDir: string): Record<string, number> {
  const out: Record<string, number> = {}
  const mdir = path.join(runDir, 'metrics')
  const walk = (dir: string, prefix: string): void => {
    for (const name of safeList(dir)) {
      const p = path.join(dir, name)
      if (isDir(p)) walk(p, `${prefix}${name}/`)
      else {
        const lines = fs.readFileSync(p, 'utf8').trim().split('\n')
        const v = Number(lines[lines.length - 1]?.split(/\s+/)[1])
        if (Number.isFinite(v)) out[prefix + name] = v
      }
    }
  }
  walk(mdir, '')
  return out
}

export function readOutput(kind: 'mlflow' | 'metrics', outputDir: string, artifactRel: string): RunOutput {
  if (kind === 'mlflow') {
    const run = newestRun(outputDir)
    if (!run)
      throw noRun(
        `the job exited 0 but wrote no MLflow run under ${outputDir} (expected <experiment>/<run>/meta.yaml; use {output_dir} as the tracking folder)`
      )
    const arts = path.join(run.dir, 'artifacts')
    const named = path.join(arts, artifactRel)
    const artifactPath = artifactRel && fs.existsSync(named) ? named : fs.existsSync(arts) ? arts : null
    return { kind, mlrunsRoot: outputDir, runUuid: run.uuid, artifactPath, metrics: mlflowMetrics(run.dir) }
  }
  const file = path.join(outputDir, 'metrics.json')
  if (!fs.existsSync(file)) throw noRun(`the job exited 0 but wrote no metrics.json in ${outputDir}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw noRun(`metrics.json is not JSON: ${(err as Error).message}`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw noRun('metrics.json must be an object of metric → number')
  const metrics: Record<string, number> = {}
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v
  const artifactPath = path.join(outputDir, artifactRel)
  if (!fs.existsSync(artifactPath)) throw noRun(`the job wrote metrics.json but no artifact at ${artifactPath}`)
  return { kind, mlrunsRoot: null, runUuid: null, artifactPath, metrics }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir)
  } catch {
    return []
  }
}
const isDir = (p: string): boolean => {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}
