import { describe, expect, it } from 'vitest'
import { formatAgo, formatBucket, formatMinutes } from '../../lib/format'
import { formatIsoTime, formatLatency, formatObserved, formatRate, formatUptime } from './healthFormat'

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

describe('durations and times', () => {
  it('formats minutes and bucket sizes without trailing zero units', () => {
    expect(formatMinutes(45)).toBe('45 min')
    expect(formatMinutes(90)).toBe('1 h 30 min')
    expect(formatMinutes(1440 + 60)).toBe('1 d 1 h')
    expect(formatBucket(240_000)).toBe('4 min')
    expect(formatBucket(3_600_000)).toBe('1 h')
    expect(formatBucket(30_000)).toBe('30 s')
  })
  it('formats ISO times from health reports, keeping unreadable text', () => {
    expect(formatIsoTime('2026-01-01T00:00:00Z')).toBe(new Date(Date.UTC(2026, 0, 1)).toLocaleString())
    expect(formatIsoTime('yesterday')).toBe('yesterday')
    expect(formatIsoTime(null)).toBe('—')
  })
})
