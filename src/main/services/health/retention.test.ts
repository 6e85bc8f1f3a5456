import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ServiceInput } from '../../../shared/contract'
import { ManualClock } from '../../core/clock'
import { resultRecord } from './__fixtures__/result'
import { ResultWriter } from './writer'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const count = (table: string): number => (t!.app.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

describe('retention over a long run', () => {
  it('once the window is full, raw results and rollups are deleted at the rate they arrive and the file stays flat', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    const app = t.app
    const checks = Array.from({ length: 10 }, (_, i) => ({
      name: `c${i}`,
      intervalS: 30,
      paused: true,
      config: { kind: 'http', url: 'http://127.0.0.1:9/' }
    }))
    const { id } = app.health.createService(ServiceInput.parse({ name: 'api', checks }))
    const ids = app.health.repo.checks(id).map((c) => c.id)
    app.health.setSettings({ rawDays: 1, minuteDays: 1, hourDays: 1 })
    const writer = new ResultWriter(app.db)
    const record = (checkId: number, ts: number) => resultRecord(checkId, ts, { status: ts % 7 === 0 ? 2 : 0, latencyMs: 5 + (ts % 50) })
    const perDay = ids.length * 2 * 24 * 60 // every check every 30 s
    const sizes: number[] = []
    let cached = { minutes: 0, hours: 0 }
    const rawCounts: number[] = []
    // three days, a flush every simulated minute, the sweep every ten (as the console's timers would)
    for (let m = 1; m <= 3 * 24 * 60; m++) {
      const now = clock.now()
      for (const c of ids) for (const s of [0, 30_000]) writer.push(record(c, now + s))
      clock.advance(MINUTE)
      writer.flush(() => true)
      cached = {
        minutes: Math.max(cached.minutes, writer.cachedAggregates.minutes),
        hours: Math.max(cached.hours, writer.cachedAggregates.hours)
      }
      if (m % 10 === 0) await app.health.sweep()
      if (m % 60 === 0 && m >= 24 * 60) {
        rawCounts.push(count('results'))
        app.db.pragma('wal_checkpoint(TRUNCATE)')
        sizes.push(fs.statSync(t.file).size)
      }
    }
    // from the end of day 1 on, the table holds one day of results (plus at most one sweep interval)
    for (const n of rawCounts) {
      expect(n).toBeGreaterThanOrEqual(perDay - 10 * ids.length * 2)
      expect(n).toBeLessThanOrEqual(perDay + 10 * ids.length * 2)
    }
    expect(count('rollup_minute')).toBeLessThanOrEqual(ids.length * (24 * 60 + 10))
    expect(count('rollup_hour')).toBeLessThanOrEqual(ids.length * 26)
    // the writer's open rollup buckets stay a few minutes and hours per check, however long it runs
    expect(cached.minutes).toBeLessThanOrEqual(ids.length * 4)
    expect(cached.hours).toBeLessThanOrEqual(ids.length * 3)
    // freed pages are reused: the file does not grow on day 3 (when as much is deleted as written)
    const day2 = sizes.slice(0, 25)
    const day3 = sizes.slice(24)
    expect(Math.max(...day3)).toBeLessThanOrEqual(Math.max(...day2) * 1.02)
    expect(sizes.at(-1)! - sizes[24]!).toBeLessThanOrEqual(64 * 1024)
  }, 120_000)

  it('keeps closed incidents as long as the minute rollups, open ones always: 200 days of flapping stay bounded', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    const app = t.app
    const svc = (name: string): number =>
      app.health.createService(
        ServiceInput.parse({ name, checks: [{ name: 'c', paused: true, config: { kind: 'http', url: 'http://127.0.0.1:9/' } }] })
      ).id
    const flappy = svc('flappy')
    const stuck = svc('stuck')
    app.health.setSettings({ rawDays: 1, minuteDays: 30, hourDays: null })
    const put = app.db.prepare("INSERT INTO health_incidents (service_id, started_at, ended_at, cause) VALUES (?, ?, ?, 'down')")
    put.run(stuck, clock.now(), null) // never resolved
    const counts: number[] = []
    for (let day = 0; day < 200; day++) {
      const start = clock.now()
      for (let i = 0; i < 24; i++) put.run(flappy, start + i * HOUR, start + i * HOUR + 5 * MINUTE)
      clock.advance(DAY)
      await app.health.sweep()
      counts.push(count('health_incidents'))
    }
    expect(Math.max(...counts.slice(31))).toBeLessThanOrEqual(30 * 24 + 24 + 1)
    expect(counts.at(-1)).toBe(counts[60])
    const oldest = app.db.prepare('SELECT MIN(started_at) AS t FROM health_incidents WHERE ended_at IS NOT NULL').get() as { t: number }
    expect(oldest.t).toBeGreaterThanOrEqual(clock.now() - 31 * DAY)
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM health_incidents WHERE ended_at IS NULL').get()).toEqual({ n: 1 })
  })

  it('bounds hourly rollups by default: rows older than 400 days are deleted, newer ones kept', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    const app = t.app
    const { id } = app.health.createService(
      ServiceInput.parse({ name: 'api', checks: [{ name: 'c', paused: true, config: { kind: 'http', url: 'http://127.0.0.1:9/' } }] })
    )
    const checkId = app.health.repo.checks(id)[0]!.id
    expect(app.health.getSettings().hourDays).toBe(400)
    const put = app.db.prepare(
      "INSERT INTO rollup_hour (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist) VALUES (?, ?, 1, 0, 0, 0, 5, 5, 5, 5, 5, 5, x'')"
    )
    const hour = Math.floor(clock.now() / HOUR) * HOUR
    for (const daysAgo of [500, 401, 399, 1]) put.run(checkId, hour - daysAgo * DAY)
    await app.health.sweep()
    const kept = app.db.prepare('SELECT bucket FROM rollup_hour ORDER BY bucket').pluck().all() as number[]
    expect(kept).toEqual([hour - 399 * DAY, hour - DAY])
  })
})
