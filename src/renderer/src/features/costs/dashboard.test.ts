import { describe, expect, it } from 'vitest'
import { isCredit, rankedShares } from './format'

describe('costs dashboard reads', () => {
  it('ranks a dimension by amount with its share of the total, Other last', () => {
    const rows = rankedShares([
      { name: 'Storage', values: [10, 10] },
      { name: 'Compute', values: [50, 20] },
      { name: 'Other', values: [5, 5] }
    ])
    expect(rows.map((r) => r.key)).toEqual(['Compute', 'Storage', 'Other'])
    expect(rows[0]).toEqual({ key: 'Compute', amount: 70, share: 0.7 })
    expect(rows[2]!.share).toBeCloseTo(0.1, 10)
    expect(rankedShares([{ name: 'X', values: [0] }])[0]!.share).toBeNull()
  })

  it('labels negative amounts as credits', () => {
    expect(isCredit('-25.00')).toBe(true)
    expect(isCredit(' -0.5')).toBe(true)
    expect(isCredit('-0.00')).toBe(false)
    expect(isCredit('25')).toBe(false)
    expect(isCredit(-3)).toBe(true)
    expect(isCredit('')).toBe(false)
  })
})
