import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { startHttp, type Running } from '../../../../tests/helpers/servers'
import { ManualClock } from '../../core/clock'
import { HOUR, MINUTE } from './rollup'

let t: TestApp
let server: (Running & { url: string }) | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  await t?.cleanup()
})

/** A loopback endpoint whose health+json answer the test can change between runs. */
async function healthServer(initial: { status: number; body: unknown }) {
  const current = { ...initial }
  server = await startHttp((_req, res) => {
    res.writeHead(current.status, { 'content-type': 'application/health+json' })
    res.end(JSON.stringify(current.body))
  })
  return { url: `${server.url}/api/health`, set: (next: { status: number; body: unknown }) => Object.assign(current, next) }
}

const pass = {
  status: 200,
  body: { status: 'pass', checks: { 'db:responseTime': [{ status: 'pass', observedValue: 12, observedUnit: 'ms' }] } }
}
const warn = {
  status: 200,
  body: { status: 'warn', checks: { 'db:responseTime': [{ status: 'warn', observedValue: 900, observedUnit: 'ms', output: 'slow' }] } }
}
const fail = { status: 503, body: { status: 'fail', checks: { 'db:connections': [{ status: 'fail', output: 'pool exhausted' }] } } }

function createService(url: string, retries = 0, name = 'checkout') {
  return t.app.health.createService({
    name,
    environment: 'production',
    region: 'eu-west-1',
    description: '',
    tags: {},
    checks: [
      {
        name: 'health',
        intervalS: 60,
        retries,
        paused: false,
        config: {
          kind: 'http',
          url,
          method: 'GET',
          headers: {},
          acceptedStatus: ['200-299'],
          timeoutMs: 2000,
          maxRedirects: 5,
          keywordMode: 'present',
          conditions: [],
          ignoreTlsErrors: false,
          maxBodyBytes: 1 << 20,
          interpretHealth: true
        }
      }
    ]
  })
}

const checkOf = (serviceId: number) => t.app.health.serviceDetail(serviceId).checks[0]!

