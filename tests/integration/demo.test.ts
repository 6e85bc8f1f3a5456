import { afterEach, describe, expect, it } from 'vitest'
import { setUpDemo } from '../../src/main/demo/command'
import type { RunningFleet } from '../../src/main/demo/fleet'
import { tempApp, type TestApp } from '../helpers/app'

let t: TestApp
let fleet: RunningFleet
afterEach(async () => {
  await fleet?.close()
  await t?.cleanup()
})

/** Run every check of every service once (twice for retries), as the poller would. */
async function pollAll(app: TestApp['app'], rounds = 2): Promise<void> {
  const ids = app.health.directory().checks.map((c) => c.id)
  for (let r = 0; r < rounds; r++) await Promise.all(ids.map((id) => app.health.runNow(id)))
}

describe('npm run demo', () => {
  it('shows every state: up, degraded, down and maintenance', async () => {
    t = tempApp()
    const start = Date.now()
    let scenarioMs = 0
    fleet = await setUpDemo(t.app, { now: () => start + scenarioMs, populate: false })
    scenarioMs = 70_000 // auth in its outage, search degraded, checkout spiking, reporting in maintenance
    await pollAll(t.app, 3)
    const states = Object.fromEntries(t.app.health.overview().map((s) => [s.name, s.state]))
    expect(states).toMatchObject({ auth: 'DOWN', search: 'DEGRADED', reporting: 'MAINTENANCE', recommendations: 'UP' })
    // checkout-api has a weekly window (Sundays 02:00–03:00 Berlin); outside it, it is up, spiking or failing its condition
    const checkout = t.app.health.overview().find((s) => s.name === 'checkout-api')!
    const patching = t.app.health.maintenanceList(checkout.id).some((w) => w.activeNow)
    expect(patching ? ['MAINTENANCE'] : ['UP', 'DEGRADED', 'DOWN']).toContain(states['checkout-api'])
    expect(t.app.health.overview().find((s) => s.name === 'auth')!.openIncidents).toBe(1)
    const search = t.app.health.serviceDetail(t.app.health.overview().find((s) => s.name === 'search')!.id)
    const deps = search.checks.find((c) => c.name === 'dependencies')!
    expect(deps.components.find((c) => c.key.startsWith('elasticsearch'))).toMatchObject({
      status: 'warn',
      output: 'elasticsearch is slow'
    })
    const recommendations = t.app.health.serviceDetail(t.app.health.overview().find((s) => s.name === 'recommendations')!.id)
    expect(recommendations.checks[0]!.components.map((c) => c.key).sort()).toEqual(['db', 'diskSpace'])
    // the outage fired auth's default down rule and notified the ops bot and the desktop
    const firing = t.app.alerts.list({ state: 'firing', limit: 20 }).find((a) => a.target === 'auth')!
    expect(firing).toMatchObject({ ruleName: 'auth is down', severity: 'critical' })
    await t.app.alerts.dispatcher.idle()
    expect(fleet.received.map((r) => r.event)).toContain('trigger')
    expect(
      t.app.alerts
        .get(firing.id)
        .deliveries.map((d) => d.channelName)
        .sort()
    ).toEqual(['Demo ops bot (webhook)', 'Desktop'])
    t.app.alerts.acknowledge(firing.id, 'demo user')
    // later in the cycle auth recovers, its incident closes, its alert resolves and notifies again
    scenarioMs += 200_000
    await pollAll(t.app)
    await pollAll(t.app)
    await t.app.alerts.dispatcher.idle()
    expect(t.app.alerts.get(firing.id).state).toBe('resolved')
    expect(fleet.received.filter((r) => (r.body as { alert?: { id?: number } }).alert?.id === firing.id).map((r) => r.event)).toEqual([
      'trigger',
      'acknowledge',
      'resolve'
    ])
    const auth = t.app.health.overview().find((s) => s.name === 'auth')!
    expect(auth.state).toBe('UP')
    expect(auth.openIncidents).toBe(0)
    expect(auth.uptime24h).toBeGreaterThan(0)
    expect(auth.uptime24h).toBeLessThan(1)
  })
})
