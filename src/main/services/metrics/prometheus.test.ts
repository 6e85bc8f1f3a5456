/**
 * Against the real thing: Debian's Prometheus scrapes a fixture exporter every second. The connector's answers are
 * checked against Prometheus' own JSON, and the built-in evaluator's rate()/increase()/histogram_quantile() against
 * Prometheus on the same samples (evaluation time half a scrape off the samples, so no sample sits on a window edge),
 * with predict_linear, deriv and subqueries among them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureExporter, startPrometheus, type RunningPrometheus } from '../../../../tests/helpers/prometheus'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { PromApiError, promQuery, promQueryRange, promSeries, promLabelValues, type PromConnection } from './promClient'
import { evalInstant } from './promql/eval'
import { labelsKey, type SeriesSource, type StoredSeries } from './promql/values'
import { matches } from './store'

let prom: RunningPrometheus
let exporter: Awaited<ReturnType<typeof fixtureExporter>>
let conn: PromConnection
let t: TestApp
let evalAt = 0

beforeAll(async () => {
  exporter = await fixtureExporter()
  prom = await startPrometheus([{ job: 'fixture', url: exporter.url }])
  conn = { url: prom.url, auth: { kind: 'none' }, tenant: null }
  // wait for 25 samples of the counter
  for (;;) {
    const r = await promQuery(conn, 'count_over_time(http_requests_total{code="200"}[1m])', Date.now())
    if ((r.series[0]?.points[0]?.[1] ?? 0) >= 25) break
    await new Promise((res) => setTimeout(res, 500))
  }
  const last = await promQuery(conn, 'timestamp(http_requests_total{code="200"})', Date.now())
  evalAt = Math.round(last.series[0]!.points[0]![1] * 1000) - 500
  t = tempApp()
}, 90_000)

afterAll(async () => {
  await t?.cleanup()
  await prom?.stop()
  await exporter?.close()
})

/** The raw samples Prometheus holds, as a source for our evaluator. */
async function rawSource(selector: string, at: number): Promise<SeriesSource> {
  const raw = await promQuery(conn, `${selector}[60s]`, at)
  const series: StoredSeries[] = raw.series.map((s) => ({ labels: s.labels, t: s.points.map((p) => p[0]), v: s.points.map((p) => p[1]) }))
  return {
    select: (m, from, to) => series.filter((s) => m.every((x) => matches(s.labels, x))).map((s) => ({ ...s, ...slice(s, from, to) }))
  }
}
function slice(s: StoredSeries, from: number, to: number): { t: number[]; v: number[] } {
  const idx = Array.from(s.t).flatMap((tt, i) => (tt >= from && tt <= to ? [i] : []))
  return { t: idx.map((i) => s.t[i]!), v: idx.map((i) => s.v[i]!) }
}

function byLabels(series: { labels: Record<string, string>; value: number }[]): Record<string, number> {
  return Object.fromEntries(series.map((s) => [labelsKey(s.labels), s.value]))
}

