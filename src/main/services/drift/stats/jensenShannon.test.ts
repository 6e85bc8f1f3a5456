import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { cases, expectRel, loadReference, num, printWorst, sample } from './__fixtures__/reference'
import { DriftStatsError } from './common'
import { jensenShannon, jensenShannonDrift } from './jensenShannon'

const ref = loadReference()
afterAll(() => printWorst('jensenShannon'))

describe('jensenShannon vs scipy.spatial.distance.jensenshannon', () => {
  for (const c of cases('jensenShannon')) {
    const where = `${JSON.stringify(c.p)} ${JSON.stringify(c.q)}`
    it(where, () => {
      expectRel(jensenShannon(c.p, c.q), num(c.base2), 1e-9, 'JS base 2', where)
      expectRel(jensenShannon(c.p, c.q, Math.E), num(c.baseE), 1e-9, 'JS base e', where)
    })
  }
  it('rejects empty, mismatched, negative or all-zero input', () => {
    expect(() => jensenShannon([], [])).toThrow(DriftStatsError)
    expect(() => jensenShannon([1], [1, 2])).toThrow(/entries/)
    expect(() => jensenShannon([1, -1], [1, 1])).toThrow(/non-negative/)
    expect(() => jensenShannon([0, 0], [1, 1])).toThrow(/p sums to zero/)
  })
  it('is in [0, 1] (base 2), symmetric, 0 for identical distributions', () => {
    const vec = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 })
    fc.assert(
      fc.property(vec, vec, (p, q) => {
        fc.pre(p.some((x) => x > 0) && q.some((x) => x > 0))
        const d = jensenShannon(p, q)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThanOrEqual(1 + 1e-12)
        expect(Math.abs(d - jensenShannon(q, p))).toBeLessThanOrEqual(1e-12)
        expect(jensenShannon(p, p)).toBe(0)
      }),
      { numRuns: 300, seed: 11 }
    )
  })
})

describe('jensenShannonDrift vs numpy re-implementation of Evidently get_binned_data', () => {
  for (const c of cases('jensenShannonDrift')) {
    const where = `${c.ref} vs ${c.cur}`
    it(`${where} (${c.binning})`, () => {
      const r = jensenShannonDrift(sample(c.ref), sample(c.cur))
      expect(r.binning).toBe(c.binning)
      if (c.edges) {
        expect(r.edges.length).toBe(c.edges.length)
        // bin edges are computed with the same floating-point operations as numpy: exact equality
        expect(r.edges).toEqual(c.edges.map(num))
      }
      expectRel(r.distance, num(c.distance), 1e-9, 'JS drift', where)
    })
  }
  for (const c of cases('categoricalDrift')) {
    const where = `${c.ref} vs ${c.cur}`
    it(`categorical ${where}`, () => {
      const r = jensenShannonDrift(ref.categoricalSamples[c.ref]!, ref.categoricalSamples[c.cur]!)
      expect(r.binning).toBe('categories')
      expectRel(r.distance, num(c.jensenShannon), 1e-9, 'JS drift categorical', where)
    })
  }
  it('numeric data with <= 20 distinct reference values is treated as categories', () => {
    const r = jensenShannonDrift([1, 2, 3, 1, 2, 3], [1, 2, 2, 4])
    expect(r.binning).toBe('categories')
    expect(r.categories).toEqual([1, 2, 3, 4])
  })
  it('drops NaN with a count and throws on empty samples', () => {
    const a = sample('n500')
    const r = jensenShannonDrift([...a, Number.NaN], [...sample('n800shift'), Number.NaN, Number.NaN])
    expect(r.missingDropped).toEqual([1, 2])
    expect(() => jensenShannonDrift([], [1])).toThrow(DriftStatsError)
  })
})
