/** One scan: every probe at once, each with its own deadline; a probe that fails or times out says so and the rest go on. */
import { performance } from 'node:perf_hooks'
import path from 'node:path'
import type { ToolFinding, ToolId } from '../../../shared/contract/discovery'
import { probeAws, probeAzure, probeGcloud } from './cloud'
import { searchFolders, type FolderFindings } from './folders'
import { errorText, ProbeTimeout, type ProbeEnv } from './probeEnv'
import { absent, probeContainers, probeGitBinary, probeKubectl, probeMlflowBinary, probePrometheus, type Finding } from './tools'

const LABELS: Record<ToolId, string> = {
  kubectl: 'kubectl',
  docker: 'docker',
  podman: 'podman',
  mlflow: 'MLflow',
  prometheus: 'Prometheus',
  git: 'git repositories with an MLproject',
  aws: 'AWS CLI',
  gcloud: 'Google Cloud CLI',
  azure: 'Azure CLI'
}

async function probeMlflow(env: ProbeEnv, folders: Promise<FolderFindings>): Promise<Finding> {
  const [bin, found] = await Promise.all([probeMlflowBinary(env), folders])
  const items = [
    ...found.mlruns.map((p) => ({
      name: path.basename(path.dirname(p)) + '/mlruns',
      path: p,
      detail: 'MLflow file store',
      offer: { kind: 'models:importMlruns' as const, label: 'Import its runs into Models', input: { path: p } }
    })),
    ...found.mlflowDbs.map((p) => ({
      name: path.basename(path.dirname(p)) + '/mlflow.db',
      path: p,
      detail: 'MLflow SQLite store',
      offer: { kind: 'models:importMlflowDb' as const, label: 'Import its runs into Models', input: { path: p } }
    }))
  ]
  if (!bin.binary && !items.length)
    return absent(
      'mlflow',
      LABELS.mlflow,
      `mlflow is not on PATH${env.folders.length ? ' and no MLflow store is in the folders searched' : ''}`
    )
  return {
    tool: 'mlflow',
    label: LABELS.mlflow,
    state: 'found',
    ...bin,
    detail: `${bin.binary ? 'the CLI is installed' : 'no CLI on PATH'}; ${items.length} store${items.length === 1 ? '' : 's'} in the folders searched${found.truncated ? ' (search stopped early: too many entries)' : ''}`,
    items,
    offer: null
  }
}

async function probeGit(env: ProbeEnv, folders: Promise<FolderFindings>): Promise<Finding> {
  const [bin, found] = await Promise.all([probeGitBinary(env), folders])
  const items = found.mlprojects.map(({ file, repo }) => ({
    name: path.relative(path.dirname(repo), path.dirname(file)) || path.basename(repo),
    path: file,
    detail: `MLproject in the git repository ${repo}`,
    offer: { kind: 'mlops:importMlproject' as const, label: 'Define an MLOps training job', input: { path: file } }
  }))
  if (!bin.binary && !items.length)
    return absent('git', LABELS.git, 'git is not on PATH and no repository with an MLproject is in the folders searched')
  return {
    tool: 'git',
    label: LABELS.git,
    state: 'found',
    ...bin,
    detail: `${bin.binary ? `git ${bin.version ?? ''}`.trim() : 'git is not on PATH'}; ${items.length} repositor${items.length === 1 ? 'y' : 'ies'} with an MLproject${env.folders.length ? '' : ' (name folders to search)'}${found.problems.length ? `; ${found.problems.join('; ')}` : ''}`,
    items,
    offer: null
  }
}

/** Runs every probe; `onDone` after each (for the job's progress). */
export async function scanTools(env: ProbeEnv, onDone: (tool: ToolId) => void): Promise<ToolFinding[]> {
  const folders = searchFolders(env.folders, { maxDepth: 5, maxEntries: 50_000, signal: env.signal })
  const probes: [ToolId, () => Promise<Finding>][] = [
    ['kubectl', () => probeKubectl(env)],
    ['docker', () => probeContainers(env, 'docker')],
    ['podman', () => probeContainers(env, 'podman')],
    ['mlflow', () => probeMlflow(env, folders)],
    ['prometheus', () => probePrometheus(env)],
    ['git', () => probeGit(env, folders)],
    ['aws', () => probeAws(env)],
    ['gcloud', () => probeGcloud(env)],
    ['azure', () => probeAzure(env)]
  ]
  return Promise.all(
    probes.map(async ([tool, probe]) => {
      const started = performance.now()
      const finding = await withDeadline(probe(), env.timeoutMs * 2).catch((err: unknown): Finding => ({
        ...absent(tool, LABELS[tool], ''),
        state: err instanceof ProbeTimeout ? 'timeout' : 'error',
        detail: errorText(err)
      }))
      onDone(tool)
      return { ...finding, ms: Math.round(performance.now() - started) }
    })
  )
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}
