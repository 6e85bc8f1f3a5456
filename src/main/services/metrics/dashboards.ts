/** The standard RED and USE queries of one service, with the label names a team uses. */
import type { DashboardLabels, Panel } from '../../../shared/contract/metrics'

export const DEFAULT_LABELS: DashboardLabels = {
  service: 'job',
  requests: 'http_requests_total',
  status: 'code',
  duration: 'http_request_duration_seconds',
  instance: 'instance',
  buildInfo: 'app_build_info',
  version: 'version',
  stage: 'stage'
}

const quote = (s: string): string => JSON.stringify(s)

export interface PanelQuery {
  id: Panel['id']
  title: string
  unit: string
  /** One or more queries; each result series gets the `legend` label when given. */
  queries: { expr: string; legend?: string }[]
}

/** The rate window: long enough for at least four samples of a 15 s scrape. */
export const rateWindow = (stepS: number): string => `${Math.max(60, Math.ceil(stepS * 2))}s`

export function panelQueries(service: string, l: DashboardLabels, stepS: number): PanelQuery[] {
  const sel = `${l.service}=${quote(service)}`
  const w = rateWindow(stepS)
  const req = `sum(rate(${l.requests}{${sel}}[${w}]))`
  const latency = (q: number): string => `histogram_quantile(${q}, sum by (le) (rate(${l.duration}_bucket{${sel}}[${w}])))`
  return [
    { id: 'rate', title: 'Request rate', unit: 'req/s', queries: [{ expr: req }] },
    {
      id: 'errors',
      title: 'Error ratio (5xx)',
      unit: 'ratio',
      queries: [{ expr: `sum(rate(${l.requests}{${sel},${l.status}=~"5.."}[${w}])) / ${req}` }]
    },
    {
      id: 'latency',
      title: 'Latency p50 / p95 / p99',
      unit: 's',
      queries: [
        { expr: latency(0.5), legend: 'p50' },
        { expr: latency(0.95), legend: 'p95' },
        { expr: latency(0.99), legend: 'p99' }
      ]
    },
    {
      id: 'cpu',
      title: 'CPU',
      unit: 'cores',
      queries: [{ expr: `sum by (${l.instance}) (rate(process_cpu_seconds_total{${sel}}[${w}]))` }]
    },
    {
      id: 'memory',
      title: 'Memory (resident)',
      unit: 'bytes',
      queries: [{ expr: `sum by (${l.instance}) (process_resident_memory_bytes{${sel}})` }]
    },
    {
      id: 'disk',
      title: 'Disk used',
      unit: 'ratio',
      queries: [
        {
          expr: `1 - sum by (${l.instance}) (node_filesystem_avail_bytes{${sel}}) / sum by (${l.instance}) (node_filesystem_size_bytes{${sel}})`
        }
      ]
    },
    {
      id: 'saturation',
      title: 'Saturation (open files / limit)',
      unit: 'ratio',
      queries: [{ expr: `max by (${l.instance}) (process_open_fds{${sel}} / process_max_fds{${sel}})` }]
    }
  ]
}

export function fleetQueries(l: DashboardLabels, windowS: number): { rate: string; errors: string; p95: string } {
  const w = `${windowS}s`
  return {
    rate: `sum by (${l.service}) (rate(${l.requests}[${w}]))`,
    errors: `sum by (${l.service}) (rate(${l.requests}{${l.status}=~"5.."}[${w}])) / sum by (${l.service}) (rate(${l.requests}[${w}]))`,
    p95: `histogram_quantile(0.95, sum by (${l.service}, le) (rate(${l.duration}_bucket[${w}])))`
  }
}

export const deployQuery = (service: string, l: DashboardLabels): string =>
  `group by (${l.version}) (${l.buildInfo}{${l.service}=${quote(service)}})`

/** Deploys: the first time each version shows in a range query of deployQuery, after the range's first point. */
export function deploysOf(
  series: { labels: Record<string, string>; points: [number, number | null][] }[],
  version: string
): { t: number; version: string }[] {
  const first = Math.min(...series.map((s) => s.points[0]?.[0] ?? Infinity))
  return series
    .map((s) => ({ t: s.points[0]?.[0] ?? Infinity, version: s.labels[version] ?? '' }))
    .filter((d) => Number.isFinite(d.t) && d.t > first)
    .sort((a, b) => a.t - b.t)
}
