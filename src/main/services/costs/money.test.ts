import { describe, expect, it } from 'vitest'
import { parseDateTime } from './dates'
import { formatNano, parseNano } from './money'
import { nextCron } from './cron'

describe('money', () => {
  it('parses decimals into nano-units exactly, rounding the 10th decimal', () => {
    expect(parseNano('0.00001605990')).toBe(16060)
    expect(parseNano('12')).toBe(12_000_000_000)
    expect(parseNano('-0.5')).toBe(-500_000_000)
    expect(parseNano('0.0000000004')).toBe(0)
    expect(parseNano('0.0000000005')).toBe(1)
    expect(parseNano('1.5E-7')).toBe(150)
    expect(parseNano(0.25)).toBe(250_000_000)
    for (const bad of ['', 'abc', '1,5', '1.2.3', '--1', 'NaN']) expect(parseNano(bad)).toBeNull()
    expect(formatNano(20_520_226_729, 2)).toBe('20.52')
    expect(formatNano(-5_000_000, 2)).toBe('-0.01')
    expect(formatNano(123, 9)).toBe('0.000000123')
  })

  it('reads the date formats found in bills', () => {
    expect(parseDateTime('2024-09-18 22:00:00')).toBe(Date.UTC(2024, 8, 18, 22))
    expect(parseDateTime('2023-01-01T00:00:00Z')).toBe(Date.UTC(2023, 0, 1))
    expect(parseDateTime('2023-01-01T02:00:00+02:00')).toBe(Date.UTC(2023, 0, 1))
    expect(parseDateTime('5/1/25')).toBe(Date.UTC(2025, 4, 1))
    expect(parseDateTime('2024-13-01')).toBeNull()
    expect(parseDateTime('yesterday')).toBeNull()
  })

  it('computes the next cron run in UTC', () => {
    const t = Date.UTC(2026, 10, 25, 22, 10)
    expect(nextCron('0 6 1 * *', t)).toBe(Date.UTC(2026, 11, 1, 6))
    expect(nextCron('*/15 * * * *', t)).toBe(Date.UTC(2026, 10, 25, 22, 15))
    expect(nextCron('0 8 * * 1', t)).toBe(Date.UTC(2026, 10, 30, 8))
    expect(nextCron('bad', t)).toBeNull()
  })
})
