import { describe, expect, it } from 'vitest'
import { formatDuration, formatFeatureRef, parseDuration, parseFeatureRef } from './refs'

describe('feature references', () => {
  it('parses current and pinned references', () => {
    expect(parseFeatureRef('driver_stats:avg_rating')).toEqual({ view: 'driver_stats', version: null, feature: 'avg_rating' })
    expect(parseFeatureRef(' driver_stats@v2:avg_rating ')).toEqual({ view: 'driver_stats', version: 2, feature: 'avg_rating' })
    expect(formatFeatureRef({ view: 'a', version: 0, feature: 'b' })).toBe('a@v0:b')
  })

  it('refuses what is not a reference', () => {
    for (const bad of ['driver_stats', 'driver_stats:', ':x', 'a@2:b', 'a@v:b', 'a:b:c', '1a:b', 'a-b:c'])
      expect(parseFeatureRef(bad)).toBeNull()
  })
})

describe('durations', () => {
  it('reads seconds and unit sums', () => {
    expect(parseDuration('0')).toBe(0)
    expect(parseDuration(7200)).toBe(7200)
    expect(parseDuration('2h')).toBe(7200)
    expect(parseDuration('1d 12h')).toBe(129_600)
    expect(parseDuration('90m')).toBe(5400)
    expect(parseDuration('1w')).toBe(604_800)
    expect(parseDuration('1.5h')).toBe(5400)
  })

  it('refuses the rest', () => {
    for (const bad of ['', 'h', '2 hours', '-1', '2x', '1d,2h']) expect(parseDuration(bad)).toBeNull()
    expect(parseDuration(-5)).toBeNull()
  })

  it('formats back to the shortest exact text', () => {
    expect(formatDuration(0)).toBe('0')
    expect(formatDuration(7200)).toBe('2h')
    expect(formatDuration(129_600)).toBe('1d 12h')
    expect(formatDuration(61)).toBe('1m 1s')
    for (const s of [1, 59, 3600, 86_399, 864_000]) expect(parseDuration(formatDuration(s))).toBe(s)
  })
})