describe('health service', () => {
  it('runs a health+json check, stores components and reports UP then DEGRADED', async () => {
    t = tempApp()
    const ep = await healthServer(pass)
    const { id } = createService(ep.url)
    expect(t.app.health.overview()[0]!.state).toBe('PENDING')
    const run = await t.app.health.runNow(checkOf(id).id)
    expect(run.state).toBe('UP')
    const detail = t.app.health.serviceDetail(id)
    expect(detail.state).toBe('UP')
    expect(detail.checks[0]!.components).toMatchObject([
      { key: 'db:responseTime', status: 'pass', observedValue: '12', observedUnit: 'ms' }
    ])
    ep.set(warn)
    await t.app.health.runNow(checkOf(id).id)
    expect(t.app.health.serviceDetail(id).state).toBe('DEGRADED')
    expect(checkOf(id).components[0]).toMatchObject({ status: 'warn', output: 'slow' })
  })

  it('goes DOWN only after the retries, opens one incident with the cause, and closes it on recovery', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 1, 12))
    t = tempApp({ clock })
    const ep = await healthServer(pass)
    const { id } = createService(ep.url, 2)
    const check = checkOf(id).id
    await t.app.health.runNow(check)
    ep.set(fail)
    for (const expected of ['UP', 'UP', 'DOWN', 'DOWN']) {
      clock.advance(60_000)
      expect((await t.app.health.runNow(check)).state).toBe(expected)
    }
    const open = t.app.handlers['health:incidents']({ openOnly: true, limit: 10 }, { transport: 'direct' }) as any[]
    expect(open).toHaveLength(1)
    expect(open[0].cause).toMatch(/^health: .*503/)
    expect(open[0].startedAt).toBe(Date.UTC(2026, 10, 1, 12) + 180_000)
    ep.set(pass)
    clock.advance(60_000)
    expect((await t.app.health.runNow(check)).state).toBe('UP')
    const all = t.app.health.queries.incidents({ openOnly: false, limit: 10 }, clock.now())
    expect(all).toHaveLength(1)
    expect(all[0]!.endedAt).toBe(clock.now())
    expect(all[0]!.durationMs).toBe(120_000)
  })

  it('marks results in a maintenance window, shows MAINTENANCE and opens no incident', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 1, 12))
    t = tempApp({ clock })
    const ep = await healthServer(fail)
    const { id } = createService(ep.url)
    t.app.health.createMaintenance({
      scope: 'services',
      serviceIds: [id],
      title: 'db upgrade',
      kind: 'once',
      startsAt: clock.now() - 1000,
      endsAt: clock.now() + HOUR
    })
    expect((await t.app.health.runNow(checkOf(id).id)).state).toBe('MAINTENANCE')
    expect(t.app.health.overview()[0]).toMatchObject({ state: 'MAINTENANCE', inMaintenance: true, openIncidents: 0 })
    const [r] = t.app.health.queries.results(checkOf(id).id, 1)
    expect(r).toMatchObject({ status: 'DOWN', maintenance: true })
    const series = t.app.health.series({ serviceId: id, from: clock.now() - HOUR, to: clock.now() + MINUTE, points: 60 })
    expect(series.uptime).toBeNull() // maintenance results do not count
    expect(series.maintenance.reduce((a, b) => a + b)).toBe(1)
  })

  it('computes uptime and latency percentiles from rollups across minutes and hours', async () => {
    const start = Date.UTC(2026, 10, 1, 10)
    const clock = new ManualClock(start)
    t = tempApp({ clock })
    const ep = await healthServer(pass)
    const { id } = createService(ep.url)
    const check = checkOf(id).id
    for (let i = 0; i < 20; i++) {
      ep.set(i % 10 === 9 ? fail : pass)
      await t.app.health.runNow(check)
      clock.advance(10 * MINUTE)
    }
    const day = t.app.health.series({ checkId: check, from: start, to: clock.now(), points: 50 })
    expect(day.source).toBe('minute')
    expect(day.count.reduce((a, b) => a + b)).toBe(20)
    expect(day.failures.reduce((a, b) => a + b)).toBe(2)
    expect(day.uptime).toBeCloseTo(0.9, 10)
    const hourRows = t.app.db.prepare('SELECT count, failures FROM rollup_hour WHERE check_id = ? ORDER BY bucket').all(check) as {
      count: number
      failures: number
    }[]
    expect(hourRows.reduce((a, r) => a + r.count, 0)).toBe(20)
    expect(hourRows.length).toBe(4)
    const summary = t.app.health.overview()[0]!
    expect(summary.uptime24h).toBeCloseTo(0.9, 10)
    expect(summary.p95Ms24h).toBeGreaterThan(0)
    expect(summary.sparkline).toHaveLength(24)
    const week = t.app.health.series({ checkId: check, from: start - 6 * 24 * HOUR, to: clock.now(), points: 100 })
    expect(week.source).toBe('hour')
    expect(week.count.reduce((a, b) => a + b)).toBe(20)
    expect(week.t.length).toBeLessThanOrEqual(101)
    expect(week.p95.some((v) => v === null)).toBe(true) // gaps stay gaps
  })

  it('pauses and resumes every check of a service', async () => {
    t = tempApp()
    const ep = await healthServer(pass)
    const { id } = createService(ep.url)
    expect(t.app.health.setPaused({ serviceId: id }, true)).toBe(1)
    expect(t.app.health.overview()[0]!.state).toBe('PAUSED')
    expect(t.app.health.setPaused({ serviceId: id }, false)).toBe(1)
    expect(t.app.health.overview()[0]!.state).toBe('PENDING')
  })

  it('refuses duplicates and unknown ids with clear errors', async () => {
    t = tempApp()
    const ep = await healthServer(pass)
    createService(ep.url)
    expect(() => createService(ep.url)).toThrow(/already exists in production/)
    expect(() => t.app.health.serviceDetail(999)).toThrow(/service 999 not found/)
    await expect(t.app.health.runNow(999)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('sweeps expired raw rows and minute rollups, keeping hourly ones', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    const ep = await healthServer(pass)
    const { id } = createService(ep.url)
    const check = checkOf(id).id
    for (let d = 0; d < 20; d++) {
      await t.app.health.runNow(check)
      clock.advance(24 * HOUR)
    }
    t.app.health.setSettings({ rawDays: 5, minuteDays: 10 })
    await t.app.health.sweep()
    const count = (sql: string) => (t.app.db.prepare(sql).get(check) as { n: number }).n
    expect(count('SELECT count(*) AS n FROM results WHERE check_id = ?')).toBe(5)
    expect(count('SELECT count(*) AS n FROM rollup_minute WHERE check_id = ?')).toBe(10)
    expect(count('SELECT count(*) AS n FROM rollup_hour WHERE check_id = ?')).toBe(20)
    expect(() => t.app.health.setSettings({ minuteDays: 2 })).toThrow(/minuteDays/)
  })
})
