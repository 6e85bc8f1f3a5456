/**
 * Tool discovery against a fake machine: PATH holds small shell scripts standing in for the tools, HOME holds their
 * config files, a loopback HTTP server plays Prometheus and a unix-socket server plays the docker daemon. Each tool
 * present and absent; credentials files never read; no connection leaves loopback.
 */
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { discoveryChannels, type ToolFinding, type ToolId } from '../../../shared/contract/discovery'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { awsProfileNames } from './cloud'
import type { ProbeOptions } from './service'

let t: TestApp | undefined
const servers: net.Server[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  await t?.cleanup()
  t = undefined
  for (const s of servers.splice(0)) s.close()
})

function fakeTool(bin: string, name: string, script: string): void {
  fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 })
}

/** An empty machine: a PATH and HOME with nothing in them. */
function machine() {
  const root = tempDir('cc-discovery-')
  const bin = path.join(root, 'bin')
  const home = path.join(root, 'home')
  const work = path.join(root, 'work')
  for (const d of [bin, home, work]) fs.mkdirSync(d)
  return { root, bin, home, work }
}

async function listen(server: net.Server, at: number | string): Promise<void> {
  servers.push(server)
  await new Promise<void>((r) => (typeof at === 'string' ? server.listen(at, r) : server.listen(at, '127.0.0.1', r)))
}

async function scan(m: ReturnType<typeof machine>, extra: Partial<ProbeOptions> = {}, folders: string[] = []) {
  const probe: Partial<ProbeOptions> = {
    vars: { PATH: m.bin, HOME: m.home },
    timeoutMs: 3000,
    prometheusUrl: 'http://127.0.0.1:9', // discard port: nothing answers
    systemSockets: { docker: [], podman: [] },
    ...extra
  }
  t = tempApp({ testHooks: { discoveryProbe: probe } })
  const r = await t.app.discovery.scan(folders)
  const byTool = Object.fromEntries(r.findings.map((f) => [f.tool, f])) as Record<ToolId, ToolFinding>
  return { r, byTool }
}

