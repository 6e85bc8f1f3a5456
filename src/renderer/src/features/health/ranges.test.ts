import { describe, expect, it } from 'vitest'
import { rangeWindow, isRangeId } from './ranges'

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
