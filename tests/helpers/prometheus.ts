/** A real Prometheus on loopback scraping a fixture exporter every second (Debian's prometheus; .ci/run installs it). */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { tempDir } from './app'

export const PROMETHEUS_BIN = '/usr/bin/prometheus'

/** An exporter whose counter grows by a known step per scrape, with a histogram and a gauge. */
export function fixtureExporter(): Promise<{ url: string; scrapes: () => number; close: () => Promise<void> }> {
  let n = 0
  const server = http.createServer((req, res) => {
    n++
    const om = String(req.headers.accept ?? '').includes('openmetrics')
    const lines = [
      '# HELP http_requests_total Requests.',
      '# TYPE http_requests_total counter',
      `http_requests_total{code="200",handler="/api"} ${n * 7 + (n % 3)}`,
      `http_requests_total{code="500",handler="/api"} ${Math.floor(n / 2)}`,
      '# TYPE http_request_duration_seconds histogram',
      `http_request_duration_seconds_bucket{le="0.1"} ${n * 3}`,
      `http_request_duration_seconds_bucket{le="0.5"} ${n * 6}`,
      `http_request_duration_seconds_bucket{le="1"} ${n * 7}`,
      `http_request_duration_seconds_bucket{le="+Inf"} ${n * 7 + (n % 3)}`,
      `http_request_duration_seconds_sum ${n * 2.5}`,
      `http_request_duration_seconds_count ${n * 7 + (n % 3)}`,
      '# TYPE queue_depth gauge',
      `queue_depth ${(n * 13) % 17}`
    ]
    res.setHeader('content-type', om ? 'application/openmetrics-text; version=1.0.0; charset=utf-8' : 'text/plain; version=0.0.4')
    res.end(lines.join('\n') + (om ? '\n# EOF\n' : '\n'))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ url: `http://127.0.0.1:${port}/metrics`, scrapes: () => n, close: () => new Promise((r) => server.close(() => r())) })
    })
  )
}

async function freePort(): Promise<number> {
  const s = http.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const { port } = s.address() as AddressInfo
  await new Promise((r) => s.close(r))
  return port
}

export interface RunningPrometheus {
  url: string
  stop(): Promise<void>
}

/** Starts Prometheus scraping `targets` (host:port[/path]) every second; resolves once it answers /-/ready. */
export async function startPrometheus(targets: { job: string; url: string; bearer?: string }[]): Promise<RunningPrometheus> {
  const dir = tempDir('cc-prom-')
  const port = await freePort()
  const jobs = targets.map((t) => {
    const u = new URL(t.url)
    const auth = t.bearer ? `\n    authorization:\n      credentials: '${t.bearer}'` : ''
    return `  - job_name: ${t.job}\n    scrape_interval: 1s\n    metrics_path: ${u.pathname}${auth}\n    static_configs:\n      - targets: ['${u.host}']`
  })
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n${jobs.join('\n')}\n`
  )
  const proc: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`
    ],
    { stdio: 'ignore' }
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error('prometheus did not start')
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    stop: async () => {
      proc.kill('SIGTERM')
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)))
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}
