import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { cases, expectRel, loadReference, num, printWorst, sample } from './__fixtures__/reference'
import { DriftStatsError } from './common'
import { psi, psiCategorical, psiLevel } from './psi'

const ref = loadReference()
afterAll(() => printWorst('psi'))

describe('psi vs numpy (np.quantile edges, np.histogram counts)', () => {
  for (const c of cases('psi')) {
    const where = `${c.ref} vs ${c.cur} bins=${c.bins}`
    it(where, () => {
      const r = psi(sample(c.ref), sample(c.cur), { bins: c.bins })
      // edges come from the same floating-point operations as np.quantile: exact equality
      expect(r.edges).toEqual(c.edges.map(num))
      expectRel(r.value, num(c.psi), 1e-9, 'PSI numeric', where)
    })
  }
  for (const c of cases('categoricalDrift')) {
    const where = `${c.ref} vs ${c.cur}`
    it(`categorical ${where}`, () => {
      const r = psiCategorical(ref.categoricalSamples[c.ref]!, ref.categoricalSamples[c.cur]!)
      expectRel(r.value, num(c.psi), 1e-9, 'PSI categorical', where)
    })
  }
})

describe('psi properties and edge cases', () => {
  it('psiLevel thresholds', () => {
    expect(psiLevel(0)).toBe('none')
    expect(psiLevel(0.0999)).toBe('none')
    expect(psiLevel(0.1)).toBe('moderate')
    expect(psiLevel(0.2499)).toBe('moderate')
    expect(psiLevel(0.25)).toBe('significant')
  })
  it('PSI >= 0 and PSI(x, x) = 0', () => {
    const arr = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 80 })
    fc.assert(
      fc.property(arr, arr, fc.integer({ min: 1, max: 20 }), (a, b, bins) => {
        expect(psi(a, b, { bins }).value).toBeGreaterThanOrEqual(0)
        expect(psi(a, a, { bins }).value).toBe(0)
      }),
      { numRuns: 200, seed: 5 }
    )
  })
  it('a large shift is significant', () => {
    const a = sample('n500')
    expect(
      psi(
        a,
        a.map((x) => x + 1)
      ).level
    ).toBe('significant')
  })
  it('NaN dropped with a count; empty / infinite / bad options throw', () => {
    expect(psi([1, 2, 3, Number.NaN], [1, 2]).nanDropped).toEqual([1, 0])
    expect(() => psi([], [1])).toThrow(DriftStatsError)
    expect(() => psi([1, Infinity], [1])).toThrow(/Infinity/)
    expect(() => psi([1], [1], { bins: 0 })).toThrow(/bins/)
    expect(() => psiCategorical([null], ['a'])).toThrow(/reference sample is empty/)
  })
})
