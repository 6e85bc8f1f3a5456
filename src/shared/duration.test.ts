import { describe, expect, it } from 'vitest'
import { formatDurationShort, parseDuration } from './duration'

describe('parseDuration', () => {
  it('reads units and plain seconds', () => {
    expect(parseDuration('5m')).toBe(300)
    expect(parseDuration('1h30m')).toBe(5400)
    expect(parseDuration('2d')).toBe(172_800)
    expect(parseDuration('45')).toBe(45)
    expect(parseDuration(' 10 min ')).toBe(600)
    expect(parseDuration('0')).toBe(0)
  })
  it('rejects what it cannot read', () => {
    expect(parseDuration('')).toBeNull()
    expect(parseDuration('five minutes')).toBeNull()
    expect(parseDuration('5x')).toBeNull()
    expect(parseDuration('5m and')).toBeNull()
    for (const bad of ['h', '2 hours', '-1', '1d,2h']) expect(parseDuration(bad)).toBeNull()
  })
  it('reads weeks, fractions and spaced parts (feature view TTLs)', () => {
    expect(parseDuration('1d 12h')).toBe(129_600)
    expect(parseDuration('1w')).toBe(604_800)
    expect(parseDuration('1.5h')).toBe(5400)
  })
})

describe('formatDurationShort', () => {
  it('round-trips through parseDuration', () => {
    for (const s of [0, 30, 60, 300, 5400, 86_400, 90_061]) expect(parseDuration(formatDurationShort(s))).toBe(s)
    expect(formatDurationShort(5400)).toBe('1h30m')
    expect(formatDurationShort(0)).toBe('0s')
  })
})