describe('tool discovery', () => {
  it('finds nothing on an empty machine, and says so for every tool', async () => {
    const m = machine()
    const { r, byTool } = await scan(m)
    expect(r.findings.map((f) => f.tool).sort()).toEqual([
      'aws',
      'azure',
      'docker',
      'gcloud',
      'git',
      'kubectl',
      'mlflow',
      'podman',
      'prometheus'
    ])
    for (const f of r.findings) expect(f.state, `${f.tool}: ${f.detail}`).toBe('absent')
    expect(byTool.kubectl.detail).toBe('kubectl is not on PATH')
    expect(t!.app.discovery.results().scannedAt).not.toBeNull()
  })

  it('finds kubectl contexts, docker with its daemon, mlflow and its stores, prometheus answering, git repos with an MLproject', async () => {
    const m = machine()
    fakeTool(
      m.bin,
      'kubectl',
      `case "$*" in "config get-contexts -o name") printf 'dev\\nprod\\n';; "config current-context") echo prod;; *) exit 1;; esac`
    )
    fakeTool(m.bin, 'docker', 'echo "Docker version 24.0.7"')
    fakeTool(m.bin, 'mlflow', 'echo "mlflow, version 2.9.2"')
    fakeTool(m.bin, 'prometheus', 'echo "prometheus, version 2.48.0 (branch: HEAD)"')
    fakeTool(m.bin, 'git', 'echo "git version 2.43.0"')
    // a project with an mlruns store and an MLproject inside a git repository; an MLproject outside any repository
    const repo = path.join(m.work, 'churn')
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true })
    fs.mkdirSync(path.join(repo, 'train'), { recursive: true })
    fs.writeFileSync(path.join(repo, 'train', 'MLproject'), 'name: churn\n')
    fs.mkdirSync(path.join(repo, 'mlruns', '0'), { recursive: true })
    fs.mkdirSync(path.join(m.work, 'loose'))
    fs.writeFileSync(path.join(m.work, 'loose', 'MLproject'), 'name: loose\n')
    fs.writeFileSync(path.join(m.work, 'loose', 'mlflow.db'), '')
    const prom = http.createServer((req, res) => res.writeHead(req.url === '/-/ready' ? 200 : 404).end('Prometheus Server is Ready.\n'))
    await listen(prom, 0)
    const promUrl = `http://127.0.0.1:${(prom.address() as AddressInfo).port}`
    const sock = path.join(m.root, 'docker.sock')
    const daemon = http.createServer((req, res) => (req.url === '/_ping' ? res.end('OK') : res.end(JSON.stringify({ Version: '24.0.7' }))))
    await listen(daemon, sock)

    const runtime = path.join(m.root, 'run')
    fs.mkdirSync(path.join(runtime, 'podman'), { recursive: true })
    const podman = http.createServer((req, res) => (req.url === '/_ping' ? res.end('OK') : res.end(JSON.stringify({ Version: '4.9.3' }))))
    await listen(podman, path.join(runtime, 'podman', 'podman.sock'))

    const { byTool } = await scan(
      m,
      { vars: { PATH: m.bin, HOME: m.home, DOCKER_HOST: `unix://${sock}`, XDG_RUNTIME_DIR: runtime }, prometheusUrl: promUrl },
      [m.work]
    )

    expect(byTool.kubectl).toMatchObject({ state: 'found', binary: path.join(m.bin, 'kubectl'), detail: '2 contexts, current: prod' })
    expect(byTool.kubectl.items.map((i) => [i.name, i.detail])).toEqual([
      ['dev', 'context'],
      ['prod', 'current context']
    ])
    expect(byTool.kubectl.offer).toMatchObject({ kind: 'none', label: 'No integration yet' })
    expect(byTool.docker).toMatchObject({ state: 'found', version: '24.0.7', offer: { kind: 'none' } })
    expect(byTool.docker.detail).toContain(`the daemon answers on ${sock}`)
    // podman: no CLI on PATH, but its user socket answers
    expect(byTool.podman).toMatchObject({ state: 'found', binary: null, version: '4.9.3' })
    expect(byTool.podman.detail).toBe(`no CLI on PATH; the daemon answers on ${path.join(runtime, 'podman', 'podman.sock')} (4.9.3)`)
    expect(byTool.mlflow).toMatchObject({ state: 'found', version: '2.9.2' })
    expect(byTool.mlflow.items.map((i) => i.offer)).toEqual([
      { kind: 'models:importMlruns', label: 'Import its runs into Models', input: { path: path.join(repo, 'mlruns') } },
      { kind: 'models:importMlflowDb', label: 'Import its runs into Models', input: { path: path.join(m.work, 'loose', 'mlflow.db') } }
    ])
    expect(byTool.prometheus).toMatchObject({ state: 'found', version: '2.48.0', detail: `a server is ready on ${promUrl}` })
    expect(byTool.prometheus.offer).toEqual({
      kind: 'metrics:saveSource',
      label: 'Add as a metrics source',
      input: { name: 'Local Prometheus', url: promUrl }
    })
    expect(byTool.git.version).toBe('2.43.0')
    expect(byTool.git.items.map((i) => i.offer)).toEqual([
      { kind: 'mlops:importMlproject', label: 'Define an MLOps training job', input: { path: path.join(repo, 'train', 'MLproject') } }
    ])
  })

  it('sees a docker CLI without a daemon, a binary-only prometheus, and never contacts a tcp:// DOCKER_HOST', async () => {
    const m = machine()
    fakeTool(m.bin, 'docker', 'exit 0')
    fakeTool(m.bin, 'prometheus', 'echo "prometheus, version 2.48.0"')
    const { byTool } = await scan(m, { vars: { PATH: m.bin, HOME: m.home, DOCKER_HOST: 'tcp://build-server.example.com:2376' } })
    expect(byTool.docker.detail).toBe(
      'the CLI is installed; DOCKER_HOST points at tcp://build-server.example.com:2376, which discovery does not contact'
    )
    expect(byTool.prometheus).toMatchObject({ state: 'found', offer: { kind: 'hint' } })
    expect(byTool.prometheus.detail).toContain('no server answers on http://127.0.0.1:9')
  })

  it('reports a tool that hangs as timed out, and the other probes still finish', async () => {
    const m = machine()
    fakeTool(m.bin, 'kubectl', 'exec /bin/sleep 30')
    fakeTool(m.bin, 'git', 'echo "git version 2.43.0"')
    const { byTool } = await scan(m, { timeoutMs: 300 })
    expect(byTool.kubectl.state).toBe('timeout')
    expect(byTool.kubectl.detail).toContain('did not answer within 300 ms')
    expect(byTool.git.state).toBe('found')
  })

  it('lists cloud profiles by name only, never reading a credentials file, and opens no connection beyond loopback', async () => {
    const m = machine()
    const aws = path.join(m.home, '.aws')
    const gcloud = path.join(m.home, '.config', 'gcloud')
    const azure = path.join(m.home, '.azure')
    for (const d of [aws, path.join(gcloud, 'configurations'), azure, path.join(gcloud, 'legacy_credentials', 'me@example.com')])
      fs.mkdirSync(d, { recursive: true })
    fs.writeFileSync(
      path.join(aws, 'config'),
      '[default]\nregion = eu-west-1\n[profile billing]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n'
    )
    fs.writeFileSync(path.join(gcloud, 'configurations', 'config_default'), '[core]\nproject = p\n')
    fs.writeFileSync(path.join(gcloud, 'configurations', 'config_prod'), '[core]\nproject = q\n')
    fs.writeFileSync(path.join(gcloud, 'active_config'), 'prod')
    fs.writeFileSync(
      path.join(azure, 'azureProfile.json'),
      '\uFEFF' + JSON.stringify({ subscriptions: [{ name: 'Pay-As-You-Go', id: 'x' }] })
    )
    // the trap: credentials files with an access time older than their change time; reading one moves it
    const secrets = [
      path.join(aws, 'credentials'),
      path.join(gcloud, 'credentials.db'),
      path.join(gcloud, 'access_tokens.db'),
      path.join(gcloud, 'application_default_credentials.json'),
      path.join(gcloud, 'legacy_credentials', 'me@example.com', 'adc.json'),
      path.join(azure, 'msal_token_cache.json'),
      path.join(azure, 'accessTokens.json'),
      path.join(azure, 'service_principal_entries.json')
    ]
    const control = path.join(m.root, 'control')
    const old = new Date('2020-01-01T00:00:00Z')
    for (const f of [...secrets, control]) {
      fs.writeFileSync(f, 'aws_secret_access_key = SECRET\n')
      fs.utimesSync(f, old, new Date())
    }
    fs.readFileSync(control) // proves this file system records reads in atime
    const trapWorks = fs.statSync(control).atimeMs > old.getTime()

    const opened: string[] = []
    const note = (p: unknown) => void opened.push(String(p))
    for (const fn of ['readFileSync', 'openSync', 'createReadStream'] as const) {
      const orig = fs[fn] as (...a: unknown[]) => unknown
      vi.spyOn(fs, fn).mockImplementation(((...a: unknown[]) => (note(a[0]), orig(...a))) as never)
    }
    for (const fn of ['readFile', 'open'] as const) {
      const orig = fs.promises[fn] as (...a: unknown[]) => unknown
      vi.spyOn(fs.promises, fn).mockImplementation(((...a: unknown[]) => (note(a[0]), orig(...a))) as never)
    }
    const connections: string[] = []
    const connect = net.Socket.prototype.connect
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...a: unknown[]) {
      const o = a[0] as { host?: string; path?: string } | number | string
      connections.push(typeof o === 'object' ? (o.path ?? o.host ?? 'localhost') : String(a[1] ?? o))
      return (connect as (...x: unknown[]) => net.Socket).apply(this, a)
    } as never)
    const fetchSpy = vi.spyOn(globalThis, 'fetch')

    const { byTool } = await scan(m, { prometheusUrl: 'http://127.0.0.1:9' })

    expect(byTool.aws.items.map((i) => i.name)).toEqual(['default', 'billing'])
    expect(byTool.aws.items[0]!.offer).toMatchObject({ kind: 'hint', route: '/costs/import' })
    expect(byTool.gcloud).toMatchObject({ state: 'found', detail: '2 configurations, active: prod' })
    expect(byTool.azure.items.map((i) => i.name)).toEqual(['Pay-As-You-Go'])
    expect(JSON.stringify([byTool.aws, byTool.gcloud, byTool.azure])).not.toContain('SECRET')

    expect(opened.filter((p) => secrets.includes(p))).toEqual([])
    expect(opened.some((p) => p.endsWith(path.join('.aws', 'config')))).toBe(true) // the spy does see what the probes read
    if (trapWorks) for (const f of secrets) expect(fs.statSync(f).atimeMs, `${f} was read`).toBe(old.getTime())
    expect(connections.length).toBeGreaterThan(0) // the Prometheus probe did try loopback
    for (const c of connections) expect(['127.0.0.1', 'localhost', '::1'].includes(c) || c.startsWith('/'), `connection to ${c}`).toBe(true)
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('is a job with progress in probes, and a cancelled scan ends at once, killing the tool it waited for', async () => {
    const m = machine()
    fakeTool(m.bin, 'kubectl', 'exec /bin/sleep 30')
    t = tempApp({
      testHooks: {
        discoveryProbe: {
          vars: { PATH: m.bin, HOME: m.home },
          timeoutMs: 20_000,
          prometheusUrl: 'http://127.0.0.1:9',
          systemSockets: { docker: [], podman: [] }
        }
      }
    })
    const started = t.app.discovery.startScan([])
    const job = () => t!.app.jobs.get(started.jobId)
    for (let i = 0; i < 200 && job().done < 8; i++) await new Promise((r) => setTimeout(r, 25))
    expect(job()).toMatchObject({ state: 'running', done: 8, total: 9, unit: 'probes', area: 'extensions', route: '/extensions/tools' })
    t.app.jobs.cancel(started.jobId)
    // the job ends only once its probes have; the tool waited for has a 20 s deadline and sleeps 30 s, so ending
    // within the 5 s this loop allows means the cancel killed it
    for (let i = 0; i < 200 && job().state === 'running'; i++) await new Promise((r) => setTimeout(r, 25))
    expect(job().state).toBe('cancelled')
    expect(t.app.discovery.results().scannedAt).toBeNull()
  })

  it('keeps only profile section names from an AWS config', () => {
    expect(awsProfileNames('[default]\nregion=x\n[profile a b]\n[services s]\n[sso-session z]\n [ profile c ] \n')).toEqual([
      'default',
      'a b',
      'c'
    ])
  })

  it('refuses a relative folder in the contract', () => {
    const parsed = discoveryChannels['discovery:scan'].input.safeParse({ folders: ['work'] })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toBe('must be an absolute path on the machine running the console')
  })
})
