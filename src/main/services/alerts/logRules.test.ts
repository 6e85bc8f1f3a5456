/**
 * Log signals through the alerting engine: a log_count rule counts its LogQL query over its window (through the
 * logs area's port) and fires above its threshold, then resolves when the count drops; a log_issue rule fires when
 * the logs area reports a new error issue, and again when a resolved one regresses.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ManualClock } from '../../core/clock'
import { RuleInput } from '../../../shared/contract/alerts'

let t: TestApp
afterEach(async () => t && (await t.cleanup()))

const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`
/** A rule with the contract's defaults (no service, no delay, no channels). */
const rule = (name: string, condition: Record<string, unknown>) => RuleInput.parse({ name, condition })

async function push(values: [number, string][], stream: Record<string, string> = { service: 'api' }): Promise<void> {
  const body = Buffer.from(JSON.stringify({ streams: [{ stream, values: values.map(([ts, l]) => [ns(ts), l]) }] }))
  await t.app.logs.push('loki', null, body, undefined)
}
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20))

describe('log rules', () => {
  it('fires a log_count rule when the query’s lines over the window pass the threshold, and resolves after', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 12))
    t = tempApp({ clock, testHooks: { logsInline: true } })
    const { id } = t.app.alerts.createRule(
      rule('API timeouts', {
        signal: 'log_count',
        query: '{service="api"} |= "timeout"',
        measure: 'count',
        windowS: 300,
        above: 5,
        everyS: 60
      })
    )
    const now = clock.now()
    await push(Array.from({ length: 8 }, (_, i) => [now - 60_000 + i * 1000, `request ${i} timeout talking to db`]))
    await push(Array.from({ length: 50 }, (_, i) => [now - 60_000 + i, `request ${i} ok`]))
    await push([[now - 30_000, 'timeout in another service']], { service: 'web' })
    const c = t.app.alerts.rules().find((r) => r.id === id)!.condition as never
    await t.app.alerts.logRules.evaluate(id, c, now)
    await settle()
    const firing = t.app.alerts.list({ state: 'firing', limit: 10 }).filter((a) => a.ruleId === id)
    expect(firing).toHaveLength(1)
    expect(firing[0]!.value).toBe(8)
    expect(firing[0]!.summary).toContain('8 lines of {service="api"} |= "timeout" in the last 300 s')
    expect(firing[0]!.labels).toMatchObject({ service: 'api', logql: '{service="api"} |= "timeout"', signal: 'log_count' })
    // ten minutes later the window holds none of them
    clock.advance(600_000)
    await t.app.alerts.logRules.evaluate(id, c, clock.now())
    await settle()
    expect(t.app.alerts.list({ state: 'resolved', limit: 10 }).filter((a) => a.ruleId === id)).toHaveLength(1)
  })

  it('measures a rate in lines per second, and counts on the schedule of the alert ticks', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 12))
    t = tempApp({ clock, testHooks: { logsInline: true } })
    const { id } = t.app.alerts.createRule(
      rule('Error rate', {
        signal: 'log_count',
        query: '{service="api"} | json | status >= 500',
        measure: 'rate',
        windowS: 60,
        above: 0.4,
        everyS: 10
      })
    )
    const now = clock.now()
    await push(Array.from({ length: 45 }, (_, i) => [now - 59_000 + i * 1000, JSON.stringify({ status: i % 3 === 0 ? 200 : 503 })]))
    t.app.alerts.tick()
    await expect.poll(() => t.app.alerts.list({ state: 'firing', limit: 10 }).find((a) => a.ruleId === id)?.value).toBe(30 / 60)
  })

  it('fires a log_issue rule on a new error issue of its service, and on a regression', async () => {
    t = tempApp({ testHooks: { logsInline: true } })
    const { id } = t.app.alerts.createRule(rule('New errors in api', { signal: 'log_issue', service: 'api', kinds: ['new', 'regressed'] }))
    const other = t.app.alerts.createRule(rule('Only regressions', { signal: 'log_issue', service: '', kinds: ['regressed'] }))
    const trace =
      'TypeError: Cannot read properties of undefined (reading "id")\n    at render (/app/src/view.js:10:5)\n    at main (/app/src/index.js:3:1)'
    await push([[Date.now() - 1000, trace]], { service: 'api', level: 'error' })
    await push([[Date.now() - 900, trace]], { service: 'web', level: 'error' })
    await settle()
    const alerts = t.app.alerts.list({ limit: 10 })
    expect(alerts.filter((a) => a.ruleId === id)).toHaveLength(1)
    expect(alerts.find((a) => a.ruleId === id)!.summary).toContain('New error in api: TypeError: Cannot read properties of undefined')
    expect(alerts.filter((a) => a.ruleId === other.id)).toHaveLength(0)
    const issue = t.app.logs.issues(undefined, 'api', 10)[0]!
    await t.app.logs.setIssueState(issue.id, 'resolved')
    await push([[Date.now(), trace]], { service: 'api', level: 'error' })
    await settle()
    expect(t.app.logs.issues(undefined, 'api', 10)[0]!.state).toBe('regressed')
    expect(t.app.alerts.list({ limit: 10 }).filter((a) => a.ruleId === other.id)).toHaveLength(1)
  })

  it('refuses a rule whose query is not LogQL, naming the position', async () => {
    t = tempApp()
    const { dispatch } = await import('../../transport/dispatch')
    const env = await dispatch(
      t.app.handlers,
      'alerts:createRule',
      { name: 'bad', condition: { signal: 'log_count', query: '{service=}', above: 1 } },
      { transport: 'ipc' } as never,
      {
        logger: t.app.logger
      }
    )
    expect(env.ok).toBe(false)
    if (!env.ok) {
      expect(env.error.field).toBe('condition.query')
      expect(env.error.message).toMatch(/at character 10/)
    }
  })
})
