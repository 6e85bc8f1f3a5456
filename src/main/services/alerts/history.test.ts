import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { NotifyChannelInput, RuleInput } from '../../../shared/contract'
import { ManualClock } from '../../core/clock'
import { ALERT_HISTORY_DAYS } from './service'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

const DAY = 86_400_000

describe('alert history over a long run', () => {
  it('keeps resolved alerts, their events and deliveries for ALERT_HISTORY_DAYS: a year of flapping stays bounded', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    const { app } = t
    const db = app.db
    const rule = app.alerts.createRule(RuleInput.parse({ name: 'flappy', condition: { signal: 'model' } })).id
    const hook = app.alerts.createChannel(
      NotifyChannelInput.parse({ name: 'hook', config: { kind: 'webhook' }, secret: 'http://127.0.0.1:9/' })
    ).id
    const alert = db.prepare(
      "INSERT INTO alerts (rule_id, target, state, severity, summary, pending_since, fired_at, resolved_at) VALUES (?, 'model:1', ?, 'warning', 'x', ?, ?, ?)"
    )
    const event = db.prepare("INSERT INTO alert_events (alert_id, at, kind) VALUES (?, ?, 'fired')")
    const delivery = db.prepare("INSERT INTO deliveries (alert_id, channel_id, event, at, status) VALUES (?, ?, 'firing', ?, 'ok')")
    const stillFiring = Number(alert.run(rule, 'firing', clock.now(), clock.now(), null).lastInsertRowid)
    const n = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    const counts: number[] = []
    for (let day = 0; day < 365; day++) {
      const t0 = clock.now()
      db.transaction(() => {
        for (let i = 0; i < 20; i++) {
          const at = t0 + i * 3_600_000
          const id = Number(alert.run(rule, 'resolved', at, at, at + 600_000).lastInsertRowid)
          event.run(id, at)
          event.run(id, at + 600_000)
          delivery.run(id, hook, at)
        }
      })()
      clock.advance(DAY)
      if (day % 7 === 6) await app.alerts.sweepHistory() // the console sweeps hourly; weekly is enough to show the bound
      counts.push(n('alerts'))
    }
    const bound = (ALERT_HISTORY_DAYS + 8) * 20 + 1
    expect(Math.max(...counts)).toBeLessThanOrEqual(bound)
    expect(n('alert_events')).toBe(2 * (n('alerts') - 1)) // the events of deleted alerts went with them
    expect(n('deliveries')).toBeLessThanOrEqual(bound)
    const oldest = db.prepare("SELECT MIN(resolved_at) AS t FROM alerts WHERE state = 'resolved'").get() as { t: number }
    expect(oldest.t).toBeGreaterThanOrEqual(clock.now() - (ALERT_HISTORY_DAYS + 8) * DAY)
    expect(app.alerts.get(stillFiring).state).toBe('firing') // open alerts are never deleted, however old
  })
})
