/**
 * The console's own metrics, served in serve mode at /metrics as OpenMetrics 1.0: check results and latency
 * histograms (from the health port), check states, alert events, metric rules by state and the scraper's targets.
 * An existing Prometheus/Grafana stack can scrape it and take over.
 */
import type { EventBus } from '../../core/bus'
import type { HealthReader } from '../health/api'
import type { MetricsRepo } from './repo'

/** Latency buckets, seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface CheckStats {
  service: string
  check: string
  results: Map<string, number>
  buckets: number[]
  count: number
  sum: number
  state: string
}

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
const labels = (l: Record<string, string>): string =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`
const num = (v: number): string => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v))

export class SelfMetrics {
  private checks = new Map<number, CheckStats>()
  private alertEvents = 0
  private unsubscribe: (() => void)[] = []

  constructor(
    private repo: MetricsRepo,
    bus: EventBus,
    health: HealthReader | null
  ) {
    if (health)
      this.unsubscribe.push(
        health.onResult((e) => this.record(e.checkId, e.serviceName, e.checkName, e.outcome.status, e.outcome.latencyMs, e.state))
      )
    this.unsubscribe.push(bus.on('alerts:changed', () => void this.alertEvents++))
  }

  record(checkId: number, service: string, check: string, status: string, latencyMs: number, state: string): void {
    let s = this.checks.get(checkId)
    if (!s)
      this.checks.set(checkId, (s = { service, check, results: new Map(), buckets: LATENCY_BUCKETS.map(() => 0), count: 0, sum: 0, state }))
    s.results.set(status, (s.results.get(status) ?? 0) + 1)
    const sec = latencyMs / 1000
    LATENCY_BUCKETS.forEach((le, i) => {
      if (sec <= le) s.buckets[i]!++
    })
    s.count++
    s.sum += sec
    s.state = state
  }

  exposition(): string {
    const out: string[] = []
    const checks = [...this.checks.values()]
    out.push('# TYPE console_check_results counter', '# HELP console_check_results Finished checks by outcome.')
    for (const c of checks)
      for (const [outcome, n] of c.results)
        out.push(`console_check_results_total${labels({ service: c.service, check: c.check, outcome })} ${n}`)
    out.push(
      '# TYPE console_check_latency_seconds histogram',
      '# UNIT console_check_latency_seconds seconds',
      '# HELP console_check_latency_seconds Check latency.'
    )
    for (const c of checks) {
      const base = { service: c.service, check: c.check }
      LATENCY_BUCKETS.forEach((le, i) =>
        out.push(`console_check_latency_seconds_bucket${labels({ ...base, le: String(le) })} ${c.buckets[i]}`)
      )
      out.push(`console_check_latency_seconds_bucket${labels({ ...base, le: '+Inf' })} ${c.count}`)
      out.push(
        `console_check_latency_seconds_count${labels(base)} ${c.count}`,
        `console_check_latency_seconds_sum${labels(base)} ${num(c.sum)}`
      )
    }
    out.push('# TYPE console_check_state stateset', '# HELP console_check_state The state of each check.')
    for (const c of checks)
      for (const st of ['UP', 'DEGRADED', 'DOWN', 'PENDING', 'PAUSED', 'MAINTENANCE'])
        out.push(`console_check_state${labels({ service: c.service, check: c.check, console_check_state: st })} ${c.state === st ? 1 : 0}`)
    out.push(
      '# TYPE console_alert_events counter',
      '# HELP console_alert_events Alert changes (opened, acknowledged, resolved) since start.'
    )
    out.push(`console_alert_events_total ${this.alertEvents}`)
    out.push('# TYPE console_metric_rules gauge', '# HELP console_metric_rules Metric alert rules by state.')
    const rules = this.repo.rules()
    for (const st of ['ok', 'pending', 'firing', 'error'])
      out.push(`console_metric_rules${labels({ state: st })} ${rules.filter((r) => r.state === st).length}`)
    out.push(
      '# TYPE console_scrape_target_up gauge',
      '# HELP console_scrape_target_up Whether the last scrape of each built-in target worked.'
    )
    for (const t of this.repo.targets())
      if (t.last_scrape_at !== null)
        out.push(`console_scrape_target_up${labels({ job: t.job, url: t.url })} ${t.last_error === null ? 1 : 0}`)
    out.push('# EOF')
    return out.join('\n') + '\n'
  }

  stop(): void {
    for (const u of this.unsubscribe) u()
  }
}
