/** The metrics service on the built-in store (real SQLite file, manual clock): dashboards, fleet, forecasts, rules, advice. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { ManualClock } from '../../core/clock'
import { silentLogger } from '../../core/log'
import { dispatch } from '../../transport/dispatch'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { chooseStep, MAX_POINTS } from './promClient'
import { evalRange } from './promql/eval'
import { seriesKey } from './store'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 1)
let t: TestApp
let clock: ManualClock

beforeEach(() => {
  clock = new ManualClock(T0)
  t = tempApp({ clock })
})
afterEach(async () => t.cleanup())

/** Calls a channel as the transports do: input parsed (defaults), output checked against the contract. */
async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await dispatch(t.app.handlers, channel, input, { transport: 'ipc' } as never, { logger: silentLogger, checkOutput: true })
  if (!r.ok) throw AppError.fromBody(r.error)
  return r.data as ChannelOutput<C>
}

/** Writes one series into the store: value f(t) every stepMs over [from, to]. */
function seed(labels: Record<string, string>, f: (t: number) => number, from: number, to: number, stepMs: number): void {
  const repo = t.app.metrics.repo
  const id = repo.seriesId(labels.__name__!, seriesKey(labels))
  const rows = []
  for (let ts = from; ts <= to; ts += stepMs) rows.push({ seriesId: id, t: ts, v: f(ts) })
  repo.insertSamples(rows)
}

/** A service with a counter growing `rps` a second, a share of 5xx, a latency histogram and CPU use. */
function seedService(job: string, rps: number, errorShare: number, slow: boolean, cpu: number, from: number, to: number): void {
  const s = (ts: number): number => (ts - from) / 1000
  seed({ __name__: 'http_requests_total', job, code: '200', handler: '/api' }, (ts) => s(ts) * rps * (1 - errorShare), from, to, 15_000)
  seed({ __name__: 'http_requests_total', job, code: '500', handler: '/api' }, (ts) => s(ts) * rps * errorShare, from, to, 15_000)
  const shares: [string, number][] = slow
    ? [
        ['0.1', 0.1],
        ['0.5', 0.3],
        ['1', 0.5],
        ['+Inf', 1]
      ]
    : [
        ['0.1', 0.6],
        ['0.5', 0.95],
        ['1', 1],
        ['+Inf', 1]
      ]
  for (const [le, share] of shares)
    seed({ __name__: 'http_request_duration_seconds_bucket', job, handler: '/api', le }, (ts) => s(ts) * rps * share, from, to, 15_000)
  seed({ __name__: 'process_cpu_seconds_total', job, instance: `${job}:9100` }, (ts) => s(ts) * cpu, from, to, 15_000)
  seed({ __name__: 'process_resident_memory_bytes', job, instance: `${job}:9100` }, () => 2.5e8, from, to, 15_000)
  seed({ __name__: 'kube_pod_container_resource_requests', job, resource: 'cpu' }, () => 2, from, to, 15_000)
}

