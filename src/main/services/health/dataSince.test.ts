import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ManualClock } from '../../core/clock'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

const NOW = Date.UTC(2026, 10, 1, 12, 40)
const row = (table: string, checkId: number, bucket: number) =>
  t!.app.db
    .prepare(
      `INSERT INTO ${table} (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist) VALUES (?, ?, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, x'')`
    )
    .run(checkId, bucket)

describe('dataSince: where a service’s charts should start', () => {
  it('is the first minute of a new service, the first hour once minutes are swept, null without data', () => {
    t = tempApp({ clock: new ManualClock(NOW) })
    const h = t.app.health
    const make = (name: string) =>
      h.createService({
        name,
        environment: 'p',
        region: 'r',
        description: '',
        tags: {},
        checks: [
          {
            name: 'c',
            intervalS: 60,
            retries: 0,
            paused: true,
            config: { kind: 'tcp', host: '127.0.0.1', port: 9, timeoutMs: 1000 } as never
          }
        ]
      }).id
    const fresh = make('fresh')
    const old = make('old')
    make('empty')
    const checkOf = (id: number) => h.serviceDetail(id).checks[0]!.id
    row('rollup_minute', checkOf(fresh), NOW - 10 * 60_000)
    row('rollup_hour', checkOf(fresh), Date.UTC(2026, 10, 1, 12))
    row('rollup_hour', checkOf(old), Date.UTC(2026, 9, 1))
    row('rollup_minute', checkOf(old), NOW - 60_000)
    const since = Object.fromEntries(h.overview().map((s) => [s.name, s.dataSince]))
    expect(since).toEqual({ fresh: NOW - 10 * 60_000, old: Date.UTC(2026, 9, 1), empty: null })
  })
})
