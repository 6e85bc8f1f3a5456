import { afterEach, describe, expect, it, vi } from 'vitest'
import { ServiceInput } from '../../shared/contract/health'
import { servedApp, type ServedApp } from '../../../tests/helpers/serve'
import { fastTarget, type Target } from '../../../tests/helpers/loadTargets'
import { freePort } from '../../../tests/helpers/servers'
import { main } from '../cli'
import { runProbe } from './agent'

let s: ServedApp | undefined
let target: Target | undefined
afterEach(async () => {
  await s?.cleanup()
  await target?.close()
  s = target = undefined
  vi.restoreAllMocks()
})

async function setUp() {
  s = await servedApp()
  target = await fastTarget()
  const down = await freePort()
  s.app.health.createService(
    ServiceInput.parse({
      name: 'storefront',
      checks: [
        { name: 'home', intervalS: 30, config: { kind: 'http', url: `${target.url}/` } },
        { name: 'payments', intervalS: 30, config: { kind: 'tcp', host: '127.0.0.1', port: down, timeoutMs: 500 } }
      ]
    })
  )
  return s
}

describe('probe agent', () => {
  it('names its workspace to a team server (X-Console-Workspace) on every call when given one', async () => {
    const app = (await setUp()).app
    const { token } = app.testing.tokens.create({ scope: 'probe', name: 'box', region: 'eu' })
    const sent: (string | null)[] = []
    const spy: typeof fetch = (url, init) => {
      sent.push(new Headers(init?.headers).get('x-console-workspace'))
      return fetch(url, init)
    }
    await runProbe({ server: s!.server.url, token, region: 'eu', workspace: 'ml-platform', once: true, log: () => {}, fetchImpl: spy })
    expect(sent.length).toBeGreaterThanOrEqual(2)
    expect(new Set(sent)).toEqual(new Set(['ml-platform']))
    sent.length = 0
    await runProbe({ server: s!.server.url, token, region: 'eu', once: true, log: () => {}, fetchImpl: spy })
    expect(new Set(sent)).toEqual(new Set([null]))
  })

  it('runs the workspace’s checks from another machine and pushes them for its region', async () => {
    const app = (await setUp()).app
    const { token } = app.testing.tokens.create({ scope: 'probe', name: 'frankfurt box', region: 'eu-central-1' })
    const lines: string[] = []
    const pushed = await runProbe({ server: s!.server.url, token, region: 'eu-central-1', once: true, log: (l) => lines.push(l) })
    expect(pushed).toBe(2)
    expect(lines[0]).toMatch(/probe eu-central-1: 2 checks/)
    const regions = app.health.regions()
    expect(regions.map((c) => [c.name, c.regions.map((r) => `${r.region}:${r.state}`)])).toEqual([
      ['home', ['eu-central-1:UP']],
      ['payments', ['eu-central-1:DOWN']]
    ])
    expect(app.testing.probes.list()).toEqual([
      expect.objectContaining({ region: 'eu-central-1', results: 2, agent: expect.stringMatching(/control-console/) })
    ])
  })

  it('keeps a probe token to its own region, and to its hooks', async () => {
    const app = (await setUp()).app
    const { token } = app.testing.tokens.create({ scope: 'probe', name: 'virginia', region: 'us-east-1' })
    await expect(runProbe({ server: s!.server.url, token, region: 'eu-west-1', once: true, log: () => {} })).rejects.toThrow(
      /this token pushes for region us-east-1, not eu-west-1/
    )
    const push = await fetch(`${s!.server.url}/api/hooks/probe/results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ agent: 'x', region: 'eu-west-1', results: [] })
    })
    expect(push.status).toBe(403)
    expect(((await push.json()) as any).error.message).toMatch(/pushes for region us-east-1 only/)
    expect((await s!.rpc('health:overview', undefined, { authorization: `Bearer ${token}` })).status).toBe(403)
    const deploy = app.testing.tokens.create({ scope: 'deploy', name: 'ci' })
    await expect(runProbe({ server: s!.server.url, token: deploy.token, region: 'x', once: true, log: () => {} })).rejects.toThrow(
      /needs a probe token/
    )
  })

  it('is the CLI command `probe`', async () => {
    const app = (await setUp()).app
    const { token } = app.testing.tokens.create({ scope: 'probe', name: 'cli', region: 'ap-south-1' })
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(await main(['probe', '--server', s!.server.url, '--token', token, '--region', 'ap-south-1', '--once'])).toBe(0)
    expect(out.mock.calls.map((c) => String(c[0])).join('')).toMatch(/pushed 2 results/)
    await expect(main(['probe', '--server', s!.server.url, '--region', 'x'])).rejects.toThrow(/needs --token/)
  })
})
