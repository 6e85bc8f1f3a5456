import { describe, expect, it } from 'vitest'
import { initials, otherPeople } from './presenceModel'

const v = (clientId: string, name: string, route: string, userId: number | null = null) => ({
  clientId,
  name,
  route,
  userId,
  role: 'editor' as const,
  since: 0,
  lastSeen: 0
})

describe('presence model', () => {
  it('makes initials of one or more words', () => {
    expect(initials('Dana Lee')).toBe('DL')
    expect(initials('root')).toBe('RO')
    expect(initials('jean-paul.sartre')).toBe('JS')
    expect(initials('  ')).toBe('?')
  })
  it('lists the other people once each, leaving out this view, and only those on a route when asked', () => {
    const viewers = [
      v('me-000001', 'Sam', '/alerts'),
      v('c2', 'Dana Lee', '/dashboards/ops', 3),
      v('c3', 'Dana Lee', '/alerts', 3),
      v('c4', 'Sam', '/alerts')
    ]
    expect(otherPeople(viewers, 'me-000001').map((p) => [p.name, p.routes])).toEqual([
      ['Dana Lee', ['/dashboards/ops', '/alerts']],
      ['Sam', ['/alerts']]
    ])
    expect(otherPeople(viewers, 'me-000001', '/dashboards/ops').map((p) => p.name)).toEqual(['Dana Lee'])
  })
})
