/**
 * The example extension (examples/extensions/http-tools) end to end: health runs an `ext:http-tools/keyword` check by
 * asking it, and alerts deliver through its `ext:http-tools/post-json` channel to a loopback receiver, both through
 * the net proxy for the granted origin only.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotifyChannelInput, ServiceInput } from '../../../shared/contract'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'

const EXAMPLE = path.resolve(__dirname, '../../../../examples/extensions/http-tools')
let server: http.Server
let origin = ''
const posts: { url: string; body: Record<string, unknown> }[] = []
let t: TestApp

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      if (req.method === 'POST') posts.push({ url: req.url!, body: JSON.parse(body) as Record<string, unknown> })
      res.end(req.url === '/status' ? 'all systems good' : 'ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // the example as published grants net:http://127.0.0.1:8787; this copy grants the receiver's origin instead
  const copy = tempDir('cc-ext-example-')
  fs.cpSync(EXAMPLE, copy, { recursive: true })
  const m = JSON.parse(fs.readFileSync(path.join(copy, 'extension.json'), 'utf8')) as { permissions: string[] }
  m.permissions = ['health:read', `net:${origin}`]
  fs.writeFileSync(path.join(copy, 'extension.json'), JSON.stringify(m))
  t = tempApp()
  const preview = await t.app.extensions.inspect({ kind: 'folder', path: copy })
  await t.app.extensions.install(preview.token, m.permissions, true)
})
afterAll(async () => {
  await t.cleanup()
  server.close()
})

describe('the example extension', () => {
  it('adds a check kind that health runs through it (up and down)', async () => {
    const check = (keyword: string, url = `${origin}/status`) => ({
      name: `${keyword} at ${url}`,
      config: { kind: 'ext:http-tools/keyword', settings: { url, keyword } }
    })
    const { id } = t.app.health.createService(
      ServiceInput.parse({ name: 'site', checks: [check('good'), check('missing'), check('good', 'https://example.com/')] })
    )
    const checks = t.app.ports.get('healthChecks').checksOf(id)
    const run = (name: string) => t.app.health.runNow(checks.find((c) => c.name === name)!.id)
    const [up, down, elsewhere] = await Promise.all([
      run(`good at ${origin}/status`),
      run(`missing at ${origin}/status`),
      run('good at https://example.com/')
    ])
    expect(up).toMatchObject({ status: 'UP', error: null })
    expect(down).toMatchObject({ status: 'DOWN', error: '"missing" not found' })
    expect(elsewhere!.status).toBe('DOWN')
    expect(elsewhere!.error).toMatch(/permission denied: net\.fetch needs "net:https:\/\/example\.com"/)
    expect(t.app.extensions.get('http-tools', 50).logs.some((l) => l.message.startsWith('refused net.fetch'))).toBe(true)
  })

  it('adds a notification channel that alerts deliver through, to a loopback receiver via the net proxy', async () => {
    const input = NotifyChannelInput.parse({
      name: 'ops hook',
      config: { kind: 'ext:http-tools/post-json', settings: { url: `${origin}/hook` } }
    })
    const { id } = t.app.alerts.createChannel(input)
    const result = await t.app.alerts.testChannel(id)
    expect(result).toMatchObject({ ok: true, error: null })
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({
      url: '/hook',
      body: { source: 'control-console', event: 'test', title: expect.stringContaining('[TEST]') }
    })
  })

  it('reports a check kind or channel no extension contributes', async () => {
    const { id } = t.app.health.createService(
      ServiceInput.parse({ name: 'other', checks: [{ name: 'x', config: { kind: 'ext:http-tools/nope' } }] })
    )
    const [c] = t.app.ports.get('healthChecks').checksOf(id)
    expect(await t.app.health.runNow(c!.id)).toMatchObject({
      status: 'DOWN',
      error: 'ext:http-tools/nope: the extension http-tools contributes no check kind "nope"'
    })
    const ch = t.app.alerts.createChannel(NotifyChannelInput.parse({ name: 'gone', config: { kind: 'ext:absent-ext/post' } }))
    expect((await t.app.alerts.testChannel(ch.id)).error).toMatch(/extension absent-ext not found/)
  })
})
