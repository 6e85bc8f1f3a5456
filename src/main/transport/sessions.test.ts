import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { rawRequest as raw, servedApp, type ServedApp } from '../../../tests/helpers/serve'
import { makeCert } from '../../../tests/helpers/servers'
import type { Logger } from '../core/log'
import { startHttpServer } from './http'
import { FailedAttempts, MIN_TOKEN_LENGTH } from './sessions'

let s: ServedApp
afterEach(async () => s && (await s.cleanup()))

/** A clock the test moves by hand, for expiry and rate-limit windows. */
const manualClock = () => {
  let t = 1_700_000_000_000
  return { now: () => t, advance: (ms: number) => (t += ms) }
}
const recordingLogger = (): Logger & { lines: string[] } => {
  const lines: string[] = []
  const log = (level: string) => (msg: string, extra?: Record<string, unknown>) =>
    void lines.push(`${level} ${msg} ${JSON.stringify(extra ?? {})}`)
  return { lines, info: log('info'), warn: log('warn'), error: log('error') }
}
const sessionCookie = (setCookie: string | string[] | undefined): string => String(setCookie).split(';')[0]!
const rpcWithCookie = (cookie: string, channel = 'system:info', extra: Record<string, string> = {}) =>
  raw(`${s.server.url}/api/rpc/${channel}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...extra } })

describe('serve mode sessions', () => {
  it('trades the token in the opening URL for a separate session id, then shows the URL without the token', async () => {
    s = await servedApp()
    const open = await raw(`${s.server.url}/services?tab=checks&token=${s.token}`)
    expect(open.status).toBe(303)
    expect(open.headers.location).toBe('/services?tab=checks')
    const setCookie = String(open.headers['set-cookie'])
    expect(setCookie).toMatch(/^cc_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=604800$/)
    expect(setCookie).not.toContain(s.token)
    expect((await rpcWithCookie(sessionCookie(setCookie))).status).toBe(200)
    // the API token is no cookie: it opens nothing when sent as one
    expect((await rpcWithCookie(`cc_session=${s.token}`)).status).toBe(401)
  })

  it('accepts ?token= only for opening a page: never on the API, not even the right one', async () => {
    s = await servedApp()
    const api = await raw(`${s.server.url}/api/openapi.json?token=${s.token}`)
    expect(api.status).toBe(401)
    expect(api.body).toMatch(/only opens the console page/)
    const post = await raw(`${s.server.url}/api/rpc/system:info?token=${s.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' }
    })
    expect(post.status).toBe(401)
  })

  it('never redirects off-site: a Location never starts with //', async () => {
    s = await servedApp()
    for (const target of [
      `/.//evil.example?token=${s.token}`,
      `//evil.example/x?token=${s.token}`,
      `/%2F%2Fevil.example?token=${s.token}`
    ]) {
      const res = await raw(s.server.url, { path: target })
      expect(res.status, target).toBe(303)
      expect(res.headers.location, target).toMatch(/^\/(?![/\\])/)
    }
    expect((await raw(s.server.url, { path: `/.//evil.example?token=${s.token}` })).headers.location).toBe('/evil.example')
  })

  it('ends sessions when idle or old, and on request: one (log out) or all (with the API token)', async () => {
    const clock = manualClock()
    s = await servedApp({ now: clock.now, sessions: { idleMs: 60_000, maxAgeMs: 300_000 } })
    const login = async () => sessionCookie((await raw(`${s.server.url}/?token=${s.token}`)).headers['set-cookie'])
    const a = await login()
    clock.advance(59_000)
    expect((await rpcWithCookie(a)).status).toBe(200)
    clock.advance(61_000)
    const idle = await rpcWithCookie(a)
    expect(idle.status).toBe(401)
    expect(idle.body).toMatch(/session has expired or was ended/)

    const b = await login()
    for (let i = 0; i < 6; i++) {
      clock.advance(50_000)
      expect((await rpcWithCookie(b)).status, `after ${(i + 1) * 50} s`).toBe(200)
    }
    clock.advance(50_000) // 350 s old, though never idle
    expect((await rpcWithCookie(b)).status).toBe(401)

    const c = await login()
    const out = await raw(`${s.server.url}/api/session`, { method: 'DELETE', headers: { cookie: c } })
    expect(out.status).toBe(200)
    expect(String(out.headers['set-cookie'])).toMatch(/^cc_session=; .*Max-Age=0/)
    expect((await rpcWithCookie(c)).status).toBe(401)

    const d = await login()
    const e = await login()
    expect((await raw(`${s.server.url}/api/sessions`, { method: 'DELETE', headers: { cookie: d } })).status).toBe(403)
    const all = await raw(`${s.server.url}/api/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${s.token}` } })
    expect(JSON.parse(all.body)).toEqual({ ok: true, data: { revoked: 2 } })
    expect((await rpcWithCookie(d)).status).toBe(401)
    expect((await rpcWithCookie(e)).status).toBe(401)
  })

  it('rate-limits and logs wrong tokens per client; sessions already open keep working', async () => {
    const clock = manualClock()
    const logger = recordingLogger()
    s = await servedApp({ now: clock.now, logger, tokenAttempts: { max: 3, windowMs: 60_000 } })
    const cookie = sessionCookie((await raw(`${s.server.url}/?token=${s.token}`)).headers['set-cookie'])
    const wrong = 'w'.repeat(40)
    for (let i = 0; i < 3; i++) expect((await raw(`${s.server.url}/?token=${wrong}`)).status).toBe(401)
    const blocked = await s.rpc('system:info', undefined) // the right token, but this client is blocked
    expect(blocked.status).toBe(429)
    expect(blocked.json.error.message).toMatch(/too many wrong tokens/)
    expect((await raw(`${s.server.url}/?token=${s.token}`)).headers['retry-after']).toBe('60')
    expect((await rpcWithCookie(cookie)).status).toBe(200)
    expect(logger.lines.filter((l) => l.startsWith('warn serve: wrong token'))).toHaveLength(3)
    expect(logger.lines.some((l) => l.includes('"failures":3') && l.includes('"client":"127.0.0.1"'))).toBe(true)
    expect(logger.lines.some((l) => l.startsWith('warn serve: token attempt refused'))).toBe(true)
    expect(logger.lines.join('\n')).not.toContain(s.token)
    clock.advance(60_001)
    expect((await s.rpc('system:info', undefined)).status).toBe(200)
  })

  it('refuses an API token shorter than the minimum', async () => {
    const { tempApp } = await import('../../../tests/helpers/app')
    const t = tempApp()
    try {
      await expect(startHttpServer({ app: t.app, token: 'x'.repeat(MIN_TOKEN_LENGTH - 1), host: '127.0.0.1', port: 0 })).rejects.toThrow(
        `use at least ${MIN_TOKEN_LENGTH}`
      )
    } finally {
      await t.cleanup()
    }
  })
})

