import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { MaintenanceInput, MaintenanceUpdate } from '../../../shared/contract'
import { ManualClock } from '../../core/clock'
import { HOUR } from './rollup'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

const NOW = Date.UTC(2026, 10, 1, 12)

function fleet() {
  t = tempApp({ clock: new ManualClock(NOW) })
  const h = t.app.health
  const make = (name: string, environment: string, tags: Record<string, string>) =>
    h.createService({ name, environment, region: 'eu', description: '', tags, checks: [] }).id
  return {
    h,
    checkout: make('checkout', 'production', { team: 'payments' }),
    search: make('search', 'production', { team: 'search' }),
    staging: make('checkout', 'staging', { team: 'payments', tier: 'gold' })
  }
}

const once = (over: Record<string, unknown>) =>
  MaintenanceInput.parse({ title: 'w', kind: 'once', startsAt: NOW - 1000, endsAt: NOW + HOUR, ...over })
const covered = (h: ReturnType<typeof fleet>['h']) =>
  h
    .overview()
    .filter((s) => s.inMaintenance)
    .map((s) => `${s.name}@${s.environment}`)
    .sort()

describe('maintenance windows by services, environment and tag', () => {
  it('an environment window covers that environment only; a tag window matches key or key=value', () => {
    const { h } = fleet()
    const env = h.createMaintenance(once({ scope: 'environment', environment: 'staging' }))
    expect(covered(h)).toEqual(['checkout@staging'])
    h.deleteMaintenance(env.id)
    h.createMaintenance(once({ scope: 'tag', tag: 'team=payments' }))
    expect(covered(h)).toEqual(['checkout@production', 'checkout@staging'])
    h.createMaintenance(once({ scope: 'tag', tag: 'tier' }))
    expect(h.maintenanceList().map((w) => w.scopeValue)).toEqual(['team=payments', 'tier'])
  })

  it('covers several chosen services, and a window whose services are all deleted covers none', () => {
    const { h, checkout, search } = fleet()
    h.createMaintenance(once({ scope: 'services', serviceIds: [checkout, search] }))
    expect(covered(h)).toEqual(['checkout@production', 'search@production'])
    expect(h.maintenanceList(search).map((w) => w.serviceNames)).toEqual([['checkout', 'search']])
    h.deleteService(checkout)
    h.deleteService(search)
    expect(covered(h)).toEqual([])
  })

  it('is editable: title, scope and schedule change in place; a tag change follows a service edit', () => {
    const { h, search, staging } = fleet()
    const { id } = h.createMaintenance(once({ scope: 'services', serviceIds: [search] }))
    h.updateMaintenance(
      MaintenanceUpdate.parse({
        id,
        title: 'db move',
        kind: 'once',
        startsAt: NOW - 1,
        endsAt: NOW + 2 * HOUR,
        scope: 'tag',
        tag: 'tier=gold'
      })
    )
    const [w] = h.maintenanceList()
    expect(w).toMatchObject({ id, title: 'db move', scope: 'tag', scopeValue: 'tier=gold', serviceIds: [], endsAt: NOW + 2 * HOUR })
    expect(covered(h)).toEqual(['checkout@staging'])
    h.updateService({ id: staging, tags: {} })
    expect(covered(h)).toEqual([])
    expect(h.inMaintenance(staging)).toBe(false)
    h.updateService({ id: search, tags: { tier: 'gold' } })
    expect(h.inMaintenance(search)).toBe(true)
    expect(() => h.updateMaintenance(MaintenanceUpdate.parse({ id: 999, title: 'x', kind: 'once', startsAt: 1, endsAt: 2 }))).toThrow(/999/)
  })

  it('refuses a scope without its value, naming the field', () => {
    const issues = (input: unknown) => MaintenanceInput.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues({ title: 'w', kind: 'once', startsAt: 1, endsAt: 2, scope: 'services' })).toEqual([
      'serviceIds: pick at least one service'
    ])
    expect(issues({ title: 'w', kind: 'once', startsAt: 1, endsAt: 2, scope: 'tag' })).toEqual(['tag: give the tag as key or key=value'])
    expect(issues({ title: 'w', kind: 'once', startsAt: 1, endsAt: 2, scope: 'environment' })).toEqual([
      'environment: name the environment the window covers'
    ])
  })
})
