/** Job definitions: stored spec, sealed secret environment, MLproject import. */
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import { JobDefinitionInput, type JobDefinition, type JobParam } from '../../../shared/contract/mlops'
import { AppError, conflict, notFound } from '../../../shared/errors'
import type { SecretBox } from '../../core/secrets'
import type { JobRow, MlopsRepo } from './repo'
import { checkTemplate } from './template'

export type ParsedJob = z.output<typeof JobDefinitionInput>
/** The stored spec: the definition without its secrets. */
export type JobSpecStored = Omit<ParsedJob, 'id' | 'name' | 'secretEnv' | 'dropSecrets'>

export const specOf = (row: JobRow): JobSpecStored => JSON.parse(row.spec) as JobSpecStored

export function secretsOf(row: JobRow, box: SecretBox): Record<string, string> {
  return row.secrets ? (JSON.parse(box.decrypt(row.secrets)) as Record<string, string>) : {}
}

export function toDefinition(row: JobRow, box: SecretBox, lastRun: JobDefinition['lastRun']): JobDefinition {
  const s = specOf(row)
  return {
    id: row.id,
    name: row.name,
    command: s.command,
    useShell: s.useShell,
    params: s.params,
    workingDir: s.workingDir,
    env: s.env,
    secretNames: Object.keys(secretsOf(row, box)).sort(),
    timeoutSec: s.timeoutSec,
    retries: s.retries,
    backoffSec: s.backoffSec,
    concurrency: s.concurrency,
    output: s.output,
    artifactPath: s.artifactPath,
    pipeline: s.pipeline ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastRun
  }
}

/** Checks and stores a definition in one transaction; answers its id. */
export function saveDefinition(repo: MlopsRepo, box: SecretBox, input: ParsedJob, now: number): number {
  checkTemplate(input.command, input.params)
  let st: fs.Stats
  try {
    st = fs.statSync(input.workingDir)
    fs.accessSync(input.workingDir, fs.constants.R_OK | fs.constants.X_OK)
  } catch {
    throw new AppError('VALIDATION', `workingDir: ${input.workingDir} cannot be read (missing or no permission)`, 'workingDir')
  }
  if (!st.isDirectory()) throw new AppError('VALIDATION', `workingDir: ${input.workingDir} is not a folder`, 'workingDir')
  if (path.isAbsolute(input.artifactPath) || input.artifactPath.split(/[\\/]/).includes('..'))
    throw new AppError('VALIDATION', 'artifactPath: must be a path inside the output folder', 'artifactPath')
  const clash = repo.jobByName(input.name)
  if (clash && clash.id !== input.id) throw conflict(`a job named “${input.name}” already exists`, 'name')
  return repo.db.transaction(() => {
    const old = input.id ? repo.job(input.id) : undefined
    if (input.id && !old) throw notFound(`job ${input.id}`)
    const secrets = { ...(old ? secretsOf(old, box) : {}), ...input.secretEnv }
    for (const n of input.dropSecrets) delete secrets[n]
    const sealed = Object.keys(secrets).length ? box.encrypt(JSON.stringify(secrets)) : null
    const { id: _id, name, secretEnv: _s, dropSecrets: _d, ...spec } = input
    if (old) {
      repo.updateJob(old.id, name, JSON.stringify(spec), sealed, now)
      return old.id
    }
    return repo.insertJob(name, JSON.stringify(spec), sealed, now)
  })()
}

const MLPROJECT_TYPES: Record<string, JobParam['type']> = {
  float: 'number',
  int: 'number',
  number: 'number',
  path: 'path',
  string: 'string',
  uri: 'string'
}

/** A job definition from an MLproject file: its entry point's command and typed parameters (`{param}` placeholders). */
export function fromMlproject(file: string, entryPoint: string | undefined, name: string | undefined): ParsedJob {
  let doc: unknown
  try {
    doc = parseYaml(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new AppError('VALIDATION', `path: ${file} cannot be read as an MLproject (${(err as Error).message})`, 'path')
  }
  const d = (doc ?? {}) as { name?: unknown; entry_points?: Record<string, { command?: unknown; parameters?: Record<string, unknown> }> }
  const eps = d.entry_points ?? {}
  const epName = entryPoint ?? (eps.main ? 'main' : Object.keys(eps)[0])
  const ep = epName ? eps[epName] : undefined
  if (!ep || typeof ep.command !== 'string')
    throw new AppError('VALIDATION', `path: the MLproject has no entry point${entryPoint ? ` “${entryPoint}”` : ''} with a command`, 'path')
  const params: JobParam[] = Object.entries(ep.parameters ?? {}).map(([pname, spec]) => {
    const s = typeof spec === 'string' ? { type: spec } : ((spec ?? {}) as { type?: string; default?: unknown })
    return {
      name: pname,
      type: MLPROJECT_TYPES[String(s.type ?? 'string')] ?? 'string',
      ...('default' in s && s.default !== undefined && s.default !== null ? { default: String(s.default) } : {}),
      choices: [],
      isData: /data|train|path/i.test(pname) && s.type === 'path'
    }
  })
  return JobDefinitionInput.parse({
    name: name ?? (typeof d.name === 'string' ? `${d.name}${epName !== 'main' ? ` (${epName})` : ''}` : path.basename(path.dirname(file))),
    command: ep.command.replace(/\s+/g, ' ').trim(),
    params,
    workingDir: path.dirname(file),
    output: 'mlflow'
  })
}
