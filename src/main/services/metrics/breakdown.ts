/**
 * Where a slow endpoint's time goes, when the metrics allow it: the request-duration histogram split by a stage label
 * (`http_request_duration_seconds_sum{stage="db"}`), and other duration sums of the same service and handler
 * (`db_query_duration_seconds_sum`, `http_client_request_duration_seconds_sum` …), each as seconds per request and its
 * share of the mean request duration over the window; what they leave is "other (not measured)".
 */
import type { DashboardLabels, MetricRecommendation } from '../../../shared/contract/metrics'
import { METRIC_NAME } from './promql/values'
import type { MetricsService } from './service'

export type Breakdown = NonNullable<MetricRecommendation['breakdown']>

const quote = (s: string): string => JSON.stringify(s)

export async function whereTimeGoes(
  m: MetricsService,
  o: { sourceId: number; labels: DashboardLabels; windowS: number },
  service: string,
  handler: string | null
): Promise<Breakdown | null> {
  const l = o.labels
  const now = m.deps.clock.now()
  const sel = `${l.service}=${quote(service)}${handler === null ? '' : `,handler=${quote(handler)}`}`
  const w = `[${o.windowS}s]`
  const one = async (q: string): Promise<number | null> => (await m.query(o.sourceId, q, now)).series[0]?.points[0]?.[1] ?? null
  const requests = await one(`sum(increase(${l.duration}_count{${sel},${l.stage}=""}${w}))`)
  const total = await one(`sum(increase(${l.duration}_sum{${sel},${l.stage}=""}${w}))`)
  if (!requests || !total || !(requests > 0) || !(total > 0)) return null
  const mean = total / requests
  const parts: { component: string; seconds: number }[] = []
  for (const s of (await m.query(o.sourceId, `sum by (${l.stage}) (increase(${l.duration}_sum{${sel},${l.stage}!=""}${w}))`, now)).series) {
    const v = s.points[0]?.[1]
    const stage = s.labels[l.stage]
    if (stage && v !== null && v !== undefined && v > 0) parts.push({ component: stage, seconds: v / requests })
  }
  const others = await m.series(o.sourceId, [`{${METRIC_NAME}=~".+_seconds_sum",${sel}}`], now - o.windowS * 1000, now)
  for (const name of new Set(others.map((s) => s[METRIC_NAME]!))) {
    if (name === `${l.duration}_sum`) continue
    const v = await one(`sum(increase(${name}{${sel}}${w}))`)
    if (v !== null && v > 0) parts.push({ component: name.replace(/_seconds_sum$/, ''), seconds: v / requests })
  }
  if (!parts.length) return null
  parts.sort((a, b) => b.seconds - a.seconds)
  const measured = parts.reduce((s, p) => s + p.seconds, 0)
  if (measured < mean * 0.999) parts.push({ component: 'other (not measured)', seconds: mean - measured })
  return parts.map((p) => ({ ...p, share: p.seconds / mean }))
}
