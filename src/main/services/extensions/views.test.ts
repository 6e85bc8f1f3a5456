/**
 * Extension views on the console side: the document is served on a short-lived link with a policy that lets only its
 * own inline scripts and styles run (by hash) and loads nothing, and the bridge's calls are checked against the grant.
 */
import crypto from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { BRIDGE_SCRIPT } from '../../../shared/extensionViews'
import { parseManifest } from './manifest'
import { renderView, VIEW_PREFIX } from './views'

const EXAMPLE = path.resolve(__dirname, '../../../../examples/extensions/http-tools')
const hash = (s: string) => `'sha256-${crypto.createHash('sha256').update(s).digest('base64')}'`
let t: TestApp

beforeAll(async () => {
  t = tempApp()
  const preview = await t.app.extensions.inspect({ kind: 'folder', path: EXAMPLE })
  await t.app.extensions.install(preview.token, ['health:read'], true) // net: withheld
})
afterAll(async () => {
  await t.cleanup()
})

describe('extension views', () => {
  it('hashes the inline scripts and styles (with the bridge first in <head>) and nothing else', () => {
    const r = renderView(
      '<html><head><title>x</title></head><body><style>p{}</style><script>go()</script><script src="https://cdn.example.com/x.js"></script></body></html>'
    )
    expect(r.html.indexOf(BRIDGE_SCRIPT)).toBeLessThan(r.html.indexOf('<title>'))
    expect(r.csp).toBe(
      `default-src 'none'; script-src ${hash(BRIDGE_SCRIPT)} ${hash('go()')}; style-src ${hash('p{}')}; img-src data:; base-uri 'none'; form-action 'none'`
    )
    expect(r.csp).not.toContain('cdn.example.com')
    expect(renderView('<p>no scripts</p>').csp).toContain("style-src 'none'")
  })

  it('serves a view on a short-lived link with its own policy, framed by the console only, and 404 for anything else', () => {
    const link = t.app.extensions.views.link('http-tools', 'services')
    expect(link.title).toBe('Services it can see')
    expect(link.url).toMatch(new RegExp(`^${VIEW_PREFIX}[A-Za-z0-9_-]{32}$`))
    const route = t.app.publicRoutes.find((r) => r.prefix === VIEW_PREFIX)!
    const res = route.handle(link.url.slice(VIEW_PREFIX.length))!
    expect(res.status).toBe(200)
    expect(res.body).toContain('console_.call')
    expect(res.csp).toBe(`${link.csp}; frame-ancestors 'self'; sandbox allow-scripts`)
    expect(res.csp).not.toMatch(/connect-src|unsafe/)
    expect(route.handle('not-a-link')).toBeNull()
    expect(() => t.app.extensions.views.link('http-tools', 'nope')).toThrow(/view "nope" of the extension http-tools not found/)
  })

  it('answers a call the grant allows, and refuses one beyond it with FORBIDDEN, written to the log', async () => {
    await expect(t.app.extensions.viewCall('http-tools', 'services', 'health.services', null)).resolves.toEqual({ value: [] })
    await expect(
      t.app.extensions.viewCall('http-tools', 'services', 'net.fetch', { url: 'http://127.0.0.1:8787/x' })
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'permission denied: net.fetch needs "net:http://127.0.0.1:8787", which this extension was not granted'
    })
    await expect(t.app.extensions.viewCall('http-tools', 'services', 'fs.read', {})).rejects.toMatchObject({ code: 'VALIDATION' })
    const logs = t.app.extensions.get('http-tools', 50).logs.map((l) => l.message)
    expect(logs.some((m) => m.startsWith('refused net.fetch from the view services: permission denied'))).toBe(true)
  })

  it('runs a contributed command from the view', async () => {
    await expect(t.app.extensions.viewCall('http-tools', 'services', 'commands.run', { name: 'list-services' })).resolves.toEqual({
      value: []
    })
  })

  it('refuses a view entry outside the extension folder in the manifest', () => {
    const m = (entry: string) =>
      JSON.stringify({
        id: 'abc',
        name: 'A',
        version: '1.0.0',
        publisher: 'p',
        engines: { 'control-console': '*' },
        main: 'i.mjs',
        contributes: { views: [{ name: 'v', title: 'V', entry }] }
      })
    expect(() => parseManifest(m('../x.html'))).toThrow(/manifest.contributes.views.0.entry|must stay inside/)
    expect(parseManifest(m('views/a.html')).contributes.views[0]!.entry).toBe('views/a.html')
  })
})
