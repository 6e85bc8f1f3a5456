import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { cases, expectRel, num, printWorst, sample } from './__fixtures__/reference'
import { DriftStatsError } from './common'
import { wassersteinDistance, wassersteinNormed } from './wasserstein'

afterAll(() => printWorst('wasserstein'))

describe('wassersteinDistance / wassersteinNormed vs scipy + Evidently formula', () => {
  for (const c of cases('wasserstein')) {
    const where = `${c.u} vs ${c.v}`
    it(where, () => {
      const u = sample(c.u)
      const v = sample(c.v)
      expectRel(wassersteinDistance(u, v).distance, num(c.distance), 1e-9, 'wasserstein', where)
      const n = wassersteinNormed(u, v)
      expectRel(n.distance, num(c.distance), 1e-9, 'wasserstein', where)
      expectRel(n.referenceStd, num(c.referenceStd), 1e-9, 'np.std(ref)', where)
      expectRel(n.normed, num(c.normed), 1e-9, 'wasserstein normed', where)
    })
  }
})

describe('wasserstein properties and edge cases', () => {
  const arr = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 })
  it('W(x, x) = 0, symmetric, non-negative', () => {
    fc.assert(
      fc.property(arr, arr, (a, b) => {
        expect(wassersteinDistance(a, [...a].reverse()).distance).toBe(0)
        const d1 = wassersteinDistance(a, b).distance
        const d2 = wassersteinDistance(b, a).distance
        expect(d1).toBeGreaterThanOrEqual(0)
        expect(Math.abs(d1 - d2)).toBeLessThanOrEqual(1e-12 * Math.max(1, d1))
      }),
      { numRuns: 200, seed: 3 }
    )
  })
  it('shift of every value by c gives distance |c|', () => {
    const a = sample('n500')
    expect(
      wassersteinDistance(
        a,
        a.map((x) => x + 2.5)
      ).distance
    ).toBeCloseTo(2.5, 12)
  })
  it('constant reference: std floored at 0.001 (Evidently) instead of NaN / Infinity', () => {
    const r = wassersteinNormed([3, 3, 3, 3], [3, 3, 4])
    expect(r.referenceStd).toBe(0)
    expect(r.stdFloored).toBe(true)
    expect(r.normed).toBeCloseTo(1 / 3 / 0.001, 9)
    expect(wassersteinNormed([3, 3], [3]).normed).toBe(0)
  })
  it('NaN dropped and counted; empty or infinite input throws', () => {
    const r = wassersteinNormed([1, Number.NaN, 2], [Number.NaN, 2, 3])
    expect(r.nanDropped).toEqual([1, 1])
    expect(r.distance).toBeCloseTo(1, 15)
    expect(() => wassersteinDistance([], [1])).toThrow(DriftStatsError)
    expect(() => wassersteinNormed([1], [Number.NaN])).toThrow(/current sample is empty \(all 1 values were NaN\)/)
    expect(() => wassersteinDistance([1, Infinity], [1])).toThrow(/Infinity/)
  })
})
