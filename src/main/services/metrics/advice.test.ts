/** Advice: savings priced from the costs area's bills (FOCUS sample) or the typed price, and where a slow endpoint's time goes. */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { sharedData } from '../../../../tests/helpers/data'
import { ManualClock } from '../../core/clock'
import { seriesKey } from './store'

/** From scripts/reference/metrics_savings_reference.py */
const REF = JSON.parse(fs.readFileSync(path.join(__dirname, '__fixtures__/advice-reference.json'), 'utf8')) as {
  price: { service: string; unit: string; price: number; first: string; last: string; saving: number }
  breakdown: { mean: number; stages: Record<string, number>; expected: { component: string; seconds: number; share: number }[] }
}
const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 1)
let t: TestApp
afterEach(async () => t.cleanup())

function seed(labels: Record<string, string>, f: (s: number) => number, stepMs = 60_000): void {
  const repo = t.app.metrics.repo
  const id = repo.seriesId(labels.__name__!, seriesKey(labels))
  const rows = []
  for (let ts = T0 - DAY; ts <= T0; ts += stepMs) rows.push({ seriesId: id, t: ts, v: f((ts - (T0 - DAY)) / 1000) })
  repo.insertSamples(rows)
}

/** CPU use `cpu` cores against a 2-core request. */
function workload(job: string, cpu: number): void {
  seed({ __name__: 'process_cpu_seconds_total', job, instance: `${job}:9100` }, (s) => s * cpu)
  seed({ __name__: 'kube_pod_container_resource_requests', job, resource: 'cpu' }, () => 2)
}

function monitored(name: string): number {
  return t.app.health.createService({
    name,
    environment: 'production',
    region: 'us-west-2',
    description: '',
    tags: {},
    checks: [{ name: 'tcp', intervalS: 60, retries: 0, paused: true, config: { kind: 'tcp', host: '127.0.0.1', port: 9, timeoutMs: 1000 } }]
  } as never).id
}

describe('estimated savings', () => {
  it('prices a core-hour from the imported FOCUS bills of the linked service, else the typed price with a label', async () => {
    t = tempApp({ clock: new ManualClock(T0) })
    await t.app.costs.importFile({ path: path.join(sharedData('focus'), 'focus_sample.csv') })
    t.app.costs.link(REF.price.service, monitored('orders'))
    workload('orders', 0.3)
    workload('search', 0.3)

    const recs = await t.app.metrics.analyze({ sourceId: 0, windowS: 86_400, coreHourPrice: 0.04, labels: {} } as never)
    const orders = recs.find((r) => r.subject === 'orders')!
    expect(orders.kind).toBe('over-provisioned')
    expect(orders.savingPerMonth).toBeCloseTo(REF.price.saving, 6)
    expect(orders.savingBasis).toBe(
      `Costs: ${Number(REF.price.price.toPrecision(4))} USD per vCPU-Hours, billed, from ${REF.price.service} bills ${REF.price.first} to ${REF.price.last}`
    )
    expect(orders.savingCurrency).toBe('USD')
    const search = recs.find((r) => r.subject === 'search')!
    expect(search.savingPerMonth).toBeCloseTo((2 - 0.3 / 0.7) * 0.04 * 730, 6)
    expect(search.savingBasis).toBe('typed price 0.04 USD per core-hour: the imported bills have no vCPU or instance hours for search')
  })

  it('has no saving and no label without bills or a typed price', async () => {
    t = tempApp({ clock: new ManualClock(T0) })
    workload('search', 0.3)
    const [r] = await t.app.metrics.analyze({ sourceId: 0, windowS: 86_400, labels: {} } as never)
    expect(r).toMatchObject({ subject: 'search', savingPerMonth: null, savingBasis: null, savingCurrency: null })
  })
})

describe('where time goes', () => {
  it('splits a slow endpoint by its stage label and other duration sums of the handler', async () => {
    t = tempApp({ clock: new ManualClock(T0) })
    const sel = { job: 'shop', handler: '/checkout' }
    const rps = 10
    seed({ __name__: 'http_request_duration_seconds_count', ...sel }, (s) => s * rps)
    seed({ __name__: 'http_request_duration_seconds_sum', ...sel }, (s) => s * rps * REF.breakdown.mean)
    for (const [le, share] of [
      ['0.5', 0.1],
      ['1', 0.4],
      ['2.5', 0.9],
      ['+Inf', 1]
    ] as const)
      seed({ __name__: 'http_request_duration_seconds_bucket', ...sel, le }, (s) => s * rps * share)
    const { db, render, payments_api } = REF.breakdown.stages as { db: number; render: number; payments_api: number }
    seed({ __name__: 'http_request_duration_seconds_sum', ...sel, stage: 'db' }, (s) => s * rps * db)
    seed({ __name__: 'http_request_duration_seconds_count', ...sel, stage: 'db' }, (s) => s * rps)
    seed({ __name__: 'http_request_duration_seconds_sum', ...sel, stage: 'render' }, (s) => s * rps * render)
    seed({ __name__: 'payments_api_seconds_sum', ...sel }, (s) => s * rps * payments_api)
    // another handler's database time is not this endpoint's
    seed({ __name__: 'payments_api_seconds_sum', job: 'shop', handler: '/cart' }, (s) => s * 100)
    // a fast endpoint of the same service, without any breakdown metrics
    seed({ __name__: 'http_request_duration_seconds_count', job: 'shop', handler: '/slowish' }, (s) => s)
    seed({ __name__: 'http_request_duration_seconds_sum', job: 'shop', handler: '/slowish' }, (s) => s * 0.8)
    for (const [le, share] of [
      ['0.5', 0.2],
      ['1', 0.9],
      ['+Inf', 1]
    ] as const)
      seed({ __name__: 'http_request_duration_seconds_bucket', job: 'shop', handler: '/slowish', le }, (s) => s * share)

    const recs = await t.app.metrics.analyze({ sourceId: 0, windowS: 3600, labels: {} } as never)
    const slow = recs.find((r) => r.subject === 'shop /checkout')!
    expect(slow.kind).toBe('slow-endpoint')
    expect(slow.baseline).toBeGreaterThan(1) // the stage series are not mixed into the p95
    expect(slow.breakdown).toHaveLength(REF.breakdown.expected.length)
    REF.breakdown.expected.forEach((e, i) => {
      expect(slow.breakdown![i]!.component).toBe(e.component)
      expect(slow.breakdown![i]!.seconds).toBeCloseTo(e.seconds, 6)
      expect(slow.breakdown![i]!.share).toBeCloseTo(e.share, 6)
    })
    expect(recs.find((r) => r.subject === 'shop /slowish')!.breakdown).toBeNull()
  })
})
