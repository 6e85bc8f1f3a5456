/**
 * A loopback model-serving endpoint for the MLOps tests: accepts signed reloads (HMAC-SHA256 over "<timestamp>.<body>"),
 * serves /health (which can be made to fail, for every version or for one) and /predict (the smoke request).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Reload {
  model: string
  version: number
  versionId: number
  artifactUri: string | null
  sha256: string | null
  canaryWeight?: number
  signatureOk: boolean
}

export interface ServingEndpoint {
  url: string
  reloads: Reload[]
  /** The version now served. */
  current: () => number | null
  /** Make /health answer 503: always, or only while serving this version. */
  failHealth: (when: boolean | number) => void
  close(): Promise<void>
}

export async function startServingEndpoint(secret: string): Promise<ServingEndpoint> {
  const reloads: Reload[] = []
  let current: number | null = null
  let fail: boolean | number = false
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      if (req.method === 'POST' && req.url === '/reload') {
        const ts = String(req.headers['x-console-timestamp'] ?? '')
        const sig = String(req.headers['x-console-signature'] ?? '')
        const want = `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`
        const signatureOk = sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want))
        const r = { ...(JSON.parse(body) as Omit<Reload, 'signatureOk'>), signatureOk }
        reloads.push(r)
        if (!signatureOk) return void res.writeHead(401).end('bad signature')
        current = r.version
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ loaded: r.version }))
      }
      if (req.url === '/health') {
        const bad = fail === true || (typeof fail === 'number' && fail === current)
        return void res.writeHead(bad ? 503 : 200).end(bad ? 'unhealthy' : JSON.stringify({ status: 'ok', version: current }))
      }
      if (req.url === '/predict')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ prediction: 1, version: current }))
      res.writeHead(404).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    reloads,
    current: () => current,
    failHealth: (when) => (fail = when),
    close: () => new Promise((r) => server.close(() => r()))
  }
}
