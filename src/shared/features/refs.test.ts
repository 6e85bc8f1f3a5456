import { describe, expect, it } from 'vitest'
import { formatFeatureRef, parseFeatureRef } from './refs'

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
