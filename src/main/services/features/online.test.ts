import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ViewInput } from '../../../shared/contract/features'
import { writeCsv } from './__fixtures__/cases'
import { featuresHarness, type FeaturesHarness } from './__fixtures__/harness'

let h: FeaturesHarness
afterEach(async () => h?.cleanup())

const H = 3_600_000
const T0 = Date.UTC(2021, 8, 17)
const iso = (ms: number): string => new Date(ms).toISOString()
const COLUMNS = ['driver_id', 'event_timestamp', 'created', 'conv_rate']

function setup(): { file: string; view: ViewInput } {
  const file = writeCsv(path.join(h.dir, 'online.csv'), COLUMNS, [
    ['1', iso(T0), iso(T0 + 5 * 60_000), '0.1'],
    ['1', iso(T0 + 3 * H), iso(T0 + 3 * H + 5 * 60_000), '0.3'],
    ['2', iso(T0 + 1 * H), iso(T0 + 1 * H + 5 * 60_000), '0.5'],
    ['3', iso(T0 + 7 * H), iso(T0 + 7 * H), '0.9'] // after "now" (06:00): not materialised yet
  ])
  const view: ViewInput = {
    name: 'driver_online',
    entities: [{ name: 'driver_id', type: 'int64' }],
    createdTimestampField: 'created',
    ttlSeconds: 4 * 3600,
    features: [{ name: 'conv_rate', type: 'float64' }],
    source: { path: file }
  }
  h.features.saveView(view)
  return { file, view }
}

const lookup = (at?: number) =>
  h.features.online.lookup({
    features: ['driver_online:conv_rate'],
    entities: [{ driver_id: 1 }, { driver_id: '2' }, { driver_id: 3 }, { driver_id: 4 }],
    ...(at ? { at } : {})
  })

describe('online store', () => {
  it('materialises the latest row per entity up to now, and applies the TTL on read: expired values come back null with their age', async () => {
    h = featuresHarness({ start: T0 + 6 * H })
    setup()
    const first = await h.features.online.materialize({ view: 'driver_online' })
    expect(first).toMatchObject({ from: null, to: T0 + 6 * H, rowsRead: 4, rowsInWindow: 3, keysWritten: 2, keysTotal: 2 })
    const now = lookup()
    expect(now.columns).toEqual([
      { ref: 'driver_online:conv_rate', view: 'driver_online', name: 'conv_rate', values: [0.3, null, null, null] }
    ])
    expect(now.views[0]).toMatchObject({
      view: 'driver_online',
      version: 0,
      ttlSeconds: 14_400,
      status: ['present', 'expired', 'missing', 'missing'],
      ageSeconds: [10_800, 18_000, null, null]
    })
    const earlier = lookup(T0 + 4 * H)
    expect(earlier.columns[0]!.values).toEqual([0.3, 0.5, null, null])
    expect(earlier.views[0]!.status).toEqual(['present', 'present', 'missing', 'missing'])
    expect(h.features.view('driver_online').online).toMatchObject({ version: 0, from: null, to: T0 + 6 * H, keys: 2 })
  })

  it('incremental runs start at the last end, take late arrivals by their created timestamp, and never go past now', async () => {
    h = featuresHarness({ start: T0 + 6 * H })
    const { file } = setup()
    await h.features.online.materialize({ view: 'driver_online' })
    fs.appendFileSync(
      file,
      [
        `2,${iso(T0 + 5.5 * H)},${iso(T0 + 6.5 * H)},0.55`,
        `1,${iso(T0 + 7.5 * H)},${iso(T0 + 7.5 * H)},0.35`,
        `1,${iso(T0 + 9 * H)},${iso(T0 + 9 * H)},0.99`
      ].join('\n') + '\n'
    )
    h.clock.set(T0 + 8 * H)
    const second = await h.features.online.materialize({ view: 'driver_online', mode: 'incremental', end: T0 + 30 * H })
    // 05:30 for driver 2 arrived at 06:30, after the last end (06:00): an event-time window alone would miss it
    expect(second).toMatchObject({ from: T0 + 6 * H, to: T0 + 8 * H, rowsInWindow: 3, keysWritten: 3, keysTotal: 3 })
    const r = lookup()
    expect(r.columns[0]!.values).toEqual([0.35, 0.55, 0.9, null])
    expect(r.views[0]!.ageSeconds).toEqual([1800, 9000, 3600, null])
    // an old window never replaces newer values
    const old = await h.features.online.materialize({ view: 'driver_online', mode: 'window', start: T0, end: T0 + 2 * H })
    expect(old).toMatchObject({ rowsInWindow: 2, keysWritten: 0 })
    expect(lookup().columns[0]!.values).toEqual([0.35, 0.55, 0.9, null])
    expect(h.features.view('driver_online').online).toMatchObject({ from: null, to: T0 + 8 * H })
  })

  it('a new version needs its own materialisation; pinned references to the stored version still answer', async () => {
    h = featuresHarness({ start: T0 + 6 * H })
    const { view } = setup()
    await h.features.online.materialize({ view: 'driver_online' })
    h.features.saveView({ ...view, features: [...view.features, { name: 'created', type: 'string' }], createdTimestampField: null })
    expect(() => h.features.online.lookup({ features: ['driver_online:conv_rate'], entities: [{ driver_id: 1 }] })).toThrow(
      /the online store holds driver_online@v0; materialise v1 first/
    )
    expect(h.features.online.lookup({ features: ['driver_online@v0:conv_rate'], entities: [{ driver_id: 1 }] }).columns[0]!.values).toEqual(
      [0.3]
    )
    await h.features.online.materialize({ view: 'driver_online' })
    const r = h.features.online.lookup({ features: ['driver_online:created', 'driver_online:conv_rate'], entities: [{ driver_id: 1 }] })
    expect(r.columns.map((c) => [c.name, c.values[0]])).toEqual([
      ['created', iso(T0 + 3 * H + 5 * 60_000)],
      ['conv_rate', 0.3]
    ])
    expect(() => h.features.online.lookup({ features: ['driver_online:conv_rate'], entities: [{ driver: 1 }] })).toThrow(
      /entities\.0: has no join key “driver_id”/
    )
    await expect(h.features.online.materialize({ view: 'nope' })).rejects.toThrow(/view: there is no feature view “nope”/)
  })
})

describe('statistics', () => {
  it('computes every window as a job and answers one window against all history', async () => {
    h = featuresHarness({ start: T0 + 6 * H })
    setup()
    expect(h.features.statistics.result('driver_online', '7d')).toBeNull()
    await h.features.statistics.compute('driver_online')
    const all = h.features.statistics.result('driver_online', 'all')!
    expect(all).toMatchObject({
      window: 'all',
      rows: 4,
      baselineRows: 4,
      asOf: T0 + 7 * H,
      features: [{ name: 'conv_rate', psi: null, window: { count: 4, nulls: 0, min: 0.1, max: 0.9 } }]
    })
    const day = h.features.statistics.result('driver_online', '1d')!
    expect(day.windows.map((w) => w.window)).toEqual(['all', '1d', '7d', '14d', '30d', '90d'])
    expect(day.features[0]!.window.baselineBins!.reduce((a, b) => a + b, 0)).toBe(4)
    expect(h.features.view('driver_online').statisticsAt).toBe(T0 + 6 * H)
  })
})
