import { describe, expect, it } from 'vitest'
import { axisTimeLabel, spanOf, withIsolatedDots } from './chartTime'

describe('chart time helpers', () => {
  it('labels by span: time, day and time, day', () => {
    const t = new Date(2026, 2, 4, 9, 5).getTime()
    expect(axisTimeLabel(t, 3_600_000)).toBe('09:05')
    expect(axisTimeLabel(t, 7 * 86_400_000)).toBe('03-04 09:05')
    expect(axisTimeLabel(t, 30 * 86_400_000)).toBe('03-04')
  })
  it('measures the span including the last bucket', () => {
    expect(spanOf([0, 60_000, 120_000], 60_000)).toBe(180_000)
    expect(spanOf([], 60_000)).toBe(0)
  })
  it('puts a dot on values without neighbours only', () => {
    expect(withIsolatedDots([null, 5, null, 1, 2], (i, v) => [i, v])).toEqual([
      [0, null],
      { value: [1, 5], symbol: 'circle', symbolSize: 5 },
      [2, null],
      [3, 1],
      [4, 2]
    ])
  })
})
