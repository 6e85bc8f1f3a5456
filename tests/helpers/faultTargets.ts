// Loopback targets for fault injection: a dependency, and services that call it with and without a circuit breaker.
import http from 'node:http'
import { listen, type Running } from './servers'

export type Svc = Running & { url: string }

export async function dependency(): Promise<Svc> {
  const r = await listen(
    http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"price":42}')
    })
  )
  return { ...r, url: `http://127.0.0.1:${r.port}` }
}

/**
 * A service whose /price calls `depUrl` (through the fault proxy). With `breaker`: after `threshold` failures in a row it
 * opens and answers 503 at once for `openMs`, then lets one trial call through (half-open) and closes on success.
 */
export async function pricingService(
  depUrl: () => string,
  breaker: { threshold: number; openMs: number } | null
): Promise<Svc & { trips: number }> {
  let failures = 0
  let openUntil = 0
  let trial = false
  let trips = 0
  const out = { trips: 0 }
  const server = http.createServer(async (_req, res) => {
    const now = Date.now()
    if (breaker && now < openUntil) {
      res.writeHead(503, { 'content-type': 'application/json' })
      return res.end('{"error":"circuit open"}')
    }
    if (breaker && openUntil && now >= openUntil) {
      if (trial) {
        res.writeHead(503)
        return res.end('{"error":"circuit half-open"}')
      }
      trial = true
    }
    try {
      const r = await fetch(`${depUrl()}/price`, { signal: AbortSignal.timeout(1000) })
      if (r.status >= 500) throw new Error(`dependency ${r.status}`)
      const body = await r.text()
      failures = 0
      openUntil = 0
      trial = false
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(body)
    } catch {
      failures++
      if (breaker && (trial || failures >= breaker.threshold)) {
        openUntil = Date.now() + breaker.openMs
        trial = false
        out.trips = ++trips
      }
      res.writeHead(502, { 'content-type': 'application/json' })
      res.end('{"error":"dependency failed"}')
    }
  })
  const r = await listen(server)
  return Object.assign(out, r, { url: `http://127.0.0.1:${r.port}` })
}
