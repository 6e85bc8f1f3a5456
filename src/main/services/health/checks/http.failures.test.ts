// Transport failures against real servers on 127.0.0.1: timeouts, resets, refusals, redirects, body caps.
import { afterEach, describe, expect, it } from 'vitest'
import { runHttpCheck } from './http'
import { freePort, startHttp, startTcp, type Running } from '../../../../../tests/helpers/servers'
import { HttpCheckSchema, MIB, type CheckOutcome } from '../../../../shared/health/types'

const servers: Running[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
const track = <T extends Running>(s: T): T => (servers.push(s), s)
const httpCheck = (url: string, extra: Record<string, unknown> = {}) => HttpCheckSchema.parse({ kind: 'http', url, ...extra })

describe('http check: transport failures', () => {
  it('times out on a server that accepts but never answers, after the configured timeout', async () => {
    const hung = track(await startTcp())
    const out = await runHttpCheck(httpCheck(`http://127.0.0.1:${hung.port}/`, { timeoutMs: 400 }))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'timeout', error: 'timed out after 400 ms' })
    expect(out.latencyMs).toBeGreaterThanOrEqual(390)
  })

  it('reports a connection reset (RST) as reset', async () => {
    const rst = track(await startTcp((s) => s.once('data', () => s.resetAndDestroy())))
    const out = await runHttpCheck(httpCheck(`http://127.0.0.1:${rst.port}/`, { timeoutMs: 5000 }))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'reset' })
    expect(out.error).toContain('reset')
  })

  it('reports a socket closed before the response (socket.destroy) as reset', async () => {
    const closer = track(await startTcp((s) => s.once('data', () => s.destroy())))
    const out = await runHttpCheck(httpCheck(`http://127.0.0.1:${closer.port}/`, { timeoutMs: 5000 }))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'reset' })
    expect(out.error).toContain('socket hang up')
  })

  it('reports connection refused with the address', async () => {
    const port = await freePort()
    const out = await runHttpCheck(httpCheck(`http://127.0.0.1:${port}/`))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'refused', error: `connection refused (127.0.0.1:${port})` })
  })

  it('detects a redirect loop', async () => {
    const srv = track(await startHttp((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end()))
    const out = await runHttpCheck(httpCheck(`${srv.url}/a`))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'redirects' })
    expect(out.error).toContain('redirect loop')
  })

  it('stops after maxRedirects on an endless chain of new URLs', async () => {
    let hits = 0
    const srv = track(await startHttp((req, res) => res.writeHead(301, { location: `/hop/${++hits}` }).end()))
    const out = await runHttpCheck(httpCheck(`${srv.url}/`, { maxRedirects: 3 }))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'redirects', error: 'too many redirects (3)' })
    expect(hits).toBe(4) // the first request plus three followed redirects
  })

  it('follows redirects to the final response (303 turns POST into GET)', async () => {
    const seen: string[] = []
    const srv = track(
      await startHttp((req, res) => {
        seen.push(`${req.method} ${req.url}`)
        if (req.url === '/start') return void res.writeHead(303, { location: '/done' }).end()
        res.writeHead(200, { 'content-type': 'text/plain' }).end('arrived')
      })
    )
    const out = await runHttpCheck(httpCheck(`${srv.url}/start`, { method: 'POST', body: 'x=1', keyword: 'arrived' }))
    expect(out).toMatchObject({ status: 'UP', statusCode: 200, snippet: 'arrived' })
    expect(seen).toEqual(['POST /start', 'GET /done'])
  })

  it('with maxRedirects 0 judges the redirect itself', async () => {
    const srv = track(await startHttp((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end()))
    expect(await runHttpCheck(httpCheck(srv.url, { maxRedirects: 0 }))).toMatchObject({
      status: 'DOWN',
      errorKind: 'status',
      statusCode: 302
    })
    expect(await runHttpCheck(httpCheck(srv.url, { maxRedirects: 0, acceptedStatus: ['3xx'] }))).toMatchObject({
      status: 'UP',
      statusCode: 302
    })
  })

  it('aborts a streamed 50 MB body once it passes maxBodyBytes, without reading the rest', async () => {
    let sent = 0
    let finished = false
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const srv = track(
      await startHttp((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }) // chunked: no content-length to refuse up front
        const pump = (): void => {
          while (sent < 50 * MIB) {
            sent += chunk.length
            if (!res.write(chunk)) return void res.once('drain', pump)
          }
          finished = true
          res.end()
        }
        res.on('close', () => res.removeAllListeners('drain'))
        pump()
      })
    )
    const out = await runHttpCheck(httpCheck(srv.url, { maxBodyBytes: MIB, timeoutMs: 20_000 }))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'body_too_large', error: 'response body exceeds 1 MiB', statusCode: 200 })
    expect(out.bodyBytes).toBeGreaterThan(MIB)
    expect(out.bodyBytes).toBeLessThan(50 * MIB)
    expect(out.snippet).toHaveLength(2048)
    expect(finished).toBe(false)
    expect(sent).toBeLessThan(50 * MIB)
  })

  it('refuses a body whose Content-Length is over the cap without streaming it', async () => {
    const srv = track(
      await startHttp((_req, res) => {
        res.writeHead(200, { 'content-length': String(50 * MIB) })
        res.write(Buffer.alloc(1024)) // then stall: only the header can end this check quickly
      })
    )
    const out = await runHttpCheck(httpCheck(srv.url, { maxBodyBytes: 512 * 1024, timeoutMs: 10_000 }))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'body_too_large', error: 'response body exceeds 512 KiB', bodyBytes: 50 * MIB })
  })

  it('a HEAD request is not judged by the Content-Length of the body it does not get', async () => {
    const srv = track(await startHttp((_req, res) => res.writeHead(200, { 'content-length': String(50 * MIB) }).end()))
    expect(await runHttpCheck(httpCheck(srv.url, { method: 'HEAD', maxBodyBytes: 1024 }))).toMatchObject({
      status: 'UP',
      statusCode: 200,
      bodyBytes: 0
    })
  })

  it('a slow drip (1 byte every 200 ms) cannot extend the deadline', async () => {
    let dripped = 0
    const srv = track(
      await startHttp((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        const timer = setInterval(() => {
          res.write('x')
          if (++dripped >= 100) clearInterval(timer) // would take 20 s in total
        }, 200)
        res.on('close', () => clearInterval(timer))
      })
    )
    const out = await runHttpCheck(httpCheck(srv.url, { timeoutMs: 1000 }))
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'timeout', error: 'timed out after 1000 ms' })
    expect(dripped).toBeGreaterThan(0) // headers and some bytes did arrive
    expect(dripped).toBeLessThan(100)
    expect(out.latencyMs).toBeLessThan(10_000) // far below the 20 s the drip would last
  })

  it('a fast check finishes first while several stalled checks wait for their timeout', async () => {
    const hung = track(await startTcp())
    const fast = track(await startHttp((_req, res) => res.end('ok')))
    const order: string[] = []
    const tag = (name: string) => (o: CheckOutcome) => (order.push(name), o)
    const stalled = Array.from({ length: 6 }, (_, i) =>
      runHttpCheck(httpCheck(`http://127.0.0.1:${hung.port}/${i}`, { timeoutMs: 1500 })).then(tag(`stalled${i}`))
    )
    const quick = runHttpCheck(httpCheck(fast.url, { timeoutMs: 1500 })).then(tag('fast'))
    const [fastOut, ...stalledOuts] = await Promise.all([quick, ...stalled])
    expect(order[0]).toBe('fast')
    expect(fastOut).toMatchObject({ status: 'UP', statusCode: 200 })
    for (const o of stalledOuts) expect(o).toMatchObject({ status: 'DOWN', errorKind: 'timeout' })
  })

  it('cancels through an external AbortSignal', async () => {
    const hung = track(await startTcp())
    const ctl = new AbortController()
    const pending = runHttpCheck(httpCheck(`http://127.0.0.1:${hung.port}/`, { timeoutMs: 30_000 }), { signal: ctl.signal })
    setTimeout(() => ctl.abort(), 50)
    expect(await pending).toMatchObject({ status: 'DOWN', errorKind: 'cancelled', error: 'check cancelled' })
  })

  it('reports unresolvable hosts as dns failures', async () => {
    const out = await runHttpCheck(httpCheck('http://nosuch.invalid/', { timeoutMs: 5000 }))
    expect(out.status).toBe('DOWN')
    expect(['dns', 'timeout']).toContain(out.errorKind) // offline sandboxes may time out instead of NXDOMAIN
    if (out.errorKind === 'dns') expect(out.error).toMatch(/^DNS lookup failed: E[A-Z_]+ nosuch\.invalid$/)
  })

  it('closes its sockets after timeouts, caps and redirects (servers see every connection end)', async () => {
    const hung = track(await startTcp())
    const drip = track(await startHttp((_req, res) => void res.writeHead(200).write('x')))
    const big = track(await startHttp((_req, res) => res.end(Buffer.alloc(2 * MIB))))
    const loop = track(await startHttp((_req, res) => res.writeHead(302, { location: '/' }).end()))
    await Promise.all([
      runHttpCheck(httpCheck(`http://127.0.0.1:${hung.port}/`, { timeoutMs: 200 })),
      runHttpCheck(httpCheck(drip.url, { timeoutMs: 200 })),
      runHttpCheck(httpCheck(big.url, { maxBodyBytes: 1024 })),
      runHttpCheck(httpCheck(loop.url))
    ])
    await new Promise((r) => setTimeout(r, 100))
    expect([hung, drip, big, loop].map((s) => s.openConnections())).toEqual([0, 0, 0, 0])
  })
})
