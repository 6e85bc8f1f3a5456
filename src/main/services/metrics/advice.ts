/**
 * Tuning and resource advice: CPU usage percentiles against requests (over- and under-provisioned workloads), the
 * slowest endpoints by p95, and accepted advice tracked against the usage measured since.
 */
import type { DashboardLabels, MetricRecommendation } from '../../../shared/contract/metrics'
import { whereTimeGoes } from './breakdown'
import { deployQuery, deploysOf } from './dashboards'
import { quantileOf } from './promql/functions'
import type { RecommendationRow } from './repo'
import type { MetricsService } from './service'

export const toRecommendation = (r: RecommendationRow): MetricRecommendation => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  detail: r.detail,
  evidenceQuery: r.evidence_query,
  baseline: r.baseline,
  savingPerMonth: r.saving_per_month,
  savingBasis: r.saving_basis,
  savingCurrency: r.saving_currency,
  breakdown: r.breakdown === null ? null : (JSON.parse(r.breakdown) as MetricRecommendation['breakdown']),
  state: r.state,
  snoozedUntil: r.snoozed_until,
  acceptedAt: r.accepted_at,
  measured: r.measured,
  createdAt: r.created_at
})

/** A workload using at most this share of its request at p95 is over-provisioned; above UNDER, under-provisioned. */
export const OVER = 0.5
export const UNDER = 0.9
/** p95 after a deploy this much above the p95 before it is a regression. */
export const REGRESSION = 1.2
const HOURS_PER_MONTH = 730

export interface AdviceOptions {
  sourceId: number
  labels: DashboardLabels
  windowS: number
  /** Price of one requested CPU core per hour and where it comes from (the costs area when it knows; else the typed price). */
  coreHourPrice: (service: string) => { price: number; currency: string; basis: string } | null
}

export async function analyze(m: MetricsService, o: AdviceOptions): Promise<void> {
  const now = m.deps.clock.now()
  const l = o.labels
  const usageQuery = `sum by (${l.service}) (rate(process_cpu_seconds_total[5m]))`
  const requestQuery = `sum by (${l.service}) (kube_pod_container_resource_requests{resource="cpu"})`
  const usage = await m.queryRange({ sourceId: o.sourceId, query: usageQuery, start: now - o.windowS * 1000, end: now })
  const requests = await m.query(o.sourceId, requestQuery, now)
  for (const req of requests.series) {
    const service = req.labels[l.service]
    const requested = req.points[0]?.[1]
    if (service === undefined || !requested) continue
    const u = usage.series.find((s) => s.labels[l.service] === service)
    const values = (u?.points ?? []).map(([, v]) => v).filter((v): v is number => v !== null)
    if (values.length < 3) continue
    const p95 = quantileOf(0.95, values)
    const key = (kind: string): string => `${kind}:${service}`
    const price = o.coreHourPrice(service)
    if (p95 < OVER * requested) {
      const target = Math.max(p95 / 0.7, 0.05)
      m.repo.upsertRecommendation(
        {
          key: key('over-provisioned'),
          kind: 'over-provisioned',
          subject: service,
          detail: `CPU p95 ${p95.toFixed(3)} cores of ${requested} requested (${Math.round((100 * p95) / requested)} %): lower the request to ${target.toFixed(2)} cores`,
          evidence_query: `sum(rate(process_cpu_seconds_total{${l.service}="${service}"}[5m]))`,
          baseline: requested,
          saving_per_month: price === null ? null : (requested - target) * price.price * HOURS_PER_MONTH,
          saving_basis: price?.basis ?? null,
          saving_currency: price?.currency ?? null,
          breakdown: null
        },
        now
      )
    } else if (p95 > UNDER * requested) {
      m.repo.upsertRecommendation(
        {
          key: key('under-provisioned'),
          kind: 'under-provisioned',
          subject: service,
          detail: `CPU p95 ${p95.toFixed(3)} cores of ${requested} requested (${Math.round((100 * p95) / requested)} %): raise the request to ${(p95 / 0.7).toFixed(2)} cores`,
          evidence_query: `sum(rate(process_cpu_seconds_total{${l.service}="${service}"}[5m]))`,
          baseline: requested,
          saving_per_month: price === null ? null : -((p95 / 0.7 - requested) * price.price * HOURS_PER_MONTH),
          saving_basis: price?.basis ?? null,
          saving_currency: price?.currency ?? null,
          breakdown: null
        },
        now
      )
    }
    // accepted advice: what the service uses now, against the request it had
    for (const r of m.repo.recommendations('accepted')) if (r.subject === service) m.repo.recordMeasured(r.id, p95)
  }
  const slow = await m.query(
    o.sourceId,
    `topk(5, histogram_quantile(0.95, sum by (${l.service}, handler, le) (rate(${l.duration}_bucket{${l.stage}=""}[${o.windowS}s]))))`,
    now
  )
  for (const s of slow.series) {
    const v = s.points[0]?.[1]
    const service = s.labels[l.service]
    if (v === null || v === undefined || service === undefined || !(v > 0.5)) continue
    const handler = s.labels.handler ?? '(all)'
    const breakdown = await whereTimeGoes(m, o, service, s.labels.handler ?? null)
    m.repo.upsertRecommendation(
      {
        key: `slow-endpoint:${service}:${handler}`,
        kind: 'slow-endpoint',
        subject: `${service} ${handler}`,
        detail: `p95 latency ${v.toFixed(2)} s over the last ${Math.round(o.windowS / 3600)} h`,
        evidence_query: `histogram_quantile(0.95, sum by (le) (rate(${l.duration}_bucket{${l.service}="${service}",handler="${handler}",${l.stage}=""}[5m])))`,
        baseline: v,
        saving_per_month: null,
        saving_basis: null,
        saving_currency: null,
        breakdown: breakdown ? JSON.stringify(breakdown) : null
      },
      now
    )
  }
}

