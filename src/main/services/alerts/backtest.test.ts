import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { startHttp } from '../../../../tests/helpers/servers'
import { ManualClock } from '../../core/clock'

let t: TestApp
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  await t?.cleanup()
})

const rule = (serviceId: number, condition: Record<string, unknown>, forS = 0) => ({
  name: 'bt',
  serviceId,
  checkId: null,
  condition: condition as never,
  forS,
  severity: 'warning' as const,
  labels: {},
  runbook: '',
  channelIds: [],
  reminderS: 0,
  notifyResolve: true,
  enabled: true
})

describe('rule backtest over stored history', () => {
  it('counts how often a rule would have fired, with a chart of condition and firing', async () => {
    const start = Date.UTC(2026, 10, 10)
    const clock = new ManualClock(start)
    t = tempApp({ clock })
    let healthy = true
    const ep = await startHttp((_q, res) => res.writeHead(healthy ? 200 : 500).end('x'))
    closers.push(() => ep.close())
    const { id } = t.app.health.createService({
      name: 'api',
      environment: 'production',
      region: 'eu',
      description: '',
      tags: {},
      checks: [
        {
          name: 'root',
          intervalS: 60,
          retries: 0,
          paused: false,
          config: {
            kind: 'http',
            url: ep.url,
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
    const checkId = t.app.health.serviceDetail(id).checks[0]!.id
    // three outages of 5, 2 and 4 failures over 3 days, one check per 10 minutes
    const outages = new Set([...[10, 11, 12, 13, 14], ...[200, 201], ...[400, 401, 402, 403]])
    for (let i = 0; i < 432; i++) {
      healthy = !outages.has(i)
      await t.app.health.runNow(checkId)
      clock.advance(600_000)
    }
    const down3 = t.app.alerts.backtest(rule(id, { signal: 'down', failuresToFire: 3, successesToResolve: 2 }), 7)
    expect(down3).toMatchObject({ supported: true, fired: 2, samples: 432 })
    expect(down3.firings[0]!.at).toBe(start + 12 * 600_000)
    expect(down3.firings[0]!.resolvedAt).toBe(start + 16 * 600_000)
    expect(down3.firing.reduce((a, b) => a + b)).toBeGreaterThan(0)
    expect(down3.t).toHaveLength(down3.conditionTrue.length)
    const down2 = t.app.alerts.backtest(rule(id, { signal: 'down', failuresToFire: 2, successesToResolve: 1 }), 7)
    expect(down2.fired).toBe(3)
    const slow = t.app.alerts.backtest(rule(id, { signal: 'down', failuresToFire: 1, successesToResolve: 1 }, 45 * 60), 7)
    expect(slow.fired).toBe(1) // only the 5-failure outage lasted past 45 min
    const rate = t.app.alerts.backtest(rule(id, { signal: 'error_rate', windowS: 3600, above: 0.4, minSamples: 3 }), 7)
    expect(rate.fired).toBe(2)
    const comp = t.app.alerts.backtest(rule(id, { signal: 'component', component: 'db', worstAllowed: 'pass' }), 7)
    expect(comp).toMatchObject({ supported: false, reason: expect.stringMatching(/cannot be replayed/) })
  })
})
