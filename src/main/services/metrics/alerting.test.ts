/** Metrics rules reach the alerting engine as the `metric` signal: fire after the for-duration, notify, resolve, show in Alerts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RuleInput } from '../../../shared/contract'
import { ManualClock } from '../../core/clock'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { startReceiver } from '../../../../tests/helpers/receiver'
import { seriesKey } from './store'

const T0 = Date.UTC(2026, 10, 1)
let t: TestApp
let clock: ManualClock
const closers: (() => Promise<void>)[] = []

beforeEach(() => {
  clock = new ManualClock(T0)
  t = tempApp({ clock })
})
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  await t.cleanup()
})

/** One CPU-use gauge sample at the clock's time. */
function cpu(v: number): void {
  const labels = { __name__: 'cpu_used_ratio', job: 'checkout' }
  t.app.metrics.repo.insertSamples([{ seriesId: t.app.metrics.repo.seriesId(labels.__name__, seriesKey(labels)), t: clock.now(), v }])
}

function alertRule(name: string, rule: string, channelIds: number[] = []): number {
  return t.app.alerts.createRule(
    RuleInput.parse({ name, condition: { signal: 'metric', rule }, severity: 'critical', channelIds, labels: { team: 'shop' } })
  ).id
}

async function step(v: number): Promise<void> {
  clock.advance(15_000)
  cpu(v)
  await t.app.metrics.evaluateRules()
}

describe('the metric alert signal', () => {
  it('a PromQL threshold rule fires after its for-duration, notifies, lists in Alerts and resolves', async () => {
    const rx = await startReceiver()
    closers.push(rx.close)
    const hook = t.app.alerts.createChannel({
      name: 'hook',
      config: { kind: 'webhook', headers: {}, retries: 0, timeoutMs: 2000 } as never,
      secret: `${rx.url}/hook\nkey`,
      enabled: true
    }).id
    t.app.metrics.saveRule({
      name: 'checkout CPU high',
      sourceId: 0,
      query: 'max(cpu_used_ratio)',
      kind: 'threshold',
      op: '>',
      threshold: 0.8,
      forS: 60,
      horizonS: 0
    })
    const ruleId = alertRule('CPU', 'checkout CPU high', [hook])
    expect(t.app.alerts.rules().find((r) => r.id === ruleId)!.description).toBe('metrics rule "checkout CPU high" fires')

    await step(0.5)
    await step(0.9) // the metrics rule is pending: no alert yet
    await step(0.92)
    await step(0.95)
    await step(0.93)
    expect(t.app.metrics.rules()[0]!.state).toBe('pending')
    expect(t.app.alerts.list({ limit: 10 })).toEqual([])

    await step(0.94) // 60 s above 0.8
    const [firing] = t.app.alerts.list({ state: 'firing', limit: 10 })
    expect(firing).toMatchObject({
      ruleId,
      target: `#${t.app.metrics.rules()[0]!.id} checkout CPU high`,
      severity: 'critical',
      labels: { metric_rule: 'checkout CPU high', query: 'max(cpu_used_ratio)', team: 'shop' }
    })
    expect(firing!.summary).toMatch(/Metrics rule checkout CPU high: max\(cpu_used_ratio\) > 0.8 \(0.94 > 0.8\)/)
    await rx.waitFor(1)
    expect(rx.got[0]!.json).toMatchObject({ event: 'trigger', alert: { state: 'firing', rule: 'CPU' } })

    await step(0.96) // still firing: one alert, one notification
    expect(t.app.alerts.list({ limit: 10 })).toHaveLength(1)

    await step(0.3)
    expect(t.app.alerts.get(firing!.id).state).toBe('resolved')
    await rx.waitFor(2)
    expect(rx.got[1]!.json).toMatchObject({ event: 'resolve' })
  })

  it('filters by rule name and resolves an alert whose rule went quiet (deleted)', async () => {
    const save = (name: string) =>
      t.app.metrics.saveRule({
        name,
        sourceId: 0,
        query: 'max(cpu_used_ratio)',
        kind: 'threshold',
        op: '>',
        threshold: 0.8,
        forS: 0,
        horizonS: 0
      })
    save('memory high')
    alertRule('only CPU', 'cpu high')
    const any = alertRule('any', '')
    await step(0.9)
    const firing = t.app.alerts.list({ state: 'firing', limit: 10 })
    expect(firing.map((a) => a.ruleId)).toEqual([any])

    for (const r of t.app.metrics.rules()) t.app.metrics.deleteRule(r.id)
    clock.advance(1_800_000)
    t.app.alerts.tick()
    expect(t.app.alerts.get(firing[0]!.id).state).toBe('firing')
    clock.advance(1_800_001)
    t.app.alerts.tick()
    expect(t.app.alerts.get(firing[0]!.id).state).toBe('resolved')
  })
})