/** Services whose p95 latency over the hour after a deploy is REGRESSION× the hour before it. */
export async function deployRegressions(m: MetricsService, o: AdviceOptions): Promise<void> {
  const now = m.deps.clock.now()
  const l = o.labels
  const services = await m.query(o.sourceId, `group by (${l.service}) (${l.buildInfo})`, now)
  const hour = 3_600_000
  for (const svc of services.series) {
    const service = svc.labels[l.service]
    if (service === undefined) continue
    const history = await m.queryRange({ sourceId: o.sourceId, query: deployQuery(service, l), start: now - o.windowS * 1000, end: now })
    const p95 = `histogram_quantile(0.95, sum by (le) (rate(${l.duration}_bucket{${l.service}="${service}"}[1h])))`
    for (const d of deploysOf(history.series, l.version)) {
      const after = Math.min(now, d.t + hour)
      if (after - d.t < hour / 4) continue
      const before = (await m.query(o.sourceId, p95, d.t)).series[0]?.points[0]?.[1]
      const since = (await m.query(o.sourceId, p95.replace('[1h]', `[${Math.round((after - d.t) / 1000)}s]`), after)).series[0]
        ?.points[0]?.[1]
      if (!before || !since || !(since > REGRESSION * before)) continue
      m.repo.upsertRecommendation(
        {
          key: `deploy-regression:${service}:${d.version}`,
          kind: 'deploy-regression',
          subject: `${service} ${d.version}`,
          detail: `p95 latency ${since.toFixed(3)} s after the deploy of ${d.version}, ${before.toFixed(3)} s the hour before (+${Math.round((since / before - 1) * 100)} %)`,
          evidence_query: p95.replace('[1h]', '[5m]'),
          baseline: before,
          saving_per_month: null,
          saving_basis: null,
          saving_currency: null,
          breakdown: null
        },
        now
      )
    }
  }
}
