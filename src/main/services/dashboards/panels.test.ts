/**
 * Panel queries against a real workspace whose areas hold data: a health check run against a loopback server, a manual
 * cost entry, pushed log lines and a log_count alert that fired. Each query goes through the areas' ports.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { sharedData } from '../../../../tests/helpers/data'
import { httpCheck } from '../../../../tests/helpers/health'
import { startHttp, type Running } from '../../../../tests/helpers/servers'
import { RuleInput } from '../../../shared/contract/alerts'
import { DashboardModel, PanelDataInput, PanelQuery } from '../../../shared/contract/dashboards'
import { ManualClock } from '../../core/clock'
import { modelProblems, resolveTime, substitute } from './model'

let t: TestApp
let server: (Running & { url: string }) | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  await t?.cleanup()
})

const MIN = 60_000
const START = Date.UTC(2026, 10, 2, 8)

async function seeded() {
  const clock = new ManualClock(START)
  t = tempApp({ clock, testHooks: { logsInline: true } })
  let ok = true
  server = await startHttp((_q, res) => {
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ status: ok ? 'pass' : 'fail' }))
  })
  const { id } = t.app.health.createService({
    name: 'checkout',
    environment: 'production',
    region: 'eu',
    description: '',
    tags: {},
    checks: [{ name: 'http', intervalS: 60, retries: 0, paused: false, config: httpCheck(`${server.url}/health`, false) }]
  })
  const check = t.app.health.serviceDetail(id).checks[0]!.id
  // 10 runs, one a minute; the 4th and 8th fail: uptime 80 %
  for (let i = 0; i < 10; i++) {
    ok = i % 4 !== 3
    await t.app.health.runNow(check)
    clock.advance(MIN)
  }
  t.app.costs.manualCreate({
    service: 'Vendor X',
    description: '',
    category: 'SaaS',
    amount: '300',
    recurrence: 'once',
    startDay: '2026-10-01',
    endDay: '2026-10-30'
  })
  const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`
  const lines = Array.from({ length: 6 }, (_, i) => [ns(clock.now() - 5 * MIN + i * 1000), `request ${i} timeout`])
  await t.app.logs.push(
    'loki',
    null,
    Buffer.from(JSON.stringify({ streams: [{ stream: { service: 'api', level: 'error' }, values: lines }] })),
    undefined
  )
  const rule = t.app.alerts.createRule(
    RuleInput.parse({
      name: 'API timeouts',
      condition: { signal: 'log_count', query: '{service="api"} |= "timeout"', measure: 'count', windowS: 600, above: 3, everyS: 60 }
    })
  )
  const c = t.app.alerts.rules().find((r) => r.id === rule.id)!.condition as never
  await t.app.alerts.logRules.evaluate(rule.id, c, clock.now())
  await new Promise((r) => setTimeout(r, 20))
  return { clock }
}

const data = (query: unknown, panelType = 'timeseries', from = 'now-1h', vars: Record<string, string> = {}) =>
  t.app.dashboards.panelData(PanelDataInput.parse({ query, panelType, time: { from, to: 'now' }, vars }))

describe('panel queries', () => {
  it('refuses malformed queries with the field named', () => {
    expect(PanelQuery.safeParse({ source: 'metrics', promql: '' }).error?.issues[0]?.message).toBe('write a PromQL query')
    expect(PanelQuery.safeParse({ source: 'health', metric: 'latency', service: '' }).success).toBe(false)
    expect(PanelQuery.safeParse({ source: 'sql', text: 'select 1' }).success).toBe(false)
    expect(PanelQuery.safeParse({ source: 'costs', groupBy: 'service', extra: 1 }).success).toBe(false)
    expect(PanelDataInput.safeParse({ query: { source: 'none' }, time: { from: 'yesterday', to: 'now' } }).success).toBe(false)
    expect(resolveTime('now-6h', 10 * 3_600_000)).toBe(4 * 3_600_000)
    expect(() => resolveTime('now-6y', 0)).toThrow(/not a time/)
  })

  it('substitutes variables, and names a variable the dashboard does not have', () => {
    const q = PanelQuery.parse({ source: 'metrics', promql: 'rate(http_requests_total{job="$service",env="${env}"}[5m])' })
    expect(substitute(q, { service: 'api', env: 'prod' })).toMatchObject({ promql: 'rate(http_requests_total{job="api",env="prod"}[5m])' })
    expect(() => substitute(q, { service: 'api' })).toThrow(/query.promql: uses \$env, which is not a variable/)
    const model = DashboardModel.parse({
      title: 'x',
      variables: [{ name: 'service', kind: 'service' }],
      panels: [{ id: 'p1', title: 'Rate', type: 'timeseries', x: 8, y: 0, w: 6, h: 4, query: q }]
    })
    expect(modelProblems(model)).toEqual([
      'panel “Rate”: it is wider than the 12 grid columns (x 8 + w 6)',
      'panel “Rate”: it uses $env, which is not a variable of this dashboard'
    ])
  })

  it('resolves health uptime, latency and status through the health port', async () => {
    await seeded()
    const uptime = await data({ source: 'health', metric: 'uptime', service: '$service' }, 'timeseries', 'now-1h', { service: 'checkout' })
    expect(uptime.kind).toBe('series')
    if (uptime.kind !== 'series') return
    expect(uptime.unit).toBe('%')
    expect(uptime.series.map((s) => s.name)).toEqual(['checkout'])
    const pts = uptime.series[0]!.points.filter((p) => p[1] !== null)
    // one run per minute bucket: 8 at 100 % and 2 at 0 %
    expect(pts.map((p) => p[1]).sort()).toEqual([0, 0, 100, 100, 100, 100, 100, 100, 100, 100])
    const p95 = await data({ source: 'health', metric: 'latency_p95', service: 'checkout' })
    expect(p95.kind === 'series' && p95.unit).toBe('ms')
    const status = await data({ source: 'health', metric: 'status', service: '' }, 'status')
    expect(status).toMatchObject({ kind: 'status', items: [{ name: 'checkout', status: 'up' }] })
    await expect(data({ source: 'health', metric: 'uptime', service: 'nope' })).rejects.toThrow('no service is named “nope”')
    expect(await t.app.dashboards.variableOptions('service')).toEqual(['checkout'])
    expect(await t.app.dashboards.variableOptions('environment')).toEqual(['production'])
  })

  it('resolves cost series, log counts and lines, and alert counts', async () => {
    await seeded()
    const costs = await data({ source: 'costs', groupBy: 'service' }, 'timeseries', 'now-40d')
    expect(costs.kind).toBe('series')
    if (costs.kind === 'series') {
      expect(costs.unit).toBe('USD')
      expect(costs.series[0]!.name).toBe('Vendor X')
      // 300 spread over 30 days
      const total = costs.series[0]!.points.reduce((s, p) => s + (p[1] ?? 0), 0)
      expect(total).toBeCloseTo(300, 6)
      expect(costs.series[0]!.points.find((p) => p[0] === Date.UTC(2026, 9, 5))?.[1]).toBeCloseTo(10, 6)
    }
    const counts = await data({ source: 'logs', logql: '{service="api"} |= "timeout"' })
    expect(counts.kind === 'series' && counts.series[0]!.points.reduce((s, p) => s + (p[1] ?? 0), 0)).toBe(6)
    const lines = await data({ source: 'logs', logql: '{service="api"}', limit: 4 }, 'logs')
    expect(lines.kind === 'logs' && lines.lines.map((l) => l.text)).toEqual([
      'request 5 timeout',
      'request 4 timeout',
      'request 3 timeout',
      'request 2 timeout'
    ])
    const alerts = await data({ source: 'alerts', groupBy: 'state' }, 'bar')
    expect(alerts).toEqual({ kind: 'categories', unit: 'count', categories: ['firing'], values: [1] })
    const none = await data({ source: 'alerts', groupBy: 'severity', state: 'resolved' }, 'bar')
    expect(none).toMatchObject({ categories: [], values: [] })
  })

  it('runs PromQL on the metrics area and names unknown drift checks and models', async () => {
    await seeded()
    const r = await data({ source: 'metrics', promql: 'vector(3)' })
    expect(r.kind === 'series' && r.series[0]!.points.at(-1)![1]).toBe(3)
    await expect(data({ source: 'metrics', promql: 'sum(' })).rejects.toThrow()
    await expect(data({ source: 'drift', check: 'churn-weekly' })).rejects.toThrow('no drift check is named “churn-weekly”')
    expect(await data({ source: 'drift' }, 'bar')).toMatchObject({ kind: 'categories', categories: [] })
    await expect(data({ source: 'models', model: 'churn', metric: 'auc' })).rejects.toThrow('no registered model is named “churn”')
  })

  it('charts a logged metric of every registered version through the models port', async () => {
    t = tempApp()
    await t.app.models.importMlruns(sharedData('mlruns-a'))
    const table = t.app.models.table({ kind: 'version', search: '', includeDeleted: false, limit: 200 })
    const col = table.metrics.findIndex((m) => m.key === 'accuracy')
    const expected = table.rows.filter((r) => typeof r.values[col] === 'number')
    expect(expected.length).toBeGreaterThan(0)
    const r = await data({ source: 'models', metric: 'accuracy' }, 'bar')
    expect(r).toEqual({
      kind: 'categories',
      unit: '',
      categories: expected.map((x) => x.label),
      values: expected.map((x) => x.values[col])
    })
    const model = t.app.models.list('')[0]!.name
    const one = await data({ source: 'models', model: '$model', metric: 'accuracy' }, 'bar', 'now-1h', { model })
    expect(one.kind === 'categories' && one.categories.every((c) => c.startsWith(model))).toBe(true)
    await expect(data({ source: 'models', metric: 'no_such_metric' })).rejects.toThrow(
      /no version has the metric “no_such_metric” \(known: .*accuracy/
    )
    expect(await t.app.dashboards.variableOptions('model')).toContain(model)
  })
})
