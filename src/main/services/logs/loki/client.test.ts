/**
 * The Loki connector against a stand-in server on loopback that speaks Loki's query API (query_range, query,
 * labels): the same LogQL runs there with nanosecond times, step, limit, direction, tenant and credentials; streams,
 * matrix and vector answers come back in the shapes local searches use; Loki's errors reach the user.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../../tests/helpers/app'

let t: TestApp
let server: http.Server
afterEach(async () => {
  await t?.cleanup()
  await new Promise((r) => server?.close(r))
})

interface Seen {
  path: string
  params: Record<string, string>
  headers: http.IncomingHttpHeaders
}

const T0 = Date.UTC(2026, 0, 5, 12)
const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`

/** A small Loki: three streams; log queries filter by an exact service matcher and `|=`; metric queries count per level. */
async function standInLoki(seen: Seen[]): Promise<string> {
  const streams = [
    { stream: { service: 'api', level: 'error' }, values: [0, 2, 4].map((i) => [ns(T0 + i * 60_000), `api error ${i} timeout`]) },
    { stream: { service: 'api', level: 'info' }, values: [1, 3].map((i) => [ns(T0 + i * 60_000), `api ok ${i}`]) },
    { stream: { service: 'web', level: 'info' }, values: [[ns(T0), 'web ok']] }
  ]
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x')
    const params = Object.fromEntries(url.searchParams)
    seen.push({ path: url.pathname, params, headers: req.headers })
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.headers['x-scope-orgid'] !== 'team-a') {
      res.writeHead(401, { 'content-type': 'text/plain' })
      return void res.end('no org id')
    }
    if (url.pathname === '/loki/api/v1/labels') return json({ status: 'success', data: ['level', 'service'] })
    const q = params.query ?? ''
    if (q.includes('{service=}')) {
      res.writeHead(400, { 'content-type': 'text/plain' })
      return void res.end('parse error at line 1, col 10: syntax error: unexpected }')
    }
    const service = /service="([^"]+)"/.exec(q)?.[1]
    const mine = streams.filter((s) => s.stream.service === service)
    if (url.pathname === '/loki/api/v1/query_range' && q.startsWith('{')) {
      const start = BigInt(params.start!)
      const end = BigInt(params.end!)
      const contains = /\|= "([^"]*)"/.exec(q)?.[1] ?? ''
      const result = mine
        .map((s) => ({
          stream: s.stream,
          values: s.values.filter(([t, l]) => BigInt(t!) >= start && BigInt(t!) <= end && l!.includes(contains))
        }))
        .filter((s) => s.values.length)
      return json({ status: 'success', data: { resultType: 'streams', result } })
    }
    if (url.pathname === '/loki/api/v1/query_range') {
      const step = Number(params.step!.replace(/s$/, ''))
      const result = ['error', 'info'].map((level) => ({
        metric: { level },
        values: [
          [(T0 + 300_000) / 1000, level === 'error' ? '3' : '2'],
          [(T0 + 300_000) / 1000 + step, '0']
        ]
      }))
      return json({ status: 'success', data: { resultType: 'matrix', result } })
    }
    if (url.pathname === '/loki/api/v1/query')
      return json({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Number(params.time) / 1e9, '5'] }] } })
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('Loki connector', () => {
  it('runs log, metric and instant queries on Loki and returns them as local results', async () => {
    const seen: Seen[] = []
    const url = await standInLoki(seen)
    t = tempApp()
    const { id } = t.app.logs.createSource({
      kind: 'loki',
      name: 'prod loki',
      serviceId: null,
      url,
      tenant: 'team-a',
      auth: 'bearer',
      secret: 's3cret',
      enabled: true
    })
    // the secret is sealed and never comes back
    const view = (await t.app.logs.list()).find((s) => s.id === id)!
    expect(view).toMatchObject({ kind: 'loki', url, tenant: 'team-a', hasSecret: true })
    expect(JSON.stringify(view)).not.toContain('s3cret')
    const row = t.app.db.prepare('SELECT secret FROM logs_sources WHERE id = ?').get(id) as { secret: Buffer }
    expect(row.secret.toString('utf8')).not.toContain('s3cret')

    const test = await t.app.logs.testSource(id)
    expect(test).toMatchObject({ ok: true, labels: ['level', 'service'] })

    const lines = await t.app.logs.search({
      query: '{service="api"} |= "timeout"',
      mode: 'auto',
      from: T0,
      to: T0 + 3_600_000,
      limit: 100,
      order: 'relevance',
      sourceId: id
    })
    expect(lines.kind).toBe('lines')
    if (lines.kind !== 'lines') return
    expect(lines.lines.map((l) => l.line)).toEqual(['api error 4 timeout', 'api error 2 timeout', 'api error 0 timeout'])
    expect(lines.lines.map((l) => l.ts)).toEqual([4, 2, 0].map((i) => T0 + i * 60_000))
    expect(lines.lines[0]!.labels).toEqual({ service: 'api', level: 'error' })
    expect(lines.lines[0]!.marks).toEqual([[12, 19]]) // "timeout" in "api error 4 timeout"
    const rangeCall = seen.find((s) => s.path === '/loki/api/v1/query_range')!
    expect(rangeCall.params).toMatchObject({
      query: '{service="api"} |= "timeout"',
      start: ns(T0),
      end: ns(T0 + 3_600_000),
      limit: '100',
      direction: 'backward'
    })
    expect(rangeCall.headers.authorization).toBe('Bearer s3cret')
    expect(rangeCall.headers['x-scope-orgid']).toBe('team-a')

    const metric = await t.app.logs.search({
      query: 'sum by (level) (count_over_time({service="api"}[5m]))',
      mode: 'auto',
      from: T0,
      to: T0 + 3_600_000,
      limit: 100,
      order: 'relevance',
      stepMs: 300_000,
      sourceId: id
    })
    expect(metric.kind).toBe('matrix')
    if (metric.kind !== 'matrix') return
    expect(metric.series).toEqual([
      { labels: { level: 'error' }, t: [T0 + 300_000, T0 + 600_000], v: [3, 0] },
      { labels: { level: 'info' }, t: [T0 + 300_000, T0 + 600_000], v: [2, 0] }
    ])
    const metricCall = seen.filter((s) => s.path === '/loki/api/v1/query_range').pop()!
    expect(metricCall.params).toMatchObject({ query: 'sum by (level) (count_over_time({service="api"} [5m]))', step: '300s' })

    const instant = await t.app.logs.search({
      query: 'sum(rate({service="api"}[1m]))',
      mode: 'auto',
      from: T0,
      to: T0,
      limit: 10,
      order: 'relevance',
      sourceId: id
    })
    expect(instant.kind === 'matrix' && instant.series).toEqual([{ labels: {}, t: [T0], v: [5] }])
    expect(seen.find((s) => s.path === '/loki/api/v1/query')!.params.time).toBe(ns(T0))

    const histogram = await t.app.logs.histogram({ query: '{service="api"}', mode: 'auto', from: T0, to: T0 + 3_600_000, sourceId: id })
    expect(histogram.total).toBe(5)
    expect(histogram.levels.error!.reduce((a, b) => a + b, 0)).toBe(3)
  })

  it('passes Loki’s own error messages on, and says when Loki cannot be reached', async () => {
    const seen: Seen[] = []
    const url = await standInLoki(seen)
    t = tempApp()
    const { id } = t.app.logs.createSource({ kind: 'loki', name: 'l', serviceId: null, url, tenant: 'team-a', auth: 'none', enabled: true })
    await expect(
      t.app.logs.search({ query: 'words only', mode: 'auto', from: T0, to: T0 + 1, limit: 1, order: 'relevance', sourceId: id })
    ).rejects.toThrow(/a Loki connector takes LogQL/)
    const bad = t.app.logs.createSource({
      kind: 'loki',
      name: 'wrong tenant',
      serviceId: null,
      url,
      tenant: 'other',
      auth: 'none',
      enabled: true
    })
    await expect(
      t.app.logs.search({ query: '{service="api"}', mode: 'auto', from: T0, to: T0 + 1, limit: 1, order: 'relevance', sourceId: bad.id })
    ).rejects.toThrow(/Loki answered 401: no org id/)
    const down = t.app.logs.createSource({
      kind: 'loki',
      name: 'down',
      serviceId: null,
      url: 'http://127.0.0.1:1',
      tenant: '',
      auth: 'none',
      enabled: true
    })
    expect(await t.app.logs.testSource(down.id)).toMatchObject({ ok: false, error: expect.stringMatching(/did not answer/) })
    expect(() =>
      t.app.logs.createSource({ kind: 'loki', name: 'x', serviceId: null, url, tenant: '', auth: 'basic', enabled: true })
    ).toThrow(/secret: give user:password/)
  })
})
