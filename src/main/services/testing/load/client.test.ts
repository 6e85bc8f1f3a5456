import net from 'node:net'
import tls from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, listen, makeCert, type Running } from '../../../../../tests/helpers/servers'
import { Connection, type Response } from './client'

const servers: Running[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

/** A raw TCP server that answers each request with `reply(n)` (the n-th request on the connection). */
async function raw(reply: (n: number, socket: net.Socket) => string | null): Promise<number> {
  const s = await listen(
    net.createServer((socket) => {
      let n = 0
      let buf = ''
      socket.on('data', (d) => {
        buf += d.toString('latin1')
        while (buf.includes('\r\n\r\n')) {
          buf = buf.slice(buf.indexOf('\r\n\r\n') + 4)
          const out = reply(n++, socket)
          if (out !== null) socket.write(out)
        }
      })
    })
  )
  servers.push(s)
  return s.port
}

const origin = (port: number) => ({ tls: false, host: '127.0.0.1', port, hostHeader: `127.0.0.1:${port}`, insecure: false })
const req = Buffer.from('GET / HTTP/1.1\r\nhost: x\r\n\r\n')
const send = (c: Connection, head = false): Promise<Response> => new Promise((r) => c.send(req, head, r))

describe('load client', () => {
  it('reads Content-Length, chunked (split anywhere) and empty bodies on one kept-alive connection', async () => {
    const port = await raw((n, socket) => {
      if (n === 0) return 'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello'
      if (n === 1) {
        // a chunked body written in awkward pieces
        const parts = [
          'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r',
          '\nwiki\r\n5;ext=1\r\npe',
          'dia\r\n0\r\n',
          'x-trailer: 1\r\n\r\n'
        ]
        parts.forEach((p, i) => setTimeout(() => socket.write(p), i * 5))
        return null
      }
      if (n === 2) return 'HTTP/1.1 204 No Content\r\n\r\n'
      return 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'
    })
    const c = new Connection(origin(port), () => performance.now())
    const a = await send(c)
    expect(a).toMatchObject({ status: 200, error: null })
    const b = await send(c)
    expect(b).toMatchObject({ status: 201, error: null })
    expect(await send(c)).toMatchObject({ status: 204, error: null })
    expect(await send(c)).toMatchObject({ status: 404, error: null })
    expect(b.endAt).toBeGreaterThanOrEqual(b.sentAt)
    c.destroy()
  })

  it('reads a body delimited by the close, and a HEAD answer without one', async () => {
    const port = await raw((n, socket) => {
      if (n === 0) return 'HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n'
      socket.end('HTTP/1.0 200 OK\r\n\r\nall of it')
      return null
    })
    const c = new Connection(origin(port), () => performance.now())
    expect(await send(c, true)).toMatchObject({ status: 200, error: null })
    const r = await send(c)
    expect(r).toMatchObject({ status: 200, error: null })
    expect(r.bytes).toBeGreaterThan(20)
  })

  it('classifies refused connections, resets mid-answer and garbage', async () => {
    const refused = new Connection(origin(await freePort()), () => performance.now())
    expect((await send(refused)).error).toBe('refused')
    const resetPort = await raw((_n, socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\npartial')
      setTimeout(() => socket.destroy(), 5)
      return null
    })
    expect(await send(new Connection(origin(resetPort), () => performance.now()))).toMatchObject({ status: 200, error: 'reset' })
    const garbagePort = await raw(() => 'SSH-2.0-OpenSSH\r\n\r\n')
    expect((await send(new Connection(origin(garbagePort), () => performance.now()))).error).toBe('protocol')
  })

  it('ends a request as timed out when asked to, and reconnects for the next', async () => {
    let answer = false
    const port = await raw(() => (answer ? 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n' : null))
    const c = new Connection(origin(port), () => performance.now())
    const pending = send(c)
    setTimeout(() => c.timeout(), 20)
    expect((await pending).error).toBe('timeout')
    answer = true
    expect(await send(c)).toMatchObject({ status: 200, error: null })
    c.destroy()
  })

  it('times a request from when it went out: a slow TLS handshake on a new connection is not part of it (k6 http_req_duration)', async () => {
    const pems = await makeCert(2)
    // the server starts its TLS handshake 300 ms after the TCP connection, then answers at once
    const s = await listen(
      net.createServer((socket) =>
        setTimeout(() => {
          const secure = new tls.TLSSocket(socket, { isServer: true, key: pems.key, cert: pems.cert })
          secure.on('data', () => secure.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'))
        }, 300)
      )
    )
    servers.push(s)
    const c = new Connection({ tls: true, host: '127.0.0.1', port: s.port, hostHeader: 'x', insecure: true }, () => performance.now())
    const started = performance.now()
    const first = await send(c)
    expect(first).toMatchObject({ status: 200, error: null })
    expect(first.endAt - started).toBeGreaterThanOrEqual(290)
    expect(first.sentAt - started).toBeGreaterThanOrEqual(290)
    const second = await send(c)
    expect(second.status).toBe(200)
    expect(second.endAt - second.sentAt).toBeLessThan(first.sentAt - started)
    c.destroy()
  })
})
