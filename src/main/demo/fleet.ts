import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small local "production" on 127.0.0.1: services answering /api/health, /api/health/detailed and
 * /api/health/services in application/health+json, with scripted latency spikes, errors, a degraded
 * dependency and an outage. Time runs in a loop of `cycleMs`, so every state shows up within minutes.
 */
export interface Scenario {
  /** ms into the cycle → behaviour */
  latencyMs(t: number): number
  status(t: number): 'pass' | 'warn' | 'fail'
  /** Share of requests that fail with 500 regardless of status. */
  errorRate(t: number): number
  dependencies(t: number): Record<string, 'pass' | 'warn' | 'fail'>
  format?: 'health+json' | 'actuator'
}

export interface FleetService {
  name: string
  environment: string
  region: string
  description: string
  scenario: Scenario
}

const CYCLE_MS = 6 * 60_000
const within = (t: number, from: number, to: number): boolean => t >= from && t < to
const s = (sec: number): number => sec * 1000

export const DEMO_SERVICES: FleetService[] = [
  {
    name: 'checkout-api',
    environment: 'production',
    region: 'eu-west-1',
    description: 'Checkout and payments API. Latency spikes for 40 s every cycle.',
    scenario: {
      latencyMs: (t) => (within(t, s(60), s(100)) ? 450 + Math.random() * 300 : 18 + Math.random() * 25),
      status: (t) => (within(t, s(60), s(100)) ? 'warn' : 'pass'),
      errorRate: () => 0,
      dependencies: (t) => ({ postgres: 'pass', redis: 'pass', 'payments-provider': within(t, s(60), s(100)) ? 'warn' : 'pass' })
    }
  },
  {
    name: 'auth',
    environment: 'production',
    region: 'eu-west-1',
    description: 'Login and tokens. Has a 90 s outage every cycle.',
    scenario: {
      latencyMs: () => 8 + Math.random() * 10,
      status: (t) => (within(t, s(40), s(130)) ? 'fail' : 'pass'),
      errorRate: () => 0,
      dependencies: (t) => ({ postgres: within(t, s(40), s(130)) ? 'fail' : 'pass', 'session-cache': 'pass' })
    }
  },
  {
    name: 'search',
    environment: 'production',
    region: 'us-east-1',
    description: 'Product search. Its Elasticsearch dependency is degraded most of the cycle.',
    scenario: {
      latencyMs: () => 35 + Math.random() * 40,
      status: (t) => (within(t, s(20), s(300)) ? 'warn' : 'pass'),
      errorRate: () => 0,
      dependencies: (t) => ({ elasticsearch: within(t, s(20), s(300)) ? 'warn' : 'pass', 'catalog-api': 'pass' })
    }
  },
  {
    name: 'billing-worker',
    environment: 'staging',
    region: 'eu-west-1',
    description: 'Invoice generation. About 15 % of health requests fail with 500.',
    scenario: {
      latencyMs: () => 60 + Math.random() * 80,
      status: () => 'pass',
      errorRate: () => 0.15,
      dependencies: () => ({ postgres: 'pass', 'pdf-renderer': 'pass' })
    }
  },
  {
    name: 'recommendations',
    environment: 'production',
    region: 'us-east-1',
    description: 'Spring Boot service exposing /actuator/health.',
    scenario: {
      latencyMs: () => 22 + Math.random() * 15,
      status: () => 'pass',
      errorRate: () => 0,
      dependencies: () => ({ db: 'pass', diskSpace: 'pass' }),
      format: 'actuator'
    }
  },
  {
    name: 'reporting',
    environment: 'staging',
    region: 'us-east-1',
    description: 'Nightly reports; in a maintenance window during the demo.',
    scenario: {
      latencyMs: () => 40 + Math.random() * 20,
      status: (t) => (within(t, s(0), s(200)) ? 'fail' : 'pass'),
      errorRate: () => 0,
      dependencies: () => ({ warehouse: 'pass' })
    }
  }
]

const actuator = (st: string): string => (st === 'pass' ? 'UP' : st === 'warn' ? 'UNKNOWN' : 'DOWN')

