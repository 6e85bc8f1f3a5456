/**
 * What a load test records: HDR histograms of latency (overall, per endpoint, per second), counters, statuses and
 * error classes, and one sink per threshold key (k6's sub-metrics, e.g. `http_req_duration{name:login}`).
 */
import type { Percentiles, ThresholdResult } from '../../../../shared/contract/testingLoad'
import { compare, METRICS, type ParsedThreshold } from '../../../../shared/testing/thresholds'
import type { ErrorClass } from './client'
import { Hdr } from './hdr'
import type { CompiledRequest } from './plan'

const PS = [0.5, 0.9, 0.95, 0.99, 0.999]
const ms = (us: number): number => Math.round(us) / 1000

export function percentilesOf(h: Hdr): Percentiles {
  const [p50, p90, p95, p99, p999] = h.percentiles(PS).map(ms) as [number, number, number, number, number]
  return { count: h.count, min: h.count ? ms(h.min) : 0, mean: ms(h.mean), p50, p90, p95, p99, p999, max: ms(h.max) }
}

/** A k6 sub-metric: one metric with a tag filter; thresholds on the same key share it. */
class Sink {
  readonly hdr: Hdr | null
  count = 0
  trues = 0
  readonly statusTag: string | undefined
  readonly expectedTag: string | undefined
  readonly matches: boolean[]

  constructor(
    readonly metric: ParsedThreshold['metric'],
    tags: Record<string, string>,
    requests: CompiledRequest[]
  ) {
    this.hdr = METRICS[metric] === 'trend' ? new Hdr() : null
    const { status, expected_response, ...rest } = tags
    this.statusTag = status
    this.expectedTag = expected_response
    this.matches = requests.map((r) => Object.entries(rest).every(([k, v]) => r.tags[k] === v))
  }

  accepts(req: number, status: number, ok: boolean): boolean {
    return (
      this.matches[req]! &&
      (this.statusTag === undefined || this.statusTag === String(status)) &&
      (this.expectedTag === undefined || this.expectedTag === String(ok))
    )
  }
}

export interface SecondPoint {
  sent: number
  completed: number
  failed: number
  dropped: number
}

export class Recorder {
  readonly latency = new Hdr()
  readonly service = new Hdr()
  readonly sendLag = new Hdr()
  readonly queueWait = new Hdr()
  readonly endpoints: { hdr: Hdr; requests: number; failed: number }[]
  readonly statuses = new Map<number, number>()
  readonly errors = new Map<string, number>()
  requests = 0
  failed = 0
  bytes = 0
  scheduled = 0
  dropped = 0
  completedIterations = 0
  /** The second being filled; closed by `closeSecond()`. */
  readonly now: SecondPoint & { hdr: Hdr } = { sent: 0, completed: 0, failed: 0, dropped: 0, hdr: new Hdr() }
  readonly series = {
    t: [] as number[],
    targetRate: [] as (number | null)[],
    sent: [] as number[],
    completed: [] as number[],
    failed: [] as number[],
    dropped: [] as number[],
    vus: [] as number[],
    p50: [] as (number | null)[],
    p95: [] as (number | null)[],
    p99: [] as (number | null)[]
  }
  private sinks = new Map<string, Sink>()
  private sinkList: Sink[]

  constructor(
    private requestsList: CompiledRequest[],
    readonly thresholds: ParsedThreshold[]
  ) {
    this.endpoints = requestsList.map(() => ({ hdr: new Hdr(), requests: 0, failed: 0 }))
    for (const t of thresholds) if (!this.sinks.has(t.key)) this.sinks.set(t.key, new Sink(t.metric, t.tags, requestsList))
    this.sinkList = [...this.sinks.values()]
  }

  sent(): void {
    this.now.sent++
  }

  /** One finished request; latency and service time in ms. */
  response(req: number, status: number, error: ErrorClass | null, latencyMs: number, serviceMs: number, bytes: number): void {
    const ok = error === null && this.requestsList[req]!.accepts(status)
    const us = latencyMs * 1000
    this.latency.record(us)
    this.service.record(serviceMs * 1000)
    this.now.hdr.record(us)
    const ep = this.endpoints[req]!
    ep.hdr.record(us)
    ep.requests++
    this.requests++
    this.completedIterations++
    this.bytes += bytes
    this.now.completed++
    if (status) this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1)
    if (!ok) {
      ep.failed++
      this.failed++
      this.now.failed++
      const cls = error ?? (status >= 500 ? 'http 5xx' : status >= 400 ? 'http 4xx' : `http ${Math.floor(status / 100)}xx`)
      const key = `${cls}|${error ? '' : status}`
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1)
    }
    for (const s of this.sinkList) {
      if (s.metric === 'dropped_iterations' || !s.accepts(req, status, ok)) continue
      s.count++
      if (s.metric === 'http_req_failed' && !ok) s.trues++
      else if (s.metric === 'data_received') s.trues += bytes
      s.hdr?.record(us)
    }
  }

  drop(req: number): void {
    this.dropped++
    this.now.dropped++
    for (const s of this.sinkList) if (s.metric === 'dropped_iterations' && s.matches[req]) s.count++
  }

  closeSecond(t: number, targetRate: number | null, vus: number): void {
    const s = this.series
    const h = this.now.hdr
    const [p50, p95, p99] = h.count ? h.percentiles([0.5, 0.95, 0.99]).map(ms) : [null, null, null]
    s.t.push(t)
    s.targetRate.push(targetRate === null ? null : Math.round(targetRate * 100) / 100)
    s.sent.push(this.now.sent)
    s.completed.push(this.now.completed)
    s.failed.push(this.now.failed)
    s.dropped.push(this.now.dropped)
    s.vus.push(vus)
    s.p50.push(p50 ?? null)
    s.p95.push(p95 ?? null)
    s.p99.push(p99 ?? null)
    this.now.sent = this.now.completed = this.now.failed = this.now.dropped = 0
    h.reset()
  }

  /** The value a threshold compares, or null when its sub-metric has no samples. */
  private valueOf(t: ParsedThreshold, elapsedS: number): number | null {
    const s = this.sinks.get(t.key)!
    const kind = METRICS[t.metric]
    if (s.count === 0 && kind !== 'counter') return null
    const a = t.agg
    if (s.hdr) {
      if (a.kind === 'p') return ms(s.hdr.percentile(a.p))
      if (a.kind === 'med') return ms(s.hdr.percentile(0.5))
      if (a.kind === 'avg') return ms(s.hdr.mean)
      if (a.kind === 'min') return ms(s.hdr.min)
      return ms(s.hdr.max)
    }
    if (t.metric === 'http_req_failed') return s.trues / s.count
    const total = t.metric === 'data_received' ? s.trues : s.count
    return a.kind === 'rate' ? (elapsedS > 0 ? total / elapsedS : 0) : total
  }

  evaluate(elapsedS: number, only?: (t: ParsedThreshold) => boolean): ThresholdResult[] {
    return this.thresholds
      .filter((t) => !only || only(t))
      .map((t) => {
        const value = this.valueOf(t, elapsedS)
        return {
          key: t.key,
          source: t.source,
          value: value === null ? null : Math.round(value * 1e6) / 1e6,
          ok: value !== null && compare(value, t.op, t.value),
          abortOnFail: t.abortOnFail
        }
      })
  }
}