describe('serve mode request hygiene', () => {
  it('/api/rpc takes application/json only (no form or text/plain cross-site posts)', async () => {
    s = await servedApp()
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await s.rpc('system:ping', { payload: 'x' }, { 'content-type': type })
      expect(res.status, type).toBe(415)
      expect(res.json.error).toMatchObject({ code: 'VALIDATION', field: 'content-type' })
    }
    expect((await s.rpc('system:ping', { payload: 'x' }, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200)
  })

  it('refuses Origin: null', async () => {
    s = await servedApp()
    const res = await s.rpc('system:info', undefined, { origin: 'null' })
    expect(res.status).toBe(403)
    expect(res.json.error.message).toMatch(/Origin: null/)
  })

  it('answers a malformed % escape with 400, not 500', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-static-'))
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>')
    try {
      s = await servedApp({ staticDir: dir })
      const auth = { authorization: `Bearer ${s.token}` }
      const page = await raw(s.server.url, { path: '/%E0%A4%A', headers: auth })
      expect(page.status).toBe(400)
      const rpc = await raw(s.server.url, {
        path: '/api/rpc/system%ZZinfo',
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' }
      })
      expect(rpc.status).toBe(400)
      expect(JSON.parse(rpc.body).error.field).toBe('channel')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('caps event streams per client', async () => {
    s = await servedApp({ maxEventStreamsPerClient: 2 })
    const login = async () => sessionCookie((await raw(`${s.server.url}/?token=${s.token}`)).headers['set-cookie'])
    const [a, b] = [await login(), await login()]
    const controllers: AbortController[] = []
    const stream = async (cookie: string) => {
      const c = new AbortController()
      controllers.push(c)
      const res = await fetch(`${s.server.url}/api/events`, { headers: { cookie }, signal: c.signal })
      if (res.status !== 200) await res.text()
      return { res, c }
    }
    try {
      expect((await stream(a)).res.status).toBe(200)
      const second = await stream(a)
      expect(second.res.status).toBe(200)
      const third = await stream(a)
      expect(third.res.status).toBe(429)
      expect((await stream(b)).res.status).toBe(200) // another session has its own allowance
      second.c.abort()
      await expect.poll(async () => (await stream(a)).res.status).toBe(200)
    } finally {
      for (const c of controllers) c.abort()
    }
  })
})

describe('serve mode on the network', () => {
  it('serves HTTPS with the given certificate, with a Secure session cookie', async () => {
    const pems = await makeCert(30)
    s = await servedApp({ tls: pems })
    expect(s.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const open = await raw(`${s.server.url}/?token=${s.token}`, { ca: pems.cert })
    expect(open.status).toBe(303)
    expect(String(open.headers['set-cookie'])).toMatch(/; Secure$/)
    const info = await raw(`${s.server.url}/api/rpc/system:info`, {
      method: 'POST',
      ca: pems.cert,
      headers: { cookie: sessionCookie(open.headers['set-cookie']), 'content-type': 'application/json', origin: s.server.url }
    })
    expect(info.status).toBe(200)
    await expect(raw(`${s.server.url.replace('https:', 'http:')}/api/health`)).rejects.toThrow()
  })

  it('accepts the configured public host names (Host and Origin), and still refuses others', async () => {
    s = await servedApp({ publicHosts: ['console.lan', 'console.example.com:443'] })
    const port = new URL(s.server.url).port
    const call = (host: string, origin?: string) =>
      raw(`${s.server.url}/api/rpc/system:info`, {
        method: 'POST',
        headers: { host, authorization: `Bearer ${s.token}`, 'content-type': 'application/json', ...(origin ? { origin } : {}) }
      })
    expect((await call(`console.lan:${port}`, `http://console.lan:${port}`)).status).toBe(200)
    expect((await call('console.lan')).status).toBe(200)
    expect((await call('console.example.com:443', 'https://console.example.com:443')).status).toBe(200)
    expect((await call(`192.168.1.20:${port}`)).status).toBe(403)
    expect((await call(`console.lan.evil.example:${port}`)).status).toBe(403)
    expect((await call(`console.lan:${port}`, 'http://evil.example')).status).toBe(403)
    expect(s.server.publicUrls).toEqual([
      `http://console.lan:${port}/?token=${s.token}`,
      `http://console.example.com:443/?token=${s.token}`
    ])
  })
})

describe('serve mode memory over a long run', () => {
  it('forgets addresses whose wrong-token window has passed: 10,000 one-off failures leave a bounded map', () => {
    const clock = manualClock()
    const attempts = new FailedAttempts({ max: 10, windowMs: 60_000 }, clock.now)
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 1000; i++) attempts.fail(`10.${round}.${i >> 8}.${i & 255}`)
      clock.advance(61_000)
    }
    expect(attempts.size).toBeLessThanOrEqual(2000)
    // a client inside its window is still counted and blocked
    for (let i = 0; i < 10; i++) attempts.fail('192.0.2.1')
    for (let i = 0; i < 1000; i++) attempts.fail(`198.51.100.${i}`)
    expect(attempts.retryAfter('192.0.2.1')).toBeGreaterThan(0)
  })
})