function body(svc: FleetService, path: string, t: number): { code: number; type: string; json: unknown } | null {
  const sc = svc.scenario
  const status = sc.status(t)
  const time = new Date().toISOString()
  const deps = sc.dependencies(t)
  if (sc.format === 'actuator') {
    if (path !== '/actuator/health') return null
    const components = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, { status: actuator(v) }]))
    return {
      code: status === 'fail' ? 503 : 200,
      type: 'application/vnd.spring-boot.actuator.v3+json',
      json: { status: actuator(status), components }
    }
  }
  const code = status === 'fail' ? 503 : 200
  const base = { status, version: '1', releaseId: '2026.11.3', serviceId: svc.name, description: svc.description }
  if (path === '/api/health') {
    return {
      code,
      type: 'application/health+json',
      json: {
        ...base,
        checks: {
          'uptime:seconds': [
            { componentType: 'system', observedValue: Math.round(process.uptime()), observedUnit: 's', status: 'pass', time }
          ]
        }
      }
    }
  }
  if (path === '/api/health/detailed') {
    const cpu = status === 'warn' ? 88 + Math.random() * 8 : 20 + Math.random() * 25
    return {
      code,
      type: 'application/health+json',
      json: {
        ...base,
        checks: {
          'cpu:utilization': [
            {
              componentType: 'system',
              observedValue: Number(cpu.toFixed(1)),
              observedUnit: 'percent',
              status: cpu > 85 ? 'warn' : 'pass',
              time
            }
          ],
          'memory:utilization': [
            {
              componentType: 'system',
              observedValue: Number((55 + Math.random() * 10).toFixed(1)),
              observedUnit: 'percent',
              status: 'pass',
              time
            }
          ],
          'disk:utilization': [{ componentType: 'system', observedValue: 71.5, observedUnit: 'percent', status: 'pass', time }],
          'http:responseTime': [
            { componentType: 'component', observedValue: Math.round(sc.latencyMs(t)), observedUnit: 'ms', status, time }
          ]
        }
      }
    }
  }
  if (path === '/api/health/services') {
    const checks = Object.fromEntries(
      Object.entries(deps).map(([name, st]) => [
        `${name}:status`,
        [
          {
            componentId: name,
            componentType: 'datastore',
            status: st,
            time,
            ...(st !== 'pass' ? { output: st === 'warn' ? `${name} is slow` : `${name} is unreachable` } : {})
          }
        ]
      ])
    )
    return { code, type: 'application/health+json', json: { ...base, checks } }
  }
  return null
}

export interface RunningFleet {
  services: (FleetService & { url: string })[]
  /** A loopback "ops bot" that receives alert webhooks: POST to hookUrl, GET it to read what arrived. */
  hookUrl: string
  received: { at: number; event: string; body: unknown }[]
  close(): Promise<void>
}

async function startOpsBot(received: RunningFleet['received']): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.end(JSON.stringify(received))
    }
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      let body: unknown = raw
      try {
        body = JSON.parse(raw)
      } catch {
        // keep the raw text
      }
      received.push({ at: Date.now(), event: String(req.headers['x-console-event'] ?? ''), body })
      if (received.length > 500) received.shift()
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts` }
}

export async function startFleet(opts: { cycleMs?: number; now?: () => number } = {}): Promise<RunningFleet> {
  const cycle = opts.cycleMs ?? CYCLE_MS
  const now = opts.now ?? Date.now
  const started = now()
  const servers: http.Server[] = []
  const out: (FleetService & { url: string })[] = []
  for (const svc of DEMO_SERVICES) {
    const server = http.createServer((req, res) => {
      const t = (now() - started) % cycle
      const path = (req.url ?? '/').split('?')[0]!
      const answer = body(svc, path, t)
      const delay = svc.scenario.latencyMs(t)
      setTimeout(() => {
        if (!answer) {
          res.writeHead(404, { 'content-type': 'text/plain' })
          return void res.end('not found')
        }
        if (Math.random() < svc.scenario.errorRate(t)) {
          res.writeHead(500, { 'content-type': 'text/plain' })
          return void res.end('internal server error: worker pool exhausted')
        }
        res.writeHead(answer.code, { 'content-type': answer.type, 'cache-control': 'no-store' })
        res.end(JSON.stringify(answer.json))
      }, delay)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    out.push({ ...svc, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
  }
  const received: RunningFleet['received'] = []
  const bot = await startOpsBot(received)
  servers.push(bot.server)
  return {
    services: out,
    hookUrl: bot.url,
    received,
    close: async () => {
      await Promise.all(servers.map((sv) => new Promise<void>((r) => (sv.closeAllConnections(), sv.close(() => r())))))
    }
  }
}

/** The YAML that points a workspace at a running fleet. */
export function fleetYaml(fleet: RunningFleet): string {
  const lines = ['services:']
  for (const svc of fleet.services) {
    lines.push(
      `  - name: ${svc.name}`,
      `    environment: ${svc.environment}`,
      `    region: ${svc.region}`,
      `    description: "${svc.description}"`,
      `    tags: { demo: "true" }`,
      `    checks:`
    )
    if (svc.scenario.format === 'actuator') {
      lines.push(`      - name: actuator`, `        type: http`, `        url: ${svc.url}/actuator/health`, `        interval: 5`)
    } else {
      for (const [name, path] of [
        ['health', '/api/health'],
        ['detailed', '/api/health/detailed'],
        ['dependencies', '/api/health/services']
      ] as const) {
        lines.push(
          `      - name: ${name}`,
          `        type: http`,
          `        url: ${svc.url}${path}`,
          `        interval: 5`,
          `        timeoutMs: 3000`
        )
        if (name === 'health') lines.push(`        retries: 1`, `        conditions: ["[RESPONSE_TIME] < 1000"]`)
      }
    }
    if (svc.name === 'auth')
      lines.push(
        `      - name: port`,
        `        type: tcp`,
        `        host: 127.0.0.1`,
        `        port: ${new URL(svc.url).port}`,
        `        interval: 10`
      )
  }
  return lines.join('\n') + '\n'
}
