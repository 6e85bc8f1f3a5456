import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { servedApp, type ServedApp } from '../../../tests/helpers/serve'

let s: ServedApp | undefined
afterEach(async () => {
  await s?.cleanup()
  s = undefined
})

const until = async (cond: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Opens /api/events with the bearer token; resolves once the server's first comment arrived. */
function connect(srv: ServedApp): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${srv.server.url}/api/events`, { headers: { authorization: `Bearer ${srv.token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`))
      res.once('data', () => resolve({ req, res }))
    })
    req.on('error', reject)
  })
}

describe('serve mode event streams over a long run', () => {
  it('1,000 connect/disconnect cycles leave no stream, no bus listener and no socket behind', async () => {
    s = await servedApp()
    const srv = s
    const listeners = srv.app.bus.size
    const sockets = (): Promise<number> => new Promise((r) => srv.server.server.getConnections((_e, n) => r(n)))
    for (let batch = 0; batch < 125; batch++) {
      const open = await Promise.all(Array.from({ length: 8 }, () => connect(srv)))
      expect(srv.server.eventStreams()).toBe(8)
      for (const c of open) c.req.destroy()
      await until(() => srv.server.eventStreams() === 0, 'the server to notice the disconnects')
    }
    expect(srv.app.bus.size).toBe(listeners)
    await until(() => srv.server.eventStreams() === 0, 'no streams')
    let n = await sockets()
    for (let i = 0; i < 200 && n > 0; i++) n = await new Promise((r) => setTimeout(() => void sockets().then(r), 10))
    expect(n).toBe(0)
  }, 120_000)

  it('cuts off a client that stopped reading instead of buffering its events without end', async () => {
    s = await servedApp({ maxEventBacklogBytes: 256 * 1024 })
    const srv = s
    const reader = await connect(srv)
    const stalled = await connect(srv)
    stalled.res.pause() // a frozen tab: the connection stays open, nothing is read
    let received = 0
    reader.res.on('data', (d: Buffer) => (received += d.length))
    let readerClosed = false
    reader.req.socket!.on('close', () => (readerClosed = true))
    // up to ~40 MB of events in small bursts: far more than the socket buffers of a loopback connection hold
    const at = Date.now()
    for (let i = 0; i < 3000 && srv.server.eventStreams() === 2; i++) {
      for (let j = 0; j < 200; j++) srv.app.bus.publish('workspace:changed', { reason: 'renamed', at: at + j })
      await new Promise((r) => setTimeout(r, 0))
    }
    expect(srv.server.eventStreams()).toBe(1) // the stalled one was cut off (its socket destroyed)
    const before = received
    srv.app.bus.publish('workspace:changed', { reason: 'renamed', at })
    await until(() => received > before, 'the reader to get the next event')
    expect(readerClosed).toBe(false) // the client that reads keeps its stream
    reader.req.destroy()
    await until(() => srv.server.eventStreams() === 0, 'the reader to disconnect')
  }, 60_000)
})
