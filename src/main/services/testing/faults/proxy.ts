/**
 * A fault-injection proxy (in the spirit of Toxiproxy, at the HTTP level): it listens on 127.0.0.1 and forwards to an
 * upstream; toxics, switchable at any time, add latency, answer errors, reset connections, hang, or cap bandwidth on
 * the requests whose path (and method) they match. It counts the calls it forwards, second by second, which is how a
 * circuit breaker in front of it can be seen to open.
 */
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { Transform, type TransformCallback } from 'node:stream'
import type { Toxic } from '../../../../shared/contract/testing'

export interface ProxyStats {
  requests: number
  forwarded: number
  affected: number
}

const HANG_LIMIT_MS = 120_000

/** Passes bytes on at `bytesPerS`: each slice of 50 ms worth leaves when the link would have carried it. */
class Throttle extends Transform {
  private next = 0
  constructor(private bytesPerS: number) {
    super()
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const slice = Math.max(1, Math.floor(this.bytesPerS / 20))
    const send = (at: number): void => {
      if (at >= chunk.length) return cb()
      const part = chunk.subarray(at, at + slice)
      const now = Date.now()
      this.next = Math.max(now, this.next) + (part.length / this.bytesPerS) * 1000
      setTimeout(() => {
        this.push(part)
        send(at + slice)
      }, this.next - now)
    }
    send(0)
  }
}

export class FaultProxy {
  private server: http.Server | null = null
  private sockets = new Set<net.Socket>()
  private agent: http.Agent
  /** When each request arrived: the calls the service behind made to its dependency. */
  private callTimes: number[] = []
  readonly stats: ProxyStats = { requests: 0, forwarded: 0, affected: 0 }
  port = 0

  constructor(
    private upstream: URL,
    public toxics: Toxic[],
    private random: () => number = Math.random
  ) {
    this.agent = upstream.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true })
  }

  get running(): boolean {
    return this.server !== null
  }

  async listen(port: number): Promise<number> {
    const server = http.createServer((req, res) => this.handle(req, res))
    server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.port = (server.address() as net.AddressInfo).port
    return this.port
  }

  async close(): Promise<void> {
    const s = this.server
    this.server = null
    if (!s) return
    for (const sock of this.sockets) sock.destroy()
    this.agent.destroy()
    await new Promise<void>((r) => s.close(() => r()))
  }

  /** Calls that reached the proxy (whether a toxic answered them or not) in each whole second of [from, to) (epoch ms). */
  callsPerSecond(from: number, to: number): number[] {
    const out = new Array(Math.max(0, Math.ceil((to - from) / 1000))).fill(0) as number[]
    for (const t of this.callTimes) if (t >= from && t < to) out[Math.floor((t - from) / 1000)]!++
    return out
  }

  private toxicFor(req: http.IncomingMessage): Toxic | undefined {
    const path = (req.url ?? '/').split('?')[0]!
    return this.toxics.find(
      (t) => t.enabled && path.startsWith(t.route) && (t.method === null || t.method === req.method) && this.random() < t.probability
    )
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.stats.requests++
    this.callTimes.push(Date.now())
    if (this.callTimes.length > 200_000) this.callTimes.splice(0, 100_000)
    const toxic = this.toxicFor(req)
    if (toxic) this.stats.affected++
    switch (toxic?.kind) {
      case 'error':
        req.resume()
        res.writeHead(toxic.status, { 'content-type': 'application/json', 'x-fault-injected': 'error' })
        return void res.end(JSON.stringify({ error: 'fault injected by control-console', status: toxic.status }))
      case 'reset':
        req.resume()
        return void (req.socket.resetAndDestroy?.() ?? req.socket.destroy())
      case 'timeout': {
        req.resume()
        const t = setTimeout(() => req.socket.destroy(), HANG_LIMIT_MS)
        req.socket.once('close', () => clearTimeout(t))
        return
      }
      case 'latency': {
        const delay = Math.max(0, toxic.latencyMs + (this.random() * 2 - 1) * toxic.jitterMs)
        setTimeout(() => this.forward(req, res, null), delay)
        return
      }
      case 'bandwidth':
        return this.forward(req, res, toxic.rateKiBps * 1024)
      default:
        return this.forward(req, res, null)
    }
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, bytesPerS: number | null): void {
    if (res.destroyed) return
    this.stats.forwarded++
    const lib = this.upstream.protocol === 'https:' ? https : http
    const headers = { ...req.headers, host: this.upstream.host }
    const base = this.upstream.pathname.replace(/\/$/, '')
    const up = lib.request(
      {
        protocol: this.upstream.protocol,
        hostname: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: base + (req.url ?? '/'),
        headers,
        agent: this.agent
      },
      (ures) => {
        res.writeHead(ures.statusCode ?? 502, ures.headers)
        if (bytesPerS) ures.pipe(new Throttle(bytesPerS)).pipe(res)
        else ures.pipe(res)
      }
    )
    up.on('error', (err) => {
      if (res.headersSent) return void res.destroy()
      res.writeHead(502, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: `upstream: ${err.message}` }))
    })
    req.pipe(up)
  }
}
