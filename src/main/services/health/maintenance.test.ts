import { describe, expect, it } from 'vitest'
import { isActive, nextStart, wallClock, type MaintenanceWindow } from './maintenance'

const weekly = (over: Partial<MaintenanceWindow>): MaintenanceWindow => ({
  id: 1,
  scope: 'all',
  serviceIds: [],
  scopeValue: null,
  kind: 'weekly',
  startsAt: null,
  endsAt: null,
  days: [0],
  startTime: '02:00',
  durationMin: 120,
  timeZone: 'Europe/Berlin',
  ...over
})

describe('maintenance windows', () => {
  it('one-off windows are half-open ranges', () => {
    const w: MaintenanceWindow = { ...weekly({}), kind: 'once', startsAt: 1000, endsAt: 2000 }
    expect(isActive(w, 999)).toBe(false)
    expect(isActive(w, 1000)).toBe(true)
    expect(isActive(w, 1999)).toBe(true)
    expect(isActive(w, 2000)).toBe(false)
    expect(nextStart(w, 10)).toBe(1000)
    expect(nextStart(w, 1500)).toBeNull()
  })

  it('weekly windows follow wall-clock time in their zone, across DST', () => {
    // Sunday 2026-01-04 02:30 in Berlin (UTC+1) = 01:30 UTC; Sunday 2026-07-05 02:30 (UTC+2) = 00:30 UTC
    const w = weekly({})
    expect(isActive(w, Date.UTC(2026, 0, 4, 1, 30))).toBe(true)
    expect(isActive(w, Date.UTC(2026, 0, 4, 3, 30))).toBe(false)
    expect(isActive(w, Date.UTC(2026, 6, 5, 0, 30))).toBe(true)
    expect(isActive(w, Date.UTC(2026, 6, 5, 2, 30))).toBe(false)
    expect(isActive(w, Date.UTC(2026, 0, 5, 1, 30))).toBe(false) // Monday
    expect(wallClock(Date.UTC(2026, 6, 5, 0, 30), 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 5, 2, 30))
  })

  it('windows running past midnight are active the next day', () => {
    const w = weekly({ days: [6], startTime: '23:00', durationMin: 180, timeZone: 'UTC' })
    expect(isActive(w, Date.UTC(2026, 0, 4, 1, 0))).toBe(true) // Sunday 01:00, from Saturday 23:00
    expect(isActive(w, Date.UTC(2026, 0, 4, 2, 0))).toBe(false)
  })

  it('finds the next start in UTC', () => {
    const w = weekly({ days: [1], startTime: '09:00', durationMin: 30, timeZone: 'America/New_York' })
    // Sunday 2026-01-04 12:00 UTC → Monday 2026-01-05 09:00 EST = 14:00 UTC
    expect(nextStart(w, Date.UTC(2026, 0, 4, 12, 0))).toBe(Date.UTC(2026, 0, 5, 14, 0))
  })
})
