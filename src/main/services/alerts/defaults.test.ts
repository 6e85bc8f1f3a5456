import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ManualClock } from '../../core/clock'

let t: TestApp | undefined
const closers: (() => void)[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  for (const c of closers.splice(0)) c()
})

const signalOf = (r: { condition: Record<string, unknown> }) => String(r.condition.signal)

describe('default rules for budget crossings and drift verdicts', () => {
  it('a budget crossing on a fresh workspace fires an alert shown in the Alerts list', () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2026, 10, 20)) })
    const defaults = t.app.alerts.rules().filter((r) => r.builtin && r.serviceId === null)
    expect(defaults.map(signalOf).sort()).toEqual(['budget', 'drift', 'testing'])
    t.app.costs.manualCreate({
      service: 'Snowflake',
      description: '',
      category: 'SaaS',
      amount: '900',
      recurrence: 'once',
      startDay: '2026-11-01',
      endDay: '2026-11-10'
    })
    t.app.costs.budgetCreate({ name: 'Data platform', amount: '1000' } as never)
    const fired = t.app.costs.budgets().find((b) => b.name === 'Data platform')!.fired
    expect(fired.length).toBeGreaterThan(0)
    const alerts = t.app.alerts.list({ limit: 20 })
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ ruleName: 'Budget threshold crossed', state: 'firing', labels: { budget: 'Data platform' } })
    expect(alerts[0]!.summary).toMatch(/Data platform: actual spend 900\.00 USD is \d+ % of the 1000\.00 USD budget/)
  })

  it('a drift verdict fires the default drift rule', () => {
    t = tempApp()
    t.app.bus.publish('drift:detected', {
      checkId: 1,
      checkName: 'churn weekly',
      model: 'churn',
      version: '3',
      share: 0.2,
      driftedColumns: ['age'],
      runId: 5,
      at: Date.now()
    })
    const alerts = t.app.alerts.list({ state: 'firing', limit: 10 })
    expect(alerts.map((a) => a.ruleName)).toEqual(['Drift detected'])
    expect(alerts[0]!.labels).toMatchObject({ model: 'churn', drift_check: 'churn weekly' })
  })

  it('a default rule can be disabled or deleted, and stays deleted after a restart', async () => {
    t = tempApp()
    const file = t.file
    const drift = t.app.alerts.rules().find((r) => r.builtin && signalOf(r) === 'drift')!
    const budget = t.app.alerts.rules().find((r) => r.builtin && signalOf(r) === 'budget')!
    t.app.alerts.updateRule(budget.id, {
      ...budget,
      condition: budget.condition as never,
      enabled: false
    })
    t.app.alerts.deleteRule(drift.id)
    await t.app.close()
    const first = t
    t = tempApp({ file })
    closers.push(() => fs.rmSync(first.dir, { recursive: true, force: true }))
    const rules = t.app.alerts.rules().filter((r) => r.serviceId === null)
    expect(rules.map(signalOf).sort()).toEqual(['budget', 'testing'])
    expect(rules.find((r) => signalOf(r) === 'budget')!.enabled).toBe(false)
  })
})
