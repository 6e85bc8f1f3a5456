// Loopback health endpoints for `npm run bench health`, run in a CHILD process so their CPU is not
// counted against the console. Started by bench/health.ts with `node --import tsx bench/targets.ts`.
//
// Prints one JSON line on stdout: { "ports": [..] }. Exits when stdin closes (the parent went away)
// or after TARGETS_MAX_SECONDS at the latest, so it can never outlive the benchmark.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

const SERVERS = Number(process.env.TARGETS_SERVERS ?? 8)
const MAX_SECONDS = Number(process.env.TARGETS_MAX_SECONDS ?? 600)

let requests = 0
const started = new Date().toISOString()

/** Small latency variation: most answers in 0-3 ms, a few slower ones (up to ~40 ms). */
function delayMs(): number {
  const r = Math.random()
  if (r < 0.6) return 0
  if (r < 0.97) return Math.random() * 3
  return 5 + Math.random() * 35
}

/** Flapping targets are down for FLAP_DOWN_S of every FLAP_PERIOD_S seconds, each `n` at its own phase. */
const FLAP_PERIOD_S = Number(process.env.TARGETS_FLAP_PERIOD_S ?? 360)
const FLAP_DOWN_S = Number(process.env.TARGETS_FLAP_DOWN_S ?? 90)

function flapDown(path: string): boolean {
  const n = Number(/\/(\d+)/.exec(path)?.[1] ?? 0)
  const phase = (Date.now() / 1000 + n * 37) % FLAP_PERIOD_S
  return phase < FLAP_DOWN_S
}

/**
 * application/health+json (draft-inadarei) with a few `checks` components. `/flaky/<n>` answers warn or
 * fail now and then, so states, incidents and snippets are exercised; `/health/<n>` always passes;
 * `/fail/<n>` always fails (503); `/flap/<n>` fails for FLAP_DOWN_S of every FLAP_PERIOD_S seconds.
 */
function body(path: string): { status: number; json: unknown } {
  const now = new Date().toISOString()
  const flaky = path.startsWith('/flaky')
  const roll = Math.random()
  const down = path.startsWith('/fail') || (path.startsWith('/flap') && flapDown(path))
  const status = down || (flaky && roll < 0.05) ? 'fail' : flaky && roll < 0.15 ? 'warn' : 'pass'
  const dbMs = Math.round((status === 'pass' ? 3 + Math.random() * 10 : 400 + Math.random() * 600) * 10) / 10
  return {
    status: status === 'fail' ? 503 : 200,
    json: {
      status,
      version: '1',
      releaseId: '1.4.2',
      serviceId: path,
      description: 'bench target',
      checks: {
        'postgres:responseTime': [
          {
            componentId: 'pg-primary',
            componentType: 'datastore',
            observedValue: dbMs,
            observedUnit: 'ms',
            status: status === 'fail' ? 'fail' : status,
            time: now,
            ...(status !== 'pass' && { output: status === 'fail' ? 'connection pool exhausted' : 'slow queries' })
          }
        ],
        'postgres:connections': [
          {
            componentId: 'pg-primary',
            componentType: 'datastore',
            observedValue: 12 + Math.floor(Math.random() * 4),
            status: 'pass',
            time: now
          }
        ],
        'cpu:utilization': [
          {
            componentType: 'system',
            observedValue: Math.round(Math.random() * 600) / 10,
            observedUnit: 'percent',
            status: 'pass',
            time: now
          }
        ],
        uptime: [{ componentType: 'system', observedValue: 1209600, observedUnit: 's', status: 'pass', time: started }]
      }
    }
  }
}

const servers: http.Server[] = []
for (let i = 0; i < SERVERS; i++) {
  const server = http.createServer((req, res) => {
    requests++
    if (req.method === 'POST') {
      // a webhook receiver for alert notifications: read the body, answer 204
      req.resume()
      req.on('end', () => res.writeHead(204).end())
      return
    }
    const answer = (): void => {
      const { status, json } = body(req.url ?? '/')
      const text = JSON.stringify(json)
      res.writeHead(status, {
        'content-type': 'application/health+json',
        'cache-control': 'no-cache',
        'content-length': Buffer.byteLength(text)
      })
      res.end(text)
    }
    const d = delayMs()
    if (d === 0) answer()
    else setTimeout(answer, d)
  })
  server.keepAliveTimeout = 5000
  servers.push(server)
}

await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))))
process.stdout.write(JSON.stringify({ ports: servers.map((s) => (s.address() as AddressInfo).port) }) + '\n')

const shutdown = (code: number): void => {
  process.stderr.write(`targets: ${requests} requests answered\n`)
  for (const s of servers) s.closeAllConnections()
  process.exit(code)
}
process.stdin.on('end', () => shutdown(0))
process.stdin.on('close', () => shutdown(0))
process.stdin.resume()
process.on('SIGTERM', () => shutdown(0))
setTimeout(() => shutdown(2), MAX_SECONDS * 1000).unref()
