import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { addHttpService } from '../../../../tests/helpers/httpService'
import { startReceiver } from '../../../../tests/helpers/receiver'
import { startHttp, type Running } from '../../../../tests/helpers/servers'
import { ManualClock } from '../../core/clock'

let t: TestApp
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  await t?.cleanup()
})

async function flakyEndpoint() {
  let healthy = true
  const server: Running & { url: string } = await startHttp((_q, res) => {
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/health+json' })
    res.end(JSON.stringify({ status: healthy ? 'pass' : 'fail' }))
  })
  closers.push(() => server.close())
  return { url: `${server.url}/api/health`, set: (h: boolean) => (healthy = h) }
}

const addService = (url: string, name = 'payments') => addHttpService(t.app, url, name)

const webhook = (url: string, key = 'hmac-key', extra: Record<string, unknown> = {}) =>
  t.app.alerts.createChannel({
    name: `hook ${url}`,
    config: { kind: 'webhook', headers: {}, retries: 0, timeoutMs: 2000, ...extra } as never,
    secret: `${url}/hook\n${key}`,
    enabled: true
  }).id

const defaultRule = (serviceId: number) => t.app.alerts.rules(serviceId).find((r) => r.builtin)!

function attach(serviceId: number, channelIds: number[], over: Record<string, unknown> = {}) {
  const r = defaultRule(serviceId)
  t.app.alerts.updateRule(r.id, {
    name: r.name,
    serviceId: r.serviceId,
    checkId: null,
    condition: r.condition as never,
    forS: r.forS,
    severity: r.severity,
    labels: r.labels,
    runbook: r.runbook,
    channelIds,
    reminderS: 0,
    notifyResolve: true,
    enabled: true,
    ...over
  })
  return r
}

