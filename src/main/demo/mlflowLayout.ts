import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { stringify } from 'yaml'
import { writeFile } from './files'

/** Writes the MLflow file store layout (mlruns): experiments, runs and the model registry under models/. */

export interface RunSpec {
  id: string
  name: string
  /** 3 FINISHED, 4 FAILED, 5 KILLED (MLflow's RunStatus numbers) */
  status: 3 | 4 | 5
  lifecycle: 'active' | 'deleted'
  start: number
  end: number
  user: string
  params: Record<string, string>
  tags: Record<string, string>
  /** key → points (value per step); the timestamps run from start to end */
  metrics: Record<string, { step: number; value: number }[]>
  /** files under artifacts/ (relative path → content) */
  artifacts: Record<string, string | Buffer>
}

export interface VersionSpec {
  version: number
  runId: string
  artifactPath: string
  stage: 'None' | 'Staging' | 'Production' | 'Archived'
  created: number
  updated: number
  description: string
  tags: Record<string, string>
}

export interface ModelSpec {
  name: string
  description: string
  created: number
  tags: Record<string, string>
  aliases: Record<string, number>
  versions: VersionSpec[]
}

const yaml = (doc: Record<string, unknown>): string => stringify(doc, { lineWidth: 0, singleQuote: true })

async function writeKeyed(dir: string, entries: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(entries)) await writeFile(path.join(dir, ...key.split('/')), value)
}

export async function writeExperiment(
  root: string,
  e: { id: string; name: string; created: number; tags: Record<string, string> }
): Promise<void> {
  const dir = path.join(root, e.id)
  await writeFile(
    path.join(dir, 'meta.yaml'),
    yaml({
      artifact_location: pathToFileURL(dir).href,
      creation_time: e.created,
      experiment_id: e.id,
      last_update_time: e.created,
      lifecycle_stage: 'active',
      name: e.name
    })
  )
  await writeKeyed(path.join(dir, 'tags'), e.tags)
}

const formatValue = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(8))) : String(v))

export async function writeRun(root: string, experimentId: string, r: RunSpec): Promise<string> {
  const dir = path.join(root, experimentId, r.id)
  await writeFile(
    path.join(dir, 'meta.yaml'),
    yaml({
      artifact_uri: pathToFileURL(path.join(dir, 'artifacts')).href,
      end_time: r.end,
      entry_point_name: '',
      experiment_id: experimentId,
      lifecycle_stage: r.lifecycle,
      ...(r.lifecycle === 'deleted' ? { deleted_time: r.end + 3_600_000 } : {}),
      run_id: r.id,
      run_name: r.name,
      run_uuid: r.id,
      source_name: '',
      source_type: 4,
      source_version: '',
      start_time: r.start,
      status: r.status,
      tags: [],
      user_id: r.user
    })
  )
  await writeKeyed(path.join(dir, 'params'), r.params)
  await writeKeyed(path.join(dir, 'tags'), { 'mlflow.runName': r.name, 'mlflow.user': r.user, ...r.tags })
  const span = Math.max(1, r.end - r.start - 1000)
  for (const [key, points] of Object.entries(r.metrics)) {
    const last = points.length > 1 ? points[points.length - 1]!.step || 1 : 1
    const lines = points.map((p) => `${r.start + 500 + Math.round((span * p.step) / last)} ${formatValue(p.value)} ${p.step}`)
    await writeKeyed(path.join(dir, 'metrics'), { [key]: lines.join('\n') + '\n' })
  }
  for (const [rel, content] of Object.entries(r.artifacts)) await writeFile(path.join(dir, 'artifacts', ...rel.split('/')), content)
  return dir
}

export async function writeModel(root: string, m: ModelSpec, runDir: (runId: string) => string): Promise<void> {
  const dir = path.join(root, 'models', m.name)
  const updated = Math.max(m.created, ...m.versions.map((v) => v.updated))
  await writeFile(
    path.join(dir, 'meta.yaml'),
    yaml({ creation_timestamp: m.created, description: m.description, last_updated_timestamp: updated, name: m.name })
  )
  writeKeyed(path.join(dir, 'tags'), m.tags)
  writeKeyed(path.join(dir, 'aliases'), Object.fromEntries(Object.entries(m.aliases).map(([alias, version]) => [alias, String(version)])))
  for (const v of m.versions) {
    const vdir = path.join(dir, `version-${v.version}`)
    await writeFile(
      path.join(vdir, 'meta.yaml'),
      yaml({
        creation_timestamp: v.created,
        current_stage: v.stage,
        description: v.description,
        last_updated_timestamp: v.updated,
        name: m.name,
        run_id: v.runId,
        run_link: null,
        source: `runs:/${v.runId}/${v.artifactPath}`,
        status: 'READY',
        status_message: null,
        storage_location: pathToFileURL(path.join(runDir(v.runId), 'artifacts', v.artifactPath)).href,
        user_id: null,
        version: v.version
      })
    )
    await writeKeyed(path.join(vdir, 'tags'), v.tags)
  }
}