describe('the connector against Prometheus', () => {
  it('reads query answers exactly as Prometheus sends them', async () => {
    const q = 'http_requests_total'
    const ours = await promQuery(conn, q, evalAt)
    const raw = (await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}&time=${evalAt / 1000}`)).json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] }
    }
    expect(ours.series).toHaveLength(2)
    for (const r of raw.data.result) {
      const s = ours.series.find((x) => labelsKey(x.labels) === labelsKey(r.metric))!
      expect(s.points[0]).toEqual([Math.round(r.value[0] * 1000), Number(r.value[1])])
    }
  })

  it('reads NaN and ±Inf from their strings', async () => {
    expect((await promQuery(conn, '0/0', evalAt)).series[0]!.points[0]![1]).toBeNaN()
    expect((await promQuery(conn, '1/0', evalAt)).series[0]!.points[0]![1]).toBe(Infinity)
    expect((await promQuery(conn, '-1/0', evalAt)).series[0]!.points[0]![1]).toBe(-Infinity)
  })

  it('answers range queries, series and label values', async () => {
    const r = await promQueryRange(conn, 'queue_depth', evalAt - 10_000, evalAt, 1)
    expect(r.series[0]!.points).toHaveLength(11)
    const series = await promSeries(conn, ['http_requests_total'], evalAt - 60_000, evalAt)
    expect(series.map((s) => s.code).sort()).toEqual(['200', '500'])
    expect(await promLabelValues(conn, 'code')).toEqual(['200', '500'])
  })

  it('shows Prometheus errors plainly, with their errorType', async () => {
    const err = await promQuery(conn, 'rate(http_requests_total)', evalAt).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PromApiError)
    expect((err as PromApiError).status).toBe(400)
    expect((err as PromApiError).errorType).toBe('bad_data')
    expect((err as Error).message).toMatch(/bad_data \(HTTP 400\).*range vector/)
  })
})

describe('the built-in evaluator on the same samples', () => {
  const cases = [
    'rate(http_requests_total[20s])',
    'increase(http_requests_total[15s])',
    'irate(http_requests_total[10s])',
    'sum by (code) (rate(http_requests_total[30s]))',
    'sum(rate(http_requests_total{code=~"5.."}[20s])) / sum(rate(http_requests_total[20s]))',
    'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[20s])))',
    'histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[12s]))',
    'avg_over_time(queue_depth[20s])',
    'delta(queue_depth[20s])',
    'predict_linear(http_requests_total[20s], 120)',
    'predict_linear(queue_depth[15s], 30)',
    'deriv(http_requests_total[20s])',
    'max_over_time(rate(http_requests_total[5s])[20s:2s])',
    'avg_over_time(sum by (code) (http_requests_total)[15s:3s])',
    'min_over_time(queue_depth[10s:1s] offset 5s)'
  ]
  for (const q of cases) {
    it(`matches Prometheus: ${q}`, async (ctx) => {
      // a subquery's inner steps sit on whole seconds (multiples of its step), whatever evalAt is: when this run's
      // scrapes fall within 100 ms of whole seconds, its windows' edges meet samples and the answer turns on rounding
      const phase = (((evalAt + 500) % 1000) + 1000) % 1000
      if (/\[\d+s:\d+s\]/.test(q) && Math.min(phase, 1000 - phase) < 100)
        return ctx.skip(`this run's scrapes are ${phase} ms past whole seconds: subquery steps would meet samples at window edges`)
      const theirs = await promQuery(conn, q, evalAt)
      const names = [...q.matchAll(/\b(http_requests_total|http_request_duration_seconds_bucket|queue_depth)\b/g)].map((m) => m[1]!)
      const sources = await Promise.all([...new Set(names)].map((n) => rawSource(n, evalAt)))
      const source: SeriesSource = { select: (m, from, to) => sources.flatMap((s) => s.select(m, from, to)) }
      const ours = evalInstant(q, source, evalAt)
      expect(ours.type).toBe('vector')
      const expected = byLabels(theirs.series.map((s) => ({ labels: s.labels, value: s.points[0]![1] })))
      const got = byLabels(ours.type === 'vector' ? ours.samples : [])
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort())
      expect(Object.keys(expected).length).toBeGreaterThan(0)
      for (const k of Object.keys(expected)) expect(got[k]).toBeCloseTo(expected[k]!, 9)
    })
  }
})

describe('the service over a saved source', () => {
  it('queries through a source with a sealed token, never sending the token back', async () => {
    const src = t.app.metrics.saveSource({ name: 'local', url: prom.url, auth: 'bearer', secret: 's3cret-token' })
    expect(src.hasSecret).toBe(true)
    expect(JSON.stringify(t.app.metrics.sources())).not.toContain('s3cret')
    const r = await t.app.metrics.query(src.id, 'sum(http_requests_total)', evalAt)
    expect(r.series[0]!.points[0]![1]).toBeGreaterThan(0)
    await expect(t.app.metrics.query(src.id, 'rate(http_requests_total)', evalAt)).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'query'
    })
  })

  it('the built-in scraper reads the same exporter into the store', async () => {
    const target = t.app.metrics.saveTarget({ url: exporter.url, job: 'fixture', intervalS: 15 })
    const scraped = await t.app.metrics.scrapeNow(target.id)
    expect(scraped.lastError).toBeNull()
    expect(scraped.lastSamples).toBe(10) // 9 samples on the page + up
    const r = await t.app.metrics.query(0, 'http_requests_total{code="500"}')
    expect(r.series[0]!.labels).toMatchObject({ job: 'fixture', instance: new URL(exporter.url).host })
  })
})
