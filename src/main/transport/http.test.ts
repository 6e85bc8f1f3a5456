import { afterEach, describe, expect, it } from 'vitest'
import { rawRequest, servedApp, type ServedApp } from '../../../tests/helpers/serve'
import { channels } from '../../shared/contract'

let s: ServedApp
afterEach(async () => s && (await s.cleanup()))

const raw = rawRequest

describe('serve mode HTTP transport', () => {
  it('answers /api/health without a token, as application/health+json', async () => {
    s = await servedApp()
    const res = await fetch(`${s.server.url}/api/health`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/health+json')
    const body = (await res.json()) as any
    expect(body.status).toBe('pass')
    expect(body.checks['database:responseTime'][0].status).toBe('pass')
    expect(body.checks['pollers:count']).toBeDefined()
  })

  it('refuses every other request without the token with 401', async () => {
    s = await servedApp()
    for (const path of ['/', '/api/openapi.json', '/api/events', '/index.html']) {
      const res = await fetch(s.server.url + path)
      expect(res.status, path).toBe(401)
    }
    const rpc = await fetch(`${s.server.url}/api/rpc/system:info`, { method: 'POST' })
    expect(rpc.status).toBe(401)
    expect(((await rpc.json()) as any).error.code).toBe('UNAUTHORIZED')
    const wrong = await s.rpc('system:info', undefined, { authorization: 'Bearer nope' })
    expect(wrong.status).toBe(401)
  })

  it('accepts the token as bearer, as a cookie set by the opening URL, and answers RPC', async () => {
    s = await servedApp()
    const open = await raw(s.server.openUrl)
    expect(open.status).toBe(303)
    const cookie = String(open.headers['set-cookie']).split(';')[0]!
    expect(String(open.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    const res = await fetch(`${s.server.url}/api/rpc/workspace:info`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' }
    })
    const body = (await res.json()) as any
    expect(body.ok).toBe(true)
    expect(body.data.path).toBe(s.file)
  })

  it('refuses foreign origins and foreign Host headers', async () => {
    s = await servedApp()
    const foreign = await s.rpc('system:info', undefined, { origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    expect(foreign.json.error.code).toBe('FORBIDDEN')
    const own = await s.rpc('system:info', undefined, { origin: s.server.url })
    expect(own.status).toBe(200)
    const rebinding = await raw(`${s.server.url}/api/rpc/system:info`, {
      method: 'POST',
      headers: { host: 'evil.example:80', authorization: `Bearer ${s.token}` }
    })
    expect(rebinding.status).toBe(403)
  })

  it('limits the request body size with 413', async () => {
    s = await servedApp({ maxBodyBytes: 1024 })
    const res = await s.rpc('system:ping', { payload: 'x'.repeat(5000) })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('turns bad JSON, unknown channels and bad input into envelopes', async () => {
    s = await servedApp()
    const bad = await s.rpc('system:ping', '{not json')
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION', field: 'input' })
    const unknown = await s.rpc('nope:nothing', {})
    expect(unknown.status).toBe(404)
    const invalid = await s.rpc('workspace:rename', { name: '' })
    expect(invalid.json.error).toMatchObject({ code: 'VALIDATION', field: 'name' })
    const get = await fetch(`${s.server.url}/api/rpc/system:info`, { headers: { authorization: `Bearer ${s.token}` } })
    expect(get.status).toBe(400)
  })

  it('derives OpenAPI 3.1 from the contract: one path per channel', async () => {
    s = await servedApp()
    const res = await fetch(`${s.server.url}/api/openapi.json`, { headers: { authorization: `Bearer ${s.token}` } })
    const doc = (await res.json()) as any
    expect(doc.openapi).toBe('3.1.0')
    for (const name of Object.keys(channels)) {
      const op = doc.paths[`/api/rpc/${name}`]?.post
      expect(op, name).toBeDefined()
      expect(op.requestBody.content['application/json'].schema).toBeTypeOf('object')
      expect(op['x-channel-kind']).toBe(channels[name as keyof typeof channels].kind)
    }
    expect(doc.paths['/api/rpc/workspace:rename'].post.requestBody.content['application/json'].schema.properties.name.type).toBe('string')
  })

  it('pushes events to subscribers over server-sent events', async () => {
    s = await servedApp()
    const controller = new AbortController()
    const res = await fetch(`${s.server.url}/api/events`, { headers: { authorization: `Bearer ${s.token}` }, signal: controller.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = res.body!.getReader()
    await reader.read()
    await s.rpc('workspace:rename', { name: 'renamed over http' })
    let text = ''
    while (!text.includes('\n\n', text.indexOf('workspace:changed'))) {
      const { value } = await reader.read()
      text += new TextDecoder().decode(value)
    }
    expect(text).toMatch(/event: workspace:changed\ndata: \{"reason":"renamed"/)
    controller.abort()
  })

  it('serves the built renderer with a strict CSP and falls back to index.html', async () => {
    const fs = await import('node:fs')
    const path = await import('node:path')
    const os = await import('node:os')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-static-'))
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>cc</title>')
    s = await servedApp({ staticDir: dir })
    const res = await fetch(`${s.server.url}/services/anything`, { headers: { authorization: `Bearer ${s.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*object-src 'none'/)
    expect(await res.text()).toContain('<title>cc</title>')
    const escape = await raw(`${s.server.url}/..%2f..%2fetc%2fpasswd`, { headers: { authorization: `Bearer ${s.token}` } })
    expect(escape.body).not.toContain('root:')
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
