import { describe, expect, it } from 'vitest'
import { alertDurationMs, countByState, labelFilterError, labelPairs, listInputOf, NO_FILTER, shortTime } from './alertFilters'

describe('alert filters', () => {
  it('builds the list query from the filters', () => {
    expect(listInputOf(NO_FILTER)).toEqual({ limit: 1000 })
    expect(listInputOf({ severity: 'critical', serviceId: '4', label: ' team=payments ' })).toEqual({
      limit: 1000,
      severity: 'critical',
      serviceId: 4,
      label: 'team=payments'
    })
  })
  it('leaves out a label filter it cannot use, and says why', () => {
    expect(listInputOf({ ...NO_FILTER, label: 'payments' })).toEqual({ limit: 1000 })
    expect(labelFilterError('payments')).toMatch(/name=value/)
    expect(labelFilterError('9x=1')).not.toBeNull()
    expect(labelFilterError('team=')).toBeNull()
    expect(labelFilterError('')).toBeNull()
  })
  it('counts alerts per state', () => {
    expect(countByState([{ state: 'firing' }, { state: 'firing' }, { state: 'resolved' }])).toEqual({ pending: 0, firing: 2, resolved: 1 })
  })
  it('measures an alert from firing (else pending) to resolution (else now)', () => {
    expect(alertDurationMs({ pendingSince: 100, firedAt: 400, resolvedAt: 1000 }, 5000)).toBe(600)
    expect(alertDurationMs({ pendingSince: 100, firedAt: null, resolvedAt: null }, 5000)).toBe(4900)
  })
  it('puts well-known labels first', () => {
    expect(labelPairs({ zone: 'a', service: 'api', alertname: 'Down' })).toEqual(['alertname=Down', 'service=api', 'zone=a'])
  })
  it('shows only the time of day for today, with the date otherwise', () => {
    const now = new Date(2026, 4, 10, 15, 0).getTime()
    const today = shortTime(new Date(2026, 4, 10, 9, 5).getTime(), now)
    const earlier = shortTime(new Date(2026, 4, 2, 9, 5).getTime(), now)
    expect(today).toMatch(/09|9/)
    expect(today).not.toMatch(/May|5\/2|2\.5/)
    expect(earlier.length).toBeGreaterThan(today.length)
  })
})
