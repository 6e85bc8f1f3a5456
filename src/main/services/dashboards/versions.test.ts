/** Versions on a real workspace: every save is one, diffs, restore, the last 50 kept, stale saves refused and merged. */
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { DashboardModel, SaveInput, type DashboardModelInput } from '../../../shared/contract/dashboards'
import { reapply } from '../../../shared/dashboards/merge'
import { ManualClock } from '../../core/clock'

let t: TestApp
afterEach(async () => t?.cleanup())

const model = (over: Partial<DashboardModelInput> = {}): DashboardModel =>
  DashboardModel.parse({
    title: 'Checkout',
    variables: [{ name: 'service', kind: 'service', current: 'checkout' }],
    panels: [
      {
        id: 'p1',
        title: 'Uptime',
        type: 'stat',
        x: 0,
        y: 0,
        w: 3,
        h: 3,
        unit: '%',
        query: { source: 'health', metric: 'uptime', service: '$service' }
      },
      { id: 'p2', title: 'Spend', type: 'timeseries', x: 3, y: 0, w: 9, h: 6, query: { source: 'costs', groupBy: 'service' } }
    ],
    ...over
  })
const save = (m: DashboardModel, baseVersion: number, extra: Record<string, unknown> = {}) =>
  t.app.dashboards.save(SaveInput.parse({ model: m, baseVersion, ...extra }))

describe('dashboard versions', () => {
  it('keeps who, when and why of each save, diffs two versions and restores one as a new version', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 1, 9))
    t = tempApp({ clock })
    const v1 = save(model(), 0, { message: 'first cut', author: 'ana' })
    expect(v1.version).toBe(1)
    clock.advance(60_000)
    const m2 = model()
    m2.panels[0]!.thresholds = [{ value: 99, color: '#2da44e' }]
    m2.panels.splice(1, 1)
    m2.panels.push({
      ...m2.panels[0]!,
      id: 'p3',
      title: 'Log errors',
      type: 'bar',
      x: 3,
      query: { source: 'logs', logql: '{service="api"}', limit: 100 }
    })
    m2.time = { from: 'now-24h', to: 'now' }
    const v2 = save(m2, 1, { uid: v1.uid, message: 'thresholds', author: 'ben' })
    expect(v2.version).toBe(2)

    const versions = t.app.dashboards.versions(v1.uid)
    expect(versions.map((v) => [v.version, v.author, v.message, v.createdAt])).toEqual([
      [2, 'ben', 'thresholds', Date.UTC(2026, 10, 1, 9, 1)],
      [1, 'ana', 'first cut', Date.UTC(2026, 10, 1, 9)]
    ])
    const diff = t.app.dashboards.diff(v1.uid, 1, 2)
    expect(diff.added).toEqual([{ id: 'p3', title: 'Log errors' }])
    expect(diff.removed).toEqual([{ id: 'p2', title: 'Spend' }])
    expect(diff.changed).toEqual([{ id: 'p1', title: 'Uptime', fields: ['thresholds'] }])
    expect(diff.settings).toEqual(['time'])
    expect(diff.lines.filter((l) => l.op === '-').map((l) => l.text.trim())).toContain('"from": "now-6h",')
    expect(diff.lines.filter((l) => l.op === '+').map((l) => l.text.trim())).toContain('"from": "now-24h",')

    const restored = t.app.dashboards.restore(v1.uid, 1, 2, 'ana')
    expect(restored.version).toBe(3)
    expect(restored.model).toEqual(model())
    expect(t.app.dashboards.versions(v1.uid)[0]).toMatchObject({
      version: 3,
      message: 'Restored version 1',
      restoredFrom: 1,
      author: 'ana'
    })
    expect(t.app.dashboards.diff(v1.uid, 1, 3)).toMatchObject({ added: [], removed: [], changed: [], settings: [] })
  })

  it('refuses a stale save with who saved when, and saves it on an explicit overwrite', () => {
    t = tempApp()
    const v1 = save(model(), 0, { author: 'ana' })
    save(model({ title: 'Checkout (ben)' }), 1, { uid: v1.uid, author: 'ben' })
    let err: unknown
    try {
      save(model({ title: 'Checkout (ana)' }), 1, { uid: v1.uid, author: 'ana' })
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code: 'CONFLICT', field: 'baseVersion' })
    expect((err as Error).message).toMatch(
      /^ben saved version 2 at .* after you opened version 1: reload and re-apply your changes, or overwrite/
    )
    expect(t.app.dashboards.get(v1.uid)).toMatchObject({ version: 2, model: { title: 'Checkout (ben)' } })
    const forced = save(model({ title: 'Checkout (ana)' }), 1, { uid: v1.uid, author: 'ana', overwrite: true })
    expect(forced).toMatchObject({ version: 3, model: { title: 'Checkout (ana)' } })
    // a stale restore is refused the same way
    expect(() => t.app.dashboards.restore(v1.uid, 1, 2)).toThrow(/saved version 3/)
  })

  it('re-applies a stale edit onto the newer version, listing what both changed', () => {
    const base = model()
    const mine = model({ title: 'Mine' })
    mine.panels[0] = { ...mine.panels[0]!, unit: 'ms' }
    mine.panels.push({ ...mine.panels[0]!, id: 'p3', title: 'New of mine' })
    const theirs = model()
    theirs.panels[1] = { ...theirs.panels[1]!, title: 'Spend (theirs)' }
    theirs.panels.push({ ...theirs.panels[0]!, id: 'p3', title: 'New of theirs' })
    const { model: merged, overlaps } = reapply(base, mine, theirs)
    expect(merged.title).toBe('Mine')
    expect(merged.panels.map((p) => [p.id, p.title, p.unit])).toEqual([
      ['p1', 'Uptime', 'ms'],
      ['p2', 'Spend (theirs)', ''],
      ['p3', 'New of theirs', '%'],
      ['p4', 'New of mine', 'ms']
    ])
    expect(overlaps).toEqual([])
    const both = model({ title: 'Theirs' })
    expect(reapply(base, mine, both).overlaps).toEqual(['setting title'])
  })

  it('keeps the last 50 versions', () => {
    t = tempApp()
    let v = save(model(), 0)
    for (let i = 2; i <= 55; i++) v = save(model({ title: `Checkout ${i}` }), v.version, { uid: v.uid })
    const kept = t.app.dashboards.versions(v.uid)
    expect(kept).toHaveLength(50)
    expect(kept.at(-1)!.version).toBe(6)
    expect(() => t.app.dashboards.version(v.uid, 5)).toThrow(/only the last 50 are kept/)
  })

  it('names what is wrong with a model it refuses', () => {
    t = tempApp()
    const dup = model()
    dup.panels[1]!.id = 'p1'
    expect(() => save(dup, 0)).toThrow('model: panels: the id p1 is used twice')
    expect(SaveInput.safeParse({ model: { title: '' }, baseVersion: 0 }).error?.issues[0]).toMatchObject({
      path: ['model', 'title'],
      message: 'must not be empty'
    })
    expect(() => t.app.dashboards.get('nope')).toThrow('dashboard nope not found')
  })
})
