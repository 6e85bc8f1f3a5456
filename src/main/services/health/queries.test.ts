// Randomized equivalence: the cached uptimes (FrozenHours) must equal a direct computation from rollups
// under clock moves, live results, deletes and recreates (id reuse), retention, hand-written SQL,
// rolled-back transactions and writes from another connection.
import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../app'
import { ManualClock } from '../../core/clock'
import { silentLogger } from '../../core/log'
import { ServiceInput } from '../../../shared/contract'
import { Aggregate, HOUR, MINUTE } from './rollup'

const DAY = 24 * HOUR
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

async function scenario(seedIn: number, steps: number): Promise<number> {
  let seed = seedIn
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-frozen-'))
  dirs.push(dir)
  const file = path.join(dir, 'w.db')
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 30))
  const app = createApp({
    workspacePath: file,
    mode: 'test',
    logger: silentLogger,
    clock,
    runCheck: async () => ({ status: rnd() < 0.1 ? 'DOWN' : 'UP', latencyMs: 1 + rnd() * 300 })
  })
  const q = app.health.queries
  let svcN = 0
  const addService = () =>
    app.health.createService(
      ServiceInput.parse({
        name: `s${svcN++}`,
        checks: Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => ({
          name: `c${i}`,
          intervalS: 60,
          config: { kind: 'http', url: 'http://127.0.0.1:9/' }
        }))
      })
    )
  for (let i = 0; i < 8; i++) addService()
  const put = app.db.prepare(
    `INSERT OR REPLACE INTO rollup_hour (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist) VALUES (@check_id, @bucket, @count, @failures, @degraded, @maintenance, @lat_min, @lat_max, @lat_sum, @p50, @p95, @p99, @hist)`
  )
  const hourRow = (id: number, bucket: number) => {
    const a = new Aggregate()
    const n = 1 + Math.floor(rnd() * 60)
    for (let i = 0; i < n; i++) a.add(rnd() < 0.1 ? 2 : rnd() < 0.1 ? 1 : 0, 1 + rnd() * 500, rnd() < 0.05)
    return a.toRow(id, bucket)
  }
  const fill = () => {
    const now = clock.now()
    app.db.transaction(() => {
      for (const c of app.health.repo.checks())
        for (let h = Math.floor((now - 35 * DAY) / HOUR) * HOUR; h <= now; h += HOUR) if (rnd() < 0.7) put.run(hourRow(c.id, h))
    })()
  }
  fill()
  const other = new Database(file)
  let compared = 0
  const check = (what: string) => {
    const now = clock.now()
    const a = q.uptimes(now)
    const b = q.uptimesFromRollups(now)
    const ja = JSON.stringify([...a].sort((x, y) => x[0] - y[0]))
    const jb = JSON.stringify([...b].sort((x, y) => x[0] - y[0]))
    compared++
    expect(ja, `after ${what} at ${new Date(now).toISOString()}`).toBe(jb)
  }
  check('start')
  const actions: [string, () => void | Promise<void>][] = [
    ['minutes', () => clock.advance(Math.floor(rnd() * 50) * MINUTE)],
    ['hours', () => clock.advance(Math.floor(1 + rnd() * 5) * HOUR)],
    ['days', () => clock.advance(Math.floor(1 + rnd() * 4) * DAY)],
    ['back', () => clock.advance(-Math.floor(1 + rnd() * 3) * HOUR)],
    [
      'runs',
      async () => {
        for (const c of app.health.repo.checks()) if (rnd() < 0.5) await app.health.runNow(c.id)
      }
    ],
    [
      'delete service',
      () => {
        const s = app.health.repo.services()
        if (s.length > 2) app.health.deleteService(s[Math.floor(rnd() * s.length)]!.id)
      }
    ],
    [
      'delete last check + recreate (id reuse)',
      () => {
        const cs = app.health.repo.checks()
        const last = cs.reduce((m, c) => (c.id > m.id ? c : m), cs[0]!)
        app.health.deleteCheck(last.id)
        const id = app.health.createCheck(last.service_id, {
          name: last.name,
          intervalS: 60,
          retries: 0,
          paused: false,
          config: JSON.parse(last.config)
        }).id
        for (let h = Math.floor((clock.now() - 5 * DAY) / HOUR) * HOUR; h <= clock.now(); h += HOUR) put.run(hourRow(id, h))
      }
    ],
    [
      'add service',
      () => {
        addService()
      }
    ],
    [
      'retention',
      async () => {
        app.health.setSettings({ rawDays: 1, minuteDays: 2, hourDays: 10 + Math.floor(rnd() * 25) })
        await app.health.sweep()
        app.health.setSettings({ hourDays: null })
      }
    ],
    [
      'sql old bucket',
      () => {
        const cs = app.health.repo.checks()
        const c = cs[Math.floor(rnd() * cs.length)]!
        put.run(hourRow(c.id, Math.floor((clock.now() - rnd() * 20 * DAY) / HOUR) * HOUR))
      }
    ],
    [
      'rolled back delete',
      () => {
        try {
          app.db.transaction(() => {
            app.db.prepare('DELETE FROM rollup_hour WHERE bucket < ?').run(clock.now() - 3 * DAY)
            throw new Error('rollback')
          })()
        } catch {
          /* rolled back */
        }
      }
    ],
    [
      'other connection',
      () => {
        other
          .prepare(
            'UPDATE rollup_hour SET failures = failures + 1 WHERE (check_id, bucket) IN (SELECT check_id, bucket FROM rollup_hour WHERE count > failures + maintenance ORDER BY random() LIMIT 3)'
          )
          .run()
      }
    ],
    ['refill', () => fill()]
  ]

  try {
    for (let i = 0; i < steps; i++) {
      const [name, fn] = actions[Math.floor(rnd() * actions.length)]!
      await fn()
      check(name)
    }
  } finally {
    other.close()
    await app.close()
  }
  return compared
}

describe('HealthQueries.uptimes cache', () => {
  for (const seed of [1, 7, 42]) {
    it(`equals the direct computation from rollups (seed ${seed})`, async () => {
      expect(await scenario(seed, 120)).toBe(121)
    }, 60_000)
  }
})