describe('alerting lifecycle', () => {
  it('every new service gets a down rule: fires after 3 failures, notifies once, acknowledges, resolves after 2 good', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 20, 9))
    t = tempApp({ clock })
    const ep = await flakyEndpoint()
    const rx = await startReceiver()
    closers.push(rx.close)
    const { serviceId, checkId } = addService(ep.url)
    const rule = defaultRule(serviceId)
    expect(rule).toMatchObject({ severity: 'critical', condition: { signal: 'down', failuresToFire: 3, successesToResolve: 2 } })
    expect(rule.channelIds).toHaveLength(1) // the built-in Desktop channel
    attach(serviceId, [...rule.channelIds, webhook(rx.url)])
    const desktop: unknown[] = []
    t.app.bus.subscribe((name, p) => name === 'notify:desktop' && desktop.push(p))

    ep.set(false)
    for (let i = 0; i < 2; i++) {
      clock.advance(60_000)
      await t.app.health.runNow(checkId)
    }
    expect(t.app.alerts.list({ limit: 10 })).toEqual([])
    clock.advance(60_000)
    await t.app.health.runNow(checkId)
    const [firing] = t.app.alerts.list({ state: 'firing', limit: 10 })
    expect(firing).toMatchObject({
      ruleName: 'payments is down',
      target: 'payments',
      severity: 'critical',
      labels: { service: 'payments', environment: 'production', alertname: 'payments is down' }
    })
    await rx.waitFor(1)
    const trigger = rx.got[0]!
    expect(trigger.json).toMatchObject({
      version: '1',
      event: 'trigger',
      alert: { id: firing!.id, state: 'firing', severity: 'critical', rule: 'payments is down' }
    })
    const sig = crypto.createHmac('sha256', 'hmac-key').update(`${trigger.headers['x-console-timestamp']}.${trigger.raw}`).digest('hex')
    expect(trigger.headers['x-console-signature']).toBe(`sha256=${sig}`)
    expect(desktop).toHaveLength(1)

    clock.advance(60_000)
    await t.app.health.runNow(checkId) // still failing: one open alert, no second notification
    expect(t.app.alerts.list({ limit: 10 })).toHaveLength(1)

    t.app.alerts.acknowledge(firing!.id, 'dana')
    await rx.waitFor(2)
    expect(rx.got[1]!.json).toMatchObject({ event: 'acknowledge', alert: { acknowledgedBy: 'dana' } })
    expect(() => t.app.alerts.acknowledge(firing!.id, 'eve')).toThrow(/already acknowledged by dana/)

    ep.set(true)
    clock.advance(60_000)
    await t.app.health.runNow(checkId)
    expect(t.app.alerts.get(firing!.id).state).toBe('firing')
    clock.advance(60_000)
    await t.app.health.runNow(checkId)
    const resolved = t.app.alerts.get(firing!.id)
    expect(resolved.state).toBe('resolved')
    await rx.waitFor(3)
    expect(rx.got[2]!.json).toMatchObject({ event: 'resolve', alert: { state: 'resolved' } })
    await t.app.alerts.dispatcher.idle()
    const kinds = t.app.alerts.get(firing!.id).timeline.map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['pending', 'firing', 'notified', 'acknowledged', 'resolved']))
    expect(desktop).toHaveLength(2) // trigger and resolve; acknowledgements go to PagerDuty and webhooks only
  })

  it('waits the for-duration before firing, even without another result', async () => {
    t = tempApp()
    const ep = await flakyEndpoint()
    const { serviceId, checkId } = addService(ep.url)
    const r = defaultRule(serviceId)
    attach(serviceId, [], { condition: { signal: 'down', failuresToFire: 1, successesToResolve: 1 }, forS: 1 })
    ep.set(false)
    await t.app.health.runNow(checkId)
    expect(t.app.alerts.list({ limit: 5 })[0]).toMatchObject({ state: 'pending', ruleId: r.id })
    await new Promise((res) => setTimeout(res, 1300))
    expect(t.app.alerts.list({ limit: 5 })[0]).toMatchObject({ state: 'firing' })
  })

  it('cancels a pending alert that recovers before its for-duration', async () => {
    t = tempApp()
    const ep = await flakyEndpoint()
    const { serviceId, checkId } = addService(ep.url)
    attach(serviceId, [], { condition: { signal: 'down', failuresToFire: 1, successesToResolve: 1 }, forS: 60 })
    ep.set(false)
    await t.app.health.runNow(checkId)
    expect(t.app.alerts.list({ limit: 5 })).toHaveLength(1)
    ep.set(true)
    await t.app.health.runNow(checkId)
    expect(t.app.alerts.list({ limit: 5 })).toHaveLength(0)
  })

  it('silences, snoozes and maintenance windows hold notifications back', async () => {
    t = tempApp()
    const ep = await flakyEndpoint()
    const rx = await startReceiver()
    closers.push(rx.close)
    const { serviceId, checkId } = addService(ep.url)
    attach(serviceId, [webhook(rx.url)], { condition: { signal: 'down', failuresToFire: 1, successesToResolve: 1 } })
    const silence = t.app.alerts.createSilence({
      matchers: [{ label: 'service', op: '=~', value: 'pay.*' }],
      endsAt: Date.now() + 3_600_000,
      comment: 'deploy',
      createdBy: 'ops'
    })
    ep.set(false)
    await t.app.health.runNow(checkId)
    const [a] = t.app.alerts.list({ state: 'firing', limit: 5 })
    expect(a!.silenced).toBe(true)
    expect(t.app.alerts.silences(false)[0]).toMatchObject({ active: true, matching: 1 })
    expect(t.app.alerts.get(a!.id).timeline.find((e) => e.kind === 'suppressed')!.detail).toMatch(/silenced by silence #/)
    await t.app.alerts.dispatcher.idle()
    expect(rx.got).toHaveLength(0)
    t.app.alerts.expireSilence(silence.id)
    expect(t.app.alerts.silences(false)).toHaveLength(0)
    expect(() =>
      t.app.alerts.createSilence({
        matchers: [{ label: 'service', op: '=~', value: '(' }],
        endsAt: Date.now() + 1000,
        comment: '',
        createdBy: ''
      })
    ).toThrow(/matchers\[0\]\.value: is not a valid regular expression/)
  })

  it('a service deleted while its notification is in flight: the late delivery outcome is dropped, nothing throws', async () => {
    t = tempApp()
    const ep = await flakyEndpoint()
    let answered = 0
    const slow = await startHttp((_q, res) => void setTimeout(() => (answered++, res.end('ok')), 200))
    closers.push(() => slow.close())
    const { serviceId, checkId } = addService(ep.url)
    attach(serviceId, [webhook(slow.url)], { condition: { signal: 'down', failuresToFire: 1, successesToResolve: 1 } })
    ep.set(false)
    await t.app.health.runNow(checkId)
    const [a] = t.app.alerts.list({ state: 'firing', limit: 5 })
    expect(a).toBeDefined()
    t.app.health.deleteService(serviceId) // its rules and alerts go with it
    expect(() => t.app.alerts.get(a!.id)).toThrow(/not found/i)
    await t.app.alerts.dispatcher.idle() // before: the outcome's INSERT failed its foreign key, an unhandled rejection
    expect(answered).toBe(1)
  })

  it('a channel that times out or returns 500 never delays the others, and every attempt is logged', async () => {
    t = tempApp()
    const ep = await flakyEndpoint()
    const good = await startReceiver()
    const broken = await startReceiver(() => 'fail')
    const hung = await startReceiver(() => 'hang')
    closers.push(good.close, broken.close, hung.close)
    const { serviceId, checkId } = addService(ep.url)
    const ids = [webhook(hung.url, 'k', { timeoutMs: 3000, retries: 0 }), webhook(broken.url, 'k', { retries: 2 }), webhook(good.url)]
    attach(serviceId, ids, { condition: { signal: 'down', failuresToFire: 1, successesToResolve: 1 } })
    ep.set(false)
    await t.app.health.runNow(checkId)
    // the engine has returned while the hung delivery is still in flight
    const inFlight = t.app.db.prepare('SELECT status FROM deliveries WHERE channel_id = ?').get(ids[0]) as { status: string }
    expect(inFlight.status).toBe('sending')
    await good.waitFor(1)
    await t.app.alerts.dispatcher.idle()
    const hungRow = t.app.db.prepare('SELECT at, duration_ms AS d FROM deliveries WHERE channel_id = ?').get(ids[0]) as {
      at: number
      d: number
    }
    expect(good.got[0]!.at).toBeLessThan(hungRow.at + hungRow.d) // the good channel did not wait for the hung one
    expect(broken.got).toHaveLength(3) // 1 try + 2 retries with backoff
    const log = t.app.alerts.deliveries({ limit: 10 })
    const byChannel = Object.fromEntries(log.map((d: any) => [d.channelId, d]))
    expect(byChannel[ids[0]!]).toMatchObject({ ok: false, status: 'failed', error: expect.stringMatching(/timed out after 3000 ms/) })
    expect(byChannel[ids[1]!]).toMatchObject({ ok: false, attempts: 3, responseCode: 500, error: expect.stringMatching(/HTTP 500/) })
    expect(byChannel[ids[2]!]).toMatchObject({ ok: true, attempts: 1, responseCode: 200 })
  }, 20_000)

  it('encrypts secrets at rest and never returns them', async () => {
    t = tempApp()
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX'
    const id = t.app.alerts.createChannel({ name: 'ops slack', config: { kind: 'slack', channel: '#ops' }, secret: url, enabled: true }).id
    const raw = t.app.db.prepare('SELECT secret FROM alert_channels WHERE id = ?').get(id) as { secret: Buffer }
    expect(raw.secret.toString('latin1')).not.toContain('hooks.slack.com')
    const view = t.app.handlers['alerts:channels'](undefined, { transport: 'direct' }) as any[]
    expect(JSON.stringify(view)).not.toContain('secretXXXX')
    expect(view.find((c) => c.id === id)).toMatchObject({ hasSecret: true, secretHint: '••••XXXX' })
    const keyFile = path.join(t.dir, '.control-console.key')
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(() =>
      t.app.alerts.createChannel({
        name: 'bad',
        config: { kind: 'pagerduty', eventsUrl: 'https://events.pagerduty.com/v2/enqueue', source: 'x' },
        secret: 'not a key!',
        enabled: true
      })
    ).toThrow(/secret: must be a PagerDuty/)
  })

  it('turns drift and budget signals from other areas into alerts', async () => {
    t = tempApp()
    // the user's own rules only: the default budget and drift rules are deleted first
    for (const r of t.app.alerts.rules()) if (['drift', 'budget'].includes(String(r.condition.signal))) t.app.alerts.deleteRule(r.id)
    t.app.alerts.createRule({
      name: 'Drift',
      serviceId: null,
      checkId: null,
      condition: { signal: 'drift', minShare: 0.3 },
      forS: 0,
      severity: 'warning',
      labels: { team: 'ml' },
      runbook: '',
      channelIds: [],
      reminderS: 0,
      notifyResolve: true,
      enabled: true
    })
    t.app.alerts.createRule({
      name: 'Budget',
      serviceId: null,
      checkId: null,
      condition: { signal: 'budget', minThreshold: 0.8, basis: 'any' },
      forS: 0,
      severity: 'warning',
      labels: {},
      runbook: '',
      channelIds: [],
      reminderS: 0,
      notifyResolve: true,
      enabled: true
    })
    t.app.bus.publish('drift:detected', {
      checkId: 4,
      checkName: 'churn weekly',
      model: 'churn',
      version: '3',
      share: 0.5,
      driftedColumns: ['age', 'plan'],
      runId: 9,
      at: Date.now()
    })
    t.app.bus.publish('costs:budget', {
      budgetId: 2,
      name: 'Cloud',
      threshold: 0.5,
      basis: 'actual',
      amount: 500,
      budget: 1000,
      currency: 'USD',
      period: '2026-11'
    })
    t.app.bus.publish('costs:budget', {
      budgetId: 2,
      name: 'Cloud',
      threshold: 1,
      basis: 'forecast',
      amount: 1000,
      budget: 1000,
      currency: 'USD',
      period: '2026-11'
    })
    const alerts = t.app.alerts.list({ state: 'firing', limit: 10 })
    expect(alerts.map((a) => a.ruleName).sort()).toEqual(['Budget', 'Drift'])
    expect(alerts.find((a) => a.ruleName === 'Drift')).toMatchObject({
      labels: { model: 'churn', team: 'ml' },
      summary: expect.stringMatching(/50 % of columns drifted \(age, plan\)/)
    })
  })
})
