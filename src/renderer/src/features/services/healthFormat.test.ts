import { describe, expect, it } from 'vitest'
import { formatAgo, formatLatency, formatObserved, formatRate, formatUptime } from './healthFormat'

describe('formatUptime', () => {
  it('shows three decimals above 99 %, two below, a dash without data', () => {
    expect(formatUptime(0.99987)).toBe('99.987 %')
    expect(formatUptime(0.9512)).toBe('95.12 %')
    expect(formatUptime(1)).toBe('100 %')
    expect(formatUptime(0)).toBe('0.00 %')
    expect(formatUptime(null)).toBe('—')
    expect(formatUptime(undefined)).toBe('—')
  })
})

describe('formatAgo', () => {
  const now = 1_000_000_000
  it('counts seconds, minutes, hours and days', () => {
    expect(formatAgo(now - 12_400, now)).toBe('12 s ago')
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago')
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago')
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 d ago')
    expect(formatAgo(now + 500, now)).toBe('just now')
    expect(formatAgo(null, now)).toBe('never')
  })
})

describe('value formatting', () => {
  it('keeps units on every number', () => {
    expect(formatLatency(12.34)).toBe('12 ms')
    expect(formatLatency(null)).toBe('—')
    expect(formatObserved('250', 'ms')).toBe('250 ms')
    expect(formatObserved('1500', 'ms')).toBe('1.5 s')
    expect(formatObserved('42', 'percent')).toBe('42 %')
    expect(formatObserved('3', 'connections')).toBe('3 connections')
    expect(formatObserved('ok', null)).toBe('ok')
    expect(formatObserved(null, 'ms')).toBe('—')
    expect(formatRate(0.0125)).toBe('1.25 %')
    expect(formatRate(null)).toBe('—')
  })
})