describe('dashboards on the built-in store', () => {
  it('computes RED and USE panels of one service', async () => {
    seedService('checkout', 20, 0.05, false, 0.4, T0 - DAY / 4, T0)
    const d = await call('metrics:dashboard', { sourceId: 0, service: 'checkout', start: T0 - 3_600_000, end: T0 })
    const panel = (id: string) => d.panels.find((p) => p.id === id)!
    const last = (id: string, i = 0) => panel(id).series[i]!.points.at(-1)![1]!
    expect(last('rate')).toBeCloseTo(20, 6)
    expect(last('errors')).toBeCloseTo(0.05, 6)
    expect(panel('latency').series.map((s) => s.labels.legend)).toEqual(['p50', 'p95', 'p99'])
    // p50: rank 0.5 in the first bucket (0.6 of requests under 0.1 s): 0.1 * 0.5 / 0.6
    expect(last('latency', 0)).toBeCloseTo(0.1 * (0.5 / 0.6), 6)
    expect(last('cpu')).toBeCloseTo(0.4, 6)
    expect(last('memory')).toBe(2.5e8)
    expect(panel('disk').series).toEqual([])
    expect(panel('disk').error).toBeNull()
  })

  it('ranks the fleet worst first', async () => {
    seedService('checkout', 20, 0.01, false, 0.4, T0 - 3_600_000, T0)
    seedService('billing', 5, 0.2, true, 0.1, T0 - 3_600_000, T0)
    const fleet = await call('metrics:fleet', { sourceId: 0, windowS: 300 })
    expect(fleet.map((r) => r.service)).toEqual(['billing', 'checkout'])
    expect(fleet[0]!.errorRatio).toBeCloseTo(0.2, 6)
    expect(fleet[0]!.p95).toBeGreaterThan(0.5)
  })

  it('thins instant selectors of a range query to the last sample per step without changing the answer', () => {
    seed({ __name__: 'load', job: 'x' }, (ts) => Math.sin(ts / 7_000_000) + ts / 1e12, T0 - DAY, T0, 15_000)
    seed({ __name__: 'load', job: 'y' }, (ts) => Math.cos(ts / 5_000_000), T0 - DAY / 2, T0 - DAY / 4, 60_000)
    const store = t.app.metrics.store
    const full = { select: (m: Parameters<typeof store.select>[0], from: number, to: number) => store.select(m, from, to) }
    for (const [q, step] of [
      ['load', 300_000],
      ['sum by (job) (load) - load offset 7m', 120_000],
      ['max_over_time(load[10m]) - load', 600_000]
    ] as const) {
      const thinned = evalRange(q, store, T0 - DAY + 1234, T0, step)
      expect(thinned.length).toBeGreaterThan(0)
      expect(thinned).toEqual(evalRange(q, full, T0 - DAY + 1234, T0, step))
    }
  })

  it('refuses a bad query with the field and the position', async () => {
    await expect(call('metrics:query', { sourceId: 0, query: 'sum(rate(x[5m])' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'query'
    })
  })

  it('chooses a step that keeps 30 days under 11,000 points a series', () => {
    const step = chooseStep(T0 - 30 * DAY, T0, 20_000)
    expect((30 * DAY) / 1000 / step + 1).toBeLessThanOrEqual(MAX_POINTS)
    expect(chooseStep(T0 - 3_600_000, T0)).toBe(10)
  })
})

describe('forecasts and capacity warnings', () => {
  it('says when a filling disk will be full', async () => {
    // used bytes grow 1 GB a day with a little noise; the disk holds 100 GB and is 80 GB used now
    const noise = (ts: number): number => Math.sin(ts / 3_600_000) * 2e7
    seed({ __name__: 'disk_used_bytes', job: 'db' }, (ts) => 80e9 - ((T0 - ts) / DAY) * 1e9 + noise(ts), T0 - 20 * DAY, T0, 3_600_000)
    const [f] = await call('metrics:forecast', {
      sourceId: 0,
      query: 'disk_used_bytes',
      start: T0 - 20 * DAY,
      end: T0,
      stepS: 3600,
      horizonSteps: 24 * 30,
      threshold: 100e9
    })
    expect(f!.model).toMatch(/^AA/) // additive error, additive (or damped) trend
    expect(f!.candidates.length).toBeGreaterThan(1)
    const days = (f!.crossing!.expected! - T0) / DAY
    expect(days).toBeGreaterThan(18)
    expect(days).toBeLessThan(22)
    expect(f!.crossing!.message).toMatch(/reaches 100000000000 in (19|20|21) days/)
    expect(f!.hi.at(-1)! - f!.lo.at(-1)!).toBeGreaterThan(f!.hi[0]! - f!.lo[0]!)
  })

  it('does not read the lookback repeats after the last sample as the trend stopping', async () => {
    seed({ __name__: 'disk_used_bytes', job: 'db' }, (ts) => 80e9 - ((T0 - ts) / DAY) * 1e9, T0 - 6 * 3_600_000, T0 - 240_000, 60_000)
    const [f] = await call('metrics:forecast', {
      sourceId: 0,
      query: 'disk_used_bytes',
      start: T0 - 6 * 3_600_000,
      end: T0,
      stepS: 60,
      horizonSteps: 60
    })
    expect(f!.history.at(-1)![0]).toBe(T0 - 240_000)
    expect(f!.mean.at(-1)! - f!.history.at(-1)![1]).toBeCloseTo((60 / 1440) * 1e9, -6)
  })
})

describe('rules', () => {
  it('a threshold rule is pending, then fires after its for-duration, then resolves', async () => {
    seed({ __name__: 'queue_depth', job: 'q' }, (ts) => (ts >= T0 - 60_000 ? 120 : 10), T0 - 600_000, T0 + 600_000, 15_000)
    const rule = await call('metrics:saveRule', { name: 'Queue deep', sourceId: 0, query: 'max(queue_depth)', threshold: 100, forS: 120 })
    expect((await call('metrics:evaluateRules', {}))[0]!.state).toBe('pending')
    clock.advance(150_000)
    const [fired] = await call('metrics:evaluateRules', {})
    expect(fired).toMatchObject({ state: 'firing', lastValue: 120 })
    expect(t.app.metrics.exposition()).toContain('console_metric_rules{state="firing"} 1')
    await call('metrics:saveRule', { id: rule.id, name: 'Queue deep', sourceId: 0, query: 'max(queue_depth)', threshold: 500, forS: 120 })
    expect((await call('metrics:evaluateRules', {}))[0]!.state).toBe('ok')
  })

  it('a predictive rule fires when the forecast crosses within the horizon', async () => {
    seed({ __name__: 'disk_used_ratio', job: 'db' }, (ts) => 0.7 + ((ts - (T0 - 3 * DAY)) / DAY) * 0.07, T0 - 3 * DAY, T0, 600_000)
    await call('metrics:saveRule', {
      name: 'Disk full soon',
      sourceId: 0,
      query: 'disk_used_ratio',
      kind: 'predictive',
      threshold: 0.95,
      horizonS: 86_400
    })
    const [r] = await call('metrics:evaluateRules', {})

    expect(r).toMatchObject({ state: 'firing' })
    expect(r!.lastMessage).toMatch(/reaches 0.95 in 1[34] h/) // 0.91 now, 0.07 a day
  })
})

describe('advice', () => {
  it('finds over- and under-provisioned workloads and slow endpoints, with savings, and tracks decisions', async () => {
    seedService('checkout', 20, 0.01, false, 0.3, T0 - DAY, T0)
    seedService('billing', 5, 0.01, true, 1.95, T0 - DAY, T0)
    const recs = await call('metrics:analyze', { sourceId: 0, windowS: 86_400, coreHourPrice: 0.04 })
    const over = recs.find((r) => r.kind === 'over-provisioned')!
    expect(over.subject).toBe('checkout')
    // request 2 cores, p95 0.3 → target 0.3 / 0.7 cores; saving (2 − 0.4286) × 0.04 × 730
    expect(over.savingPerMonth).toBeCloseTo((2 - 0.3 / 0.7) * 0.04 * 730, 4)
    expect(over.evidenceQuery).toContain('job="checkout"')
    expect(recs.find((r) => r.kind === 'under-provisioned')!.subject).toBe('billing')
    expect(recs.find((r) => r.kind === 'slow-endpoint')!.subject).toBe('billing /api')
    const accepted = await call('metrics:decide', { id: over.id, decision: 'accepted', snoozeDays: 7 })
    expect(accepted.acceptedAt).toBe(T0)
    await call('metrics:analyze', { sourceId: 0, windowS: 86_400, coreHourPrice: 0.04 })
    expect((await call('metrics:recommendations', { state: 'accepted' }))[0]!.measured).toBeCloseTo(0.3, 6)
    const slow = recs.find((r) => r.kind === 'slow-endpoint')!
    expect(recs.some((r) => r.kind === 'deploy-regression')).toBe(false)
    await call('metrics:decide', { id: slow.id, decision: 'snoozed', snoozeDays: 2 })
    expect((await call('metrics:recommendations', { state: 'open' })).map((r) => r.id)).not.toContain(slow.id)
    clock.advance(3 * DAY)
    expect((await call('metrics:recommendations', { state: 'open' })).map((r) => r.id)).toContain(slow.id)
  })
})

describe('deploys', () => {
  it('marks deploys on the dashboard and flags a p95 regression after one', async () => {
    const deploy = T0 - 2 * 3_600_000
    seed({ __name__: 'app_build_info', job: 'api', version: 'v1' }, () => 1, T0 - 6 * 3_600_000, deploy, 15_000)
    seed({ __name__: 'app_build_info', job: 'api', version: 'v2' }, () => 1, deploy + 15_000, T0, 15_000)
    // before the deploy every request is under 0.1 s; after it, half take 0.1–0.5 s
    let count = 0
    const buckets: Record<string, number[]> = { '0.1': [], '0.5': [], '+Inf': [] }
    const times: number[] = []
    for (let ts = T0 - 6 * 3_600_000; ts <= T0; ts += 15_000) {
      count += 150
      times.push(ts)
      const slowShare = ts > deploy ? 0.5 : 0
      buckets['0.1']!.push((buckets['0.1']!.at(-1) ?? 0) + 150 * (1 - slowShare))
      buckets['0.5']!.push(count)
      buckets['+Inf']!.push(count)
    }
    for (const [le, v] of Object.entries(buckets)) {
      const byT = new Map(times.map((tt, i) => [tt, v[i]!]))
      seed({ __name__: 'http_request_duration_seconds_bucket', job: 'api', le }, (tt) => byT.get(tt)!, T0 - 6 * 3_600_000, T0, 15_000)
    }
    const d = await call('metrics:dashboard', { sourceId: 0, service: 'api', start: T0 - 6 * 3_600_000, end: T0 })
    expect(d.deploys.map((x) => x.version)).toEqual(['v2'])
    expect(Math.abs(d.deploys[0]!.t - deploy)).toBeLessThanOrEqual(d.stepS * 1000)
    const recs = await call('metrics:analyze', { sourceId: 0, windowS: 86_400 })
    const reg = recs.find((r) => r.kind === 'deploy-regression')!
    expect(reg.subject).toBe('api v2')
    // before: p95 in the first bucket (0.099 s: the marker sits one step after the deploy); after: 0.1 + 0.4 × 0.9
    expect(reg.detail).toContain('0.460 s after the deploy of v2, 0.099 s the hour before')
  })
})

describe('sources', () => {
  it('asks for what each auth needs and keeps the sealed secret on edit', async () => {
    await expect(call('metrics:saveSource', { name: 'a', url: 'http://x:9090', auth: 'basic', secret: 'p' })).rejects.toThrow(
      /username: basic auth needs a user name/
    )
    await expect(call('metrics:saveSource', { name: 'a', url: 'http://x:9090', auth: 'bearer' })).rejects.toThrow(
      /secret: a token is needed/
    )
    const s = await call('metrics:saveSource', {
      name: 'mimir',
      url: 'http://x:9009/prometheus/',
      auth: 'bearer',
      secret: 'tok',
      tenant: 'team-a'
    })
    expect(s.url).toBe('http://x:9009/prometheus')
    await call('metrics:saveSource', { id: s.id, name: 'mimir', url: 'http://x:9009/prometheus', auth: 'bearer', tenant: 'team-a' })
    expect(t.app.metrics.connection(s.id)).toEqual({
      url: 'http://x:9009/prometheus',
      auth: { kind: 'bearer', token: 'tok' },
      tenant: 'team-a'
    })
  })
})
