/**
 * A /metrics endpoint with six hours of history (samples carry timestamps, one a minute) for two services:
 * "checkout" (healthy, over-provisioned: 0.3 of 2 requested cores) and "billing" (5 % errors, slower after the
 * deploy of v2 two hours ago, near its CPU request, its time split into database, rendering and a payments API call),
 * plus a disk that fills. For e2e specs and docs screenshots.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

const MIN = 60_000
const HOURS = 6

/**
 * Six hours of history up to the last whole minute before `now`. Counters accumulate from six hours before `origin`
 * fixed start, so a sample keeps its value from one scrape to the next (two scrapes either side of a minute boundary
 * once stored different values for the same timestamp, and the error ratio read 4.99 % instead of 5.00 %).
 */
function page(now: number, origin: number): string {
  const end = Math.max(origin, Math.floor(now / MIN) * MIN - MIN)
  const start = origin - HOURS * 60 * MIN
  /** The page shows six hours (the same number of samples on every scrape); counters have run since `start`. */
  const shown = end - HOURS * 60 * MIN
  const deploy = origin - 2 * 60 * MIN
  const lines: string[] = []
  const svc = [
    { job: 'checkout', rps: 40, err: 0.004, cpu: 0.3, slowAfterDeploy: 0 },
    { job: 'billing', rps: 8, err: 0.05, cpu: 1.9, slowAfterDeploy: 0.5 }
  ]
  for (const s of svc) {
    let req = 0
    let errs = 0
    let cpu = 0
    const b = { '0.1': 0, '0.5': 0, '1': 0, '+Inf': 0 }
    /** Seconds spent per stage (billing only): a mean request of 0.6 s is 0.33 s database, 0.12 s rendering, 0.09 s payments API. */
    const spent = { total: 0, count: 0, db: 0, render: 0, payments: 0 }
    for (let t = start; t <= end; t += MIN) {
      const wave = 1 + 0.4 * Math.sin(((t - start) / (HOURS * 60 * MIN)) * 2 * Math.PI) + 0.05 * Math.sin(t / 97_000)
      const n = s.rps * 60 * wave
      req += n * (1 - s.err)
      errs += n * s.err
      cpu += s.cpu * 60 * (0.8 + 0.2 * wave)
      const slow = t > deploy ? s.slowAfterDeploy : 0
      b['0.1'] += n * (0.7 - slow)
      b['0.5'] += n * (0.97 - slow * 0.6)
      b['1'] += n * 0.995
      b['+Inf'] += n
      Object.assign(spent, { total: spent.total + n * 0.6, count: spent.count + n, db: spent.db + n * 0.33 })
      Object.assign(spent, { render: spent.render + n * 0.12, payments: spent.payments + n * 0.09 })
      if (t < shown) continue
      const inst = `${s.job}-1:8080`
      const orders = `job="${s.job}",handler="/api/orders"`
      if (s.job === 'billing')
        lines.push(
          `http_request_duration_seconds_sum{${orders}} ${spent.total.toFixed(2)} ${t}`,
          `http_request_duration_seconds_count{${orders}} ${spent.count.toFixed(1)} ${t}`,
          `http_request_duration_seconds_sum{${orders},stage="db"} ${spent.db.toFixed(2)} ${t}`,
          `http_request_duration_seconds_sum{${orders},stage="render"} ${spent.render.toFixed(2)} ${t}`,
          `payments_api_seconds_sum{${orders}} ${spent.payments.toFixed(2)} ${t}`
        )
      lines.push(
        `http_requests_total{job="${s.job}",code="200",handler="/api/orders"} ${req.toFixed(1)} ${t}`,
        `http_requests_total{job="${s.job}",code="500",handler="/api/orders"} ${errs.toFixed(1)} ${t}`,
        ...Object.entries(b).map(
          ([le, v]) => `http_request_duration_seconds_bucket{job="${s.job}",handler="/api/orders",le="${le}"} ${v.toFixed(1)} ${t}`
        ),
        `process_cpu_seconds_total{job="${s.job}",instance="${inst}"} ${cpu.toFixed(2)} ${t}`,
        `process_resident_memory_bytes{job="${s.job}",instance="${inst}"} ${Math.round(3e8 + 4e7 * wave)} ${t}`,
        `process_open_fds{job="${s.job}",instance="${inst}"} ${Math.round(200 + 100 * wave)} ${t}`,
        `process_max_fds{job="${s.job}",instance="${inst}"} 1024 ${t}`,
        `node_filesystem_size_bytes{job="${s.job}",instance="${inst}"} 100000000000 ${t}`,
        `node_filesystem_avail_bytes{job="${s.job}",instance="${inst}"} ${Math.round(40e9 - ((t - start) / MIN) * 2e7 + 1e7 * Math.sin(t / 600_000))} ${t}`,
        `kube_pod_container_resource_requests{job="${s.job}",resource="cpu"} 2 ${t}`,
        `app_build_info{job="${s.job}",version="${t > deploy ? 'v2' : 'v1'}"} 1 ${t}`
      )
    }
  }
  return lines.join('\n') + '\n'
}

export function historyExporter(): Promise<{ url: string; close: () => Promise<void> }> {
  const origin = Math.floor(Date.now() / MIN) * MIN - MIN
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4')
    res.end(page(Date.now(), origin))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ url: `http://127.0.0.1:${port}/metrics`, close: () => new Promise((r) => server.close(() => r())) })
    })
  )
}
