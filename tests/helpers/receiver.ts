import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  headers: http.IncomingHttpHeaders
  raw: string
  json: any
  at: number
}

/** A loopback HTTP receiver standing in for Slack, PagerDuty or a webhook; `mode` scripts its answers. */
export async function startReceiver(mode: () => 'ok' | 'fail' | 'hang' | 'accepted' = () => 'ok') {
  const got: Received[] = []
  const waiters: (() => void)[] = []
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      let json: unknown = null
      try {
        json = JSON.parse(raw)
      } catch {
        json = null
      }
      got.push({ path: req.url ?? '/', headers: req.headers, raw, json, at: Date.now() })
      waiters.splice(0).forEach((w) => w())
      const m = mode()
      if (m === 'hang') return
      if (m === 'fail') return void res.writeHead(500).end('boom')
      if (m === 'accepted')
        return void res
          .writeHead(202, { 'content-type': 'application/json' })
          .end('{"status":"success","message":"Event processed","dedup_key":"x"}')
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    got,
    /** Resolves once at least n requests have arrived. */
    async waitFor(n: number, timeoutMs = 10_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs
      while (got.length < n) {
        if (Date.now() > deadline) throw new Error(`receiver got ${got.length} of ${n} requests`)
        await new Promise<void>((r) => {
          waiters.push(r)
          setTimeout(r, 100)
        })
      }
      return got
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())))
  }
}
