/**
 * Probes for the command-line tools and daemons: kubectl contexts (kubectl's own `config` commands, which never reach
 * a cluster), docker and podman (the binary, and a GET /_ping on a local unix socket — a tcp:// DOCKER_HOST is named,
 * never contacted), mlflow and prometheus (the binary's --version; Prometheus's /-/ready on loopback), git.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ToolFinding, ToolOffer } from '../../../shared/contract/discovery'
import { localGet, run, which, type ProbeEnv } from './probeEnv'

export type Finding = Omit<ToolFinding, 'ms'>

const NO_CONTAINERS: ToolOffer = {
  kind: 'none',
  label: 'No integration yet',
  text: 'The console has no container integration yet; health checks can watch the services your containers serve.'
}

export const absent = (tool: Finding['tool'], label: string, why: string): Finding => ({
  tool,
  label,
  state: 'absent',
  binary: null,
  version: null,
  detail: why,
  items: [],
  offer: null
})

const firstLine = (s: string): string | null => s.trim().split('\n')[0]?.trim().slice(0, 200) || null

export async function probeKubectl(env: ProbeEnv): Promise<Finding> {
  const bin = which(env, 'kubectl')
  if (!bin) return absent('kubectl', 'kubectl', 'kubectl is not on PATH')
  const names = (await run(env, bin, ['config', 'get-contexts', '-o', 'name'], ['KUBECONFIG']))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const current = names.length ? firstLine(await run(env, bin, ['config', 'current-context'], ['KUBECONFIG']).catch(() => '')) : null
  return {
    tool: 'kubectl',
    label: 'kubectl',
    state: 'found',
    binary: bin,
    version: null,
    detail: names.length
      ? `${names.length} context${names.length > 1 ? 's' : ''}${current ? `, current: ${current}` : ''}`
      : 'no contexts configured',
    items: names.map((n) => ({ name: n, path: null, detail: n === current ? 'current context' : 'context', offer: null })),
    offer: {
      kind: 'none',
      label: 'No integration yet',
      text: 'The console has no Kubernetes integration yet; health checks and the metrics scraper can watch what the cluster serves.'
    }
  }
}

/** Unix sockets a container daemon may listen on, from the environment first, then the system's. */
function socketsOf(env: ProbeEnv, tool: 'docker' | 'podman'): { sockets: string[]; remote: string | null } {
  const hostVar = env.vars[tool === 'docker' ? 'DOCKER_HOST' : 'CONTAINER_HOST']
  if (hostVar && !hostVar.startsWith('unix://')) return { sockets: [], remote: hostVar }
  const runtime = env.vars['XDG_RUNTIME_DIR']
  const h = env.vars['HOME']
  const list =
    tool === 'docker'
      ? [runtime && path.join(runtime, 'docker.sock'), h && path.join(h, '.docker/run/docker.sock'), ...env.systemSockets.docker]
      : [runtime && path.join(runtime, 'podman/podman.sock'), ...env.systemSockets.podman]
  const sockets = [hostVar?.slice('unix://'.length), ...list].filter((s): s is string => !!s)
  return { sockets: [...new Set(sockets)], remote: null }
}

export async function probeContainers(env: ProbeEnv, tool: 'docker' | 'podman'): Promise<Finding> {
  const bin = which(env, tool)
  const { sockets, remote } = socketsOf(env, tool)
  let answered: { socket: string; version: string | null } | null = null
  for (const socket of sockets.filter((s) => fs.existsSync(s))) {
    const ping = await localGet(env, { socketPath: socket, path: '/_ping' })
    if (ping && ping.status === 200) {
      const v = await localGet(env, { socketPath: socket, path: '/version' })
      let version: string | null = null
      try {
        version = v ? String((JSON.parse(v.body) as { Version?: unknown }).Version ?? '') || null : null
      } catch {
        version = null
      }
      answered = { socket, version }
      break
    }
  }
  if (!bin && !answered) return absent(tool, tool, `${tool} is not on PATH and no ${tool} socket answers`)
  const daemon = answered
    ? `the daemon answers on ${answered.socket}${answered.version ? ` (${answered.version})` : ''}`
    : remote
      ? `${tool === 'docker' ? 'DOCKER_HOST' : 'CONTAINER_HOST'} points at ${remote}, which discovery does not contact`
      : 'no daemon answers on a local socket'
  return {
    tool,
    label: tool,
    state: 'found',
    binary: bin,
    version: answered?.version ?? null,
    detail: `${bin ? 'the CLI is installed' : 'no CLI on PATH'}; ${daemon}`,
    items: [],
    offer: NO_CONTAINERS
  }
}

export async function probeMlflowBinary(env: ProbeEnv): Promise<Pick<Finding, 'binary' | 'version'>> {
  const bin = which(env, 'mlflow')
  if (!bin) return { binary: null, version: null }
  const out = await run(env, bin, ['--version'])
  return { binary: bin, version: /(\d+\.\d+[\w.-]*)/.exec(out)?.[1] ?? firstLine(out) }
}

export async function probePrometheus(env: ProbeEnv): Promise<Finding> {
  const bin = which(env, 'prometheus')
  const version = bin ? (/version (\S+)/.exec(await run(env, bin, ['--version']).catch(() => ''))?.[1] ?? null) : null
  const ready = await localGet(env, { url: new URL('/-/ready', env.prometheusUrl).href })
  const up = ready !== null && ready.status === 200
  if (!bin && !up)
    return absent('prometheus', 'Prometheus', `prometheus is not on PATH and nothing answers on ${env.prometheusUrl}/-/ready`)
  return {
    tool: 'prometheus',
    label: 'Prometheus',
    state: 'found',
    binary: bin,
    version,
    detail: up
      ? `a server is ready on ${env.prometheusUrl}`
      : `the binary is installed; ${ready ? `${env.prometheusUrl}/-/ready answered ${ready.status}` : `no server answers on ${env.prometheusUrl}`}`,
    items: [],
    offer: up
      ? { kind: 'metrics:saveSource', label: 'Add as a metrics source', input: { name: 'Local Prometheus', url: env.prometheusUrl } }
      : {
          kind: 'hint',
          label: 'Start it, then scan again',
          text: `Once Prometheus answers on ${env.prometheusUrl} the console can add it as a metrics source.`,
          route: '/metrics'
        }
  }
}

export async function probeGitBinary(env: ProbeEnv): Promise<Pick<Finding, 'binary' | 'version'>> {
  const bin = which(env, 'git')
  if (!bin) return { binary: null, version: null }
  return { binary: bin, version: /git version (\S+)/.exec(await run(env, bin, ['--version']))?.[1] ?? null }
}
