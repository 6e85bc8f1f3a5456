// Loopback targets made for the load tests: fast, slowing down under load, stalling once, failing, never answering.
import http from 'node:http'
import { listen, type Running } from './servers'

export type Target = Running & { url: string; received: string[] }

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, received: string[]) => void): Promise<Target> {
  const received: string[] = []
  const server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`)
    handler(req, res, received)
  })
  server.keepAliveTimeout = 30_000
  const running = await listen(server)
  return { ...running, url: `http://127.0.0.1:${running.port}`, received }
}

/** Answers at once with `body`; `status` per path prefix. */
export const fastTarget = (statusFor: (url: string) => number = () => 200): Promise<Target> =>
  serve((req, res) => {
    res.writeHead(statusFor(req.url ?? '/'), { 'content-type': 'text/plain' })
    res.end('ok')
  })

/**
 * One request at a time, `serviceMs` each (a single worker behind a FIFO queue): below 1000/serviceMs requests per
 * second answers stay near serviceMs; above it the queue, and every latency, grows for as long as the load lasts.
 */
export function slowUnderLoad(serviceMs: number): Promise<Target> {
  let freeAt = 0
  return serve((_req, res) => {
    const now = performance.now()
    freeAt = Math.max(freeAt, now) + serviceMs
    setTimeout(() => res.end('done'), freeAt - now)
  })
}

/** Answers at once, except that everything arriving in [fromMs, toMs) after the first request waits until toMs. */
export function stallingTarget(fromMs: number, toMs: number): Promise<Target> {
  let first: number | null = null
  return serve((_req, res) => {
    const now = performance.now()
    first ??= now
    const t = now - first
    if (t >= fromMs && t < toMs) setTimeout(() => res.end('late'), toMs - t)
    else res.end('ok')
  })
}

/** Accepts connections and requests and never answers. */
export const silentTarget = (): Promise<Target> => serve(() => undefined)

/** A service with a health endpoint and an API, whose behaviour changes with the "deployed" version. */
export async function deployableTarget(): Promise<Target & { deploy(version: 'good' | 'bad'): void }> {
  let mode: 'good' | 'bad' = 'good'
  const t = await serve((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const json = (status: number, body: unknown, delayMs = 0): void =>
      void setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }, delayMs)
    if (path === '/health') return mode === 'good' ? json(200, { status: 'UP' }) : json(503, { status: 'DOWN' })
    if (path === '/api/items')
      return mode === 'good' ? json(200, { status: 'ok', items: [1, 2, 3] }, 2) : json(200, { status: 'error', items: [] }, 300)
    json(404, { error: 'not found' })
  })
  return { ...t, deploy: (v) => void (mode = v) }
}
