/** The sandbox, against real host processes: permission model, env, RPC permission checks, net proxy, watchdog, restarts. */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/app'
import { ApiGate } from './gate'
import { writeHostFile } from './hostFile'
import { DEFAULT_RUNTIME, ExtensionSupervisor, type RunState } from './supervisor'

const FIXTURES = path.join(__dirname, '__fixtures__')
const dir = tempDir('cc-ext-runtime-')
const hostFile = writeHostFile(dir)
const granted = tempDir('cc-ext-granted-')
fs.writeFileSync(path.join(granted, 'ok.txt'), 'granted file')
const secret = tempDir('cc-ext-secret-')
fs.writeFileSync(path.join(secret, 'secret.txt'), 'not for extensions')

let server: http.Server
let origin = ''
const received: string[] = []
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`)
      res.end('pong')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const running: ExtensionSupervisor[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

function supervise(id: string, permissions: string[], options: Partial<typeof DEFAULT_RUNTIME> = {}) {
  const logs: string[] = []
  const states: RunState[] = []
  let disabled: string | null = null
  const gate = new ApiGate({
    health: { services: () => [{ id: 1, name: 'api', environment: 'prod', region: 'eu' }] },
    signal: () => {},
    settings: () => ({}),
    fetchTimeoutMs: 5000
  })
  const folder = path.join(FIXTURES, id)
  const sup = new ExtensionSupervisor(
    {
      hostFile,
      id,
      folder,
      dataFolder: path.join(dir, 'data', id),
      entry: path.join(folder, 'index.mjs'),
      readFolders: permissions.filter((p) => p.startsWith('fs:read:')).map((p) => p.slice(8)),
      memoryMb: 64
    },
    { id, granted: permissions },
    0,
    {
      gate,
      options: { ...DEFAULT_RUNTIME, pingEveryMs: 200, pingTimeoutMs: 1000, backoffMs: () => 50, invokeTimeoutMs: 8000, ...options },
      log: (level, m) => logs.push(`${level}: ${m}`),
      onRestarts: () => {},
      onDisabled: (r) => (disabled = r),
      onState: (s) => states.push(s)
    }
  )
  running.push(sup)
  sup.start()
  return { sup, logs, states, disabled: () => disabled }
}

const until = async (what: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('extension runtime', () => {
  it('reads its own and granted folders; Node denies reads elsewhere, child processes, and the env has no secrets', async () => {
    process.env['CC_TEST_SECRET_TOKEN'] = 'hunter2'
    const { sup } = supervise('probe', [`fs:read:${granted}`])
    expect(await sup.invoke('check', 'echo', { op: 'read', path: path.join(granted, 'ok.txt') })).toEqual({ read: 12 })
    expect(await sup.invoke('check', 'echo', { op: 'read', path: path.join(FIXTURES, 'probe', 'extension.json') })).toHaveProperty('read')
    expect(await sup.invoke('check', 'echo', { op: 'read', path: path.join(secret, 'secret.txt') })).toEqual({
      denied: 'ERR_ACCESS_DENIED'
    })
    expect(await sup.invoke('check', 'echo', { op: 'spawn' })).toEqual({ denied: 'ERR_ACCESS_DENIED' })
    const { env } = (await sup.invoke('check', 'echo', { op: 'env' })) as { env: string[] }
    expect(env).not.toContain('CC_TEST_SECRET_TOKEN')
    expect(env.every((k) => ['PATH', 'LANG', 'TZ', 'SYSTEMROOT'].includes(k))).toBe(true)
    expect(sup.rssBytes()).toBeGreaterThan(1_000_000)
    delete process.env['CC_TEST_SECRET_TOKEN']
  })

  it('refuses calls beyond the grant with a clear error, logs them, and proxies granted origins only', async () => {
    const { sup, logs } = supervise('probe', ['health:read', `net:${origin}`])
    expect(await sup.invoke('check', 'echo', { op: 'call', ns: 'health', fn: 'services' })).toEqual({
      value: [{ id: 1, name: 'api', environment: 'prod', region: 'eu' }]
    })
    const refused = (await sup.invoke('check', 'echo', {
      op: 'call',
      ns: 'alerts',
      fn: 'signal',
      args: [{ target: 'x', summary: 'y' }]
    })) as {
      refused: string
    }
    expect(refused.refused).toBe('permission denied: alerts.signal needs "alerts:write", which this extension was not granted')
    expect(logs.some((l) => l.startsWith('warn: refused alerts.signal: permission denied'))).toBe(true)

    const ok = (await sup.invoke('check', 'echo', {
      op: 'call',
      ns: 'net',
      fn: 'fetch',
      args: [`${origin}/hook`, { method: 'POST', body: 'hi' }]
    })) as { value: { status: number; body: string } }
    expect(ok.value).toMatchObject({ status: 200, body: 'pong' })
    expect(received).toContain('POST /hook hi')
    const other = (await sup.invoke('check', 'echo', { op: 'call', ns: 'net', fn: 'fetch', args: ['https://example.com/x'] })) as {
      refused: string
    }
    expect(other.refused).toMatch(/net\.fetch needs "net:https:\/\/example\.com"/)
    expect(logs.some((l) => l.includes('refused net.fetch'))).toBe(true)
  })

  it('kills a hung extension through the watchdog and restarts it', async () => {
    const { sup, logs } = supervise('probe', [])
    await expect(sup.invoke('check', 'echo', { op: 'hang' })).rejects.toThrow(/process ended|did not answer/)
    await until(() => logs.some((l) => l.includes("did not answer the watchdog's ping")))
    await until(() => sup.state === 'active')
    expect(sup.restarts).toBe(1)
    expect(await sup.invoke('check', 'echo', { op: 'noop' })).toEqual({ ok: true })
  })

  it('restarts a crash-looping extension a bounded number of times, then disables it', async () => {
    const { sup, logs, states, disabled } = supervise('crashy', [], { maxRestarts: 2 })
    await until(() => disabled() !== null)
    expect(disabled()).toMatch(/^crashed 3 times \(last: exited with code 70\); disabled$/)
    expect(sup.state).toBe('disabled')
    expect(states.filter((s) => s === 'crashed')).toHaveLength(2)
    expect(logs.filter((l) => l.includes('uncaught: crash loop'))).toHaveLength(3)
    await expect(sup.invoke('check', 'echo', {})).rejects.toThrow(/is disabled/)
  })
})
