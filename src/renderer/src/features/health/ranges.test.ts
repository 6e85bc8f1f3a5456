import { describe, expect, it } from 'vitest'
import { fittingRange, isRangeChoice, isRangeId, rangeWindow, resolveRange } from './ranges'

describe('rangeWindow', () => {
  it('ends on the next whole minute and spans the range', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 30)
    const w = rangeWindow('1h', now)
    expect(w.to).toBe(Date.UTC(2026, 0, 1, 12, 1, 0))
    expect(w.to - w.from).toBe(3_600_000)
    expect(w.points).toBe(60)
  })
  it('caps long ranges at 400 points and keeps the key stable within a minute', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 1)
    expect(rangeWindow('30d', now).points).toBe(400)
    expect(rangeWindow('30d', now)).toEqual(rangeWindow('30d', now + 58_000))
    expect(rangeWindow('6h', now).points).toBe(360)
  })
  it('recognises range ids', () => {
    expect(isRangeId('7d')).toBe(true)
    expect(isRangeId('2w')).toBe(false)
  })
})

describe('the default range fits the data', () => {
  const now = Date.UTC(2026, 0, 10, 12)
  const MIN = 60_000
  it('a service with 10 minutes of data gets 1 h, not 24 h with one dot at the end', () => {
    expect(fittingRange(now - 10 * MIN, now)).toBe('1h')
    expect(fittingRange(null, now)).toBe('1h')
    expect(fittingRange(now - 61 * MIN, now)).toBe('6h')
    expect(fittingRange(now - 3 * 86_400_000, now)).toBe('7d')
    expect(fittingRange(now - 400 * 86_400_000, now)).toBe('90d')
  })
  it('an explicit pick wins over the fit', () => {
    expect(resolveRange('auto', now - 10 * MIN, now)).toBe('1h')
    expect(resolveRange('30d', now - 10 * MIN, now)).toBe('30d')
    expect(isRangeChoice('auto')).toBe(true)
    expect(isRangeChoice('2w')).toBe(false)
  })
})
