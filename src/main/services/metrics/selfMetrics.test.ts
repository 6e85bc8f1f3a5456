/** The console's own /metrics in serve mode: valid OpenMetrics, behind the token, and scraped by the real Prometheus. */
import { afterEach, describe, expect, it } from 'vitest'
import { servedApp, type ServedApp } from '../../../../tests/helpers/serve'
import { startPrometheus, type RunningPrometheus } from '../../../../tests/helpers/prometheus'
import { parseExposition } from './exposition'
import { promQuery } from './promClient'

let s: ServedApp | undefined
let prom: RunningPrometheus | undefined
afterEach(async () => {
  await prom?.stop()
  await s?.cleanup()
  prom = s = undefined
})

describe('/metrics in serve mode', () => {
  it('serves check results, latency histograms, states and rule counts as OpenMetrics behind the token', async () => {
    s = await servedApp()
    s.app.metrics.self.record(1, 'checkout', 'http', 'UP', 42, 'UP')
    s.app.metrics.self.record(1, 'checkout', 'http', 'DOWN', 3000, 'DOWN')
    expect((await fetch(`${s.server.url}/metrics`)).status).toBe(401)
    const res = await fetch(`${s.server.url}/metrics`, { headers: { authorization: `Bearer ${s.token}` } })
    expect(res.headers.get('content-type')).toContain('application/openmetrics-text')
    const page = parseExposition(await res.text(), res.headers.get('content-type')!)
    const value = (name: string, l: Record<string, string>): number | undefined =>
      page.samples.find((x) => x.labels.__name__ === name && Object.entries(l).every(([k, v]) => x.labels[k] === v))?.value
    expect(value('console_check_results_total', { service: 'checkout', outcome: 'DOWN' })).toBe(1)
    expect(value('console_check_latency_seconds_bucket', { le: '0.05' })).toBe(1)
    expect(value('console_check_latency_seconds_bucket', { le: '+Inf' })).toBe(2)
    expect(value('console_check_latency_seconds_sum', {})).toBeCloseTo(3.042, 9)
    expect(value('console_check_state', { console_check_state: 'DOWN' })).toBe(1)
    expect(value('console_check_state', { console_check_state: 'UP' })).toBe(0)
    expect(value('console_metric_rules', { state: 'ok' })).toBe(0)
  })

  it('is scraped by the real Prometheus with the API token', async () => {
    s = await servedApp()
    s.app.metrics.self.record(7, 'billing', 'tcp', 'UP', 12, 'UP')
    prom = await startPrometheus([{ job: 'console', url: `${s.server.url}/metrics`, bearer: s.token }])
    const conn = { url: prom.url, auth: { kind: 'none' as const }, tenant: null }
    let got: number | undefined
    for (let i = 0; i < 60 && got === undefined; i++) {
      await new Promise((r) => setTimeout(r, 500))
      got = (await promQuery(conn, 'console_check_results_total{service="billing"}', Date.now())).series[0]?.points[0]?.[1]
    }
    expect(got).toBe(1)
    const up = await promQuery(conn, 'up{job="console"}', Date.now())
    expect(up.series[0]?.points[0]?.[1]).toBe(1)
  }, 60_000)
})
