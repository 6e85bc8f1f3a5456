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
    fleet = await setUpDemo(t.app, { now: () => start + scenarioMs })
    scenarioMs = 70_000 // auth in its outage, search degraded, checkout spiking, reporting in maintenance
    await pollAll(t.app)
    const states = Object.fromEntries(t.app.health.overview().map((s) => [s.name, s.state]))
    expect(states).toMatchObject({ auth: 'DOWN', search: 'DEGRADED', reporting: 'MAINTENANCE', recommendations: 'UP' })
    expect(['UP', 'DEGRADED', 'DOWN']).toContain(states['checkout-api'])
    expect(t.app.health.overview().find((s) => s.name === 'auth')!.openIncidents).toBe(1)
    const search = t.app.health.serviceDetail(t.app.health.overview().find((s) => s.name === 'search')!.id)
    const deps = search.checks.find((c) => c.name === 'dependencies')!
    expect(deps.components.find((c) => c.key.startsWith('elasticsearch'))).toMatchObject({ status: 'warn', output: 'elasticsearch is slow' })
    const recommendations = t.app.health.serviceDetail(t.app.health.overview().find((s) => s.name === 'recommendations')!.id)
    expect(recommendations.checks[0]!.components.map((c) => c.key).sort()).toEqual(['db', 'diskSpace'])
    // later in the cycle auth recovers and its incident closes
    scenarioMs += 200_000
    await pollAll(t.app)
    const auth = t.app.health.overview().find((s) => s.name === 'auth')!
    expect(auth.state).toBe('UP')
    expect(auth.openIncidents).toBe(0)
    expect(auth.uptime24h).toBeGreaterThan(0)
    expect(auth.uptime24h).toBeLessThan(1)
  })
})
