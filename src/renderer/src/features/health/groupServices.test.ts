import { describe, expect, it } from 'vitest'
import { summary } from './testData'
import { countStates, groupServices, isProblem } from './groupServices'

describe('groupServices', () => {
  const list = [
    summary({ id: 1, name: 'web10', environment: 'staging', region: 'eu' }),
    summary({ id: 2, name: 'web9', environment: 'staging', region: 'eu', state: 'DOWN', openIncidents: 2 }),
    summary({ id: 3, name: 'api', environment: 'production', region: 'us' }),
    summary({ id: 4, name: 'db', environment: 'production', region: 'eu', state: 'MAINTENANCE' })
  ]
  it('groups by environment then region, sorted by name (numerically)', () => {
    const groups = groupServices(list)
    expect(groups.map((g) => g.environment)).toEqual(['production', 'staging'])
    expect(groups[0]!.regions.map((r) => r.region)).toEqual(['eu', 'us'])
    expect(groups[1]!.regions[0]!.services.map((s) => s.name)).toEqual(['web9', 'web10'])
  })
  it('counts states and open incidents per environment', () => {
    const [prod, staging] = groupServices(list)
    expect(prod!.counts).toMatchObject({ UP: 1, MAINTENANCE: 1, DOWN: 0, total: 2 })
    expect(staging!.counts).toMatchObject({ UP: 1, DOWN: 1, openIncidents: 2 })
  })
  it('counts all services', () => {
    expect(countStates(list)).toMatchObject({ UP: 2, DOWN: 1, MAINTENANCE: 1, openIncidents: 2, total: 4 })
    expect(countStates([]).total).toBe(0)
  })
  it('flags problems', () => {
    expect(list.filter(isProblem).map((s) => s.id)).toEqual([2])
  })
})
