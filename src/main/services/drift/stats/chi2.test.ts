import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { cases, expectP, expectRel, loadReference, num, printWorst } from './__fixtures__/reference'
import { chi2Contingency, chi2Sf, chiSquare, chiSquareDrift } from './chi2'
import { DriftStatsError } from './common'

const ref = loadReference()
afterAll(() => printWorst('chi2'))

describe('chi2Sf vs scipy.stats.chi2.sf', () => {
  it('matches on a grid including tiny p-values', () => {
    for (const c of cases('chi2Sf')) expectP(chi2Sf(num(c.x), c.dof), num(c.sf), 'chi2.sf', `x=${c.x} dof=${c.dof}`, 1e-9)
  })
})

describe('chi2Contingency vs scipy.stats.chi2_contingency', () => {
  for (const c of cases('chi2Contingency')) {
    const where = JSON.stringify(c.table)
    it(where, () => {
      const r = chi2Contingency(c.table)
      expect(r.dof).toBe(c.dof)
      expectRel(r.statistic, num(c.statistic), 1e-9, 'contingency statistic', where)
      expectP(r.pvalue, num(c.pvalue), 'contingency pvalue', where)
      c.expected.forEach((row, i) => row.forEach((e, j) => expectRel(r.expected[i]![j]!, num(e), 1e-12, 'expected freq', where)))
    })
  }
  it('Yates correction only for dof == 1 and can be switched off', () => {
    const t = [
      [10, 20],
      [30, 40]
    ]
    const corrected = chi2Contingency(t)
    const raw = chi2Contingency(t, { correction: false })
    expect(raw.statistic).toBeGreaterThan(corrected.statistic)
    const t3 = [
      [10, 20, 30],
      [15, 25, 20]
    ]
    expect(chi2Contingency(t3).statistic).toBe(chi2Contingency(t3, { correction: false }).statistic)
  })
  it('rejects empty, negative and zero-expected tables with a clear error', () => {
    expect(() => chi2Contingency([])).toThrow(/no data/)
    expect(() => chi2Contingency([[1, -1]])).toThrow(/non-negative/)
    expect(() =>
      chi2Contingency([
        [0, 1],
        [0, 2]
      ])
    ).toThrow(/zero element at \(0, 0\)/)
  })
})

describe('chiSquareDrift (categorical) vs scipy', () => {
  for (const c of cases('categoricalDrift')) {
    const where = `${c.ref} vs ${c.cur}`
    it(where, () => {
      const a = ref.categoricalSamples[c.ref]!
      const b = ref.categoricalSamples[c.cur]!
      const r = chiSquareDrift(a, b)
      expect(r.categories).toEqual(c.categories)
      expect(r.referenceCounts).toEqual(c.refCounts)
      expect(r.currentCounts).toEqual(c.curCounts)
      expect(r.dof).toBe(c.contingency.dof)
      expectRel(r.statistic, num(c.contingency.statistic), 1e-9, 'chiSquareDrift statistic', where)
      expectP(r.pvalue, num(c.contingency.pvalue), 'chiSquareDrift pvalue', where)
      if (c.goodnessOfFit) {
        const g = chiSquareDrift(a, b, { method: 'goodness-of-fit' })
        expectRel(g.statistic, num(c.goodnessOfFit.statistic), 1e-9, 'chisquare (Evidently) statistic', where)
        expectP(g.pvalue, num(c.goodnessOfFit.pvalue), 'chisquare (Evidently) pvalue', where)
      }
    })
  }
  it('drops null / undefined / NaN and counts them', () => {
    const r = chiSquareDrift(['a', null, 'b', 'a'], ['b', undefined, 'b', Number.NaN, 'a'])
    expect(r.missingDropped).toEqual([1, 2])
    expect(r.referenceCounts).toEqual([2, 1])
    expect(r.currentCounts).toEqual([1, 2])
  })
  it('empty inputs throw naming the sample', () => {
    expect(() => chiSquareDrift([], ['a'])).toThrow(DriftStatsError)
    expect(() => chiSquareDrift(['a'], [null, null])).toThrow(/current sample is empty \(all 2 values missing\)/)
  })
  it('statistic >= 0 and p in [0, 1] for random categorical data', () => {
    const cat = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 60 })
    fc.assert(
      fc.property(cat, cat, (a, b) => {
        const r = chiSquareDrift(a, b)
        expect(r.statistic).toBeGreaterThanOrEqual(0)
        expect(r.pvalue).toBeGreaterThanOrEqual(0)
        expect(r.pvalue).toBeLessThanOrEqual(1)
      }),
      { numRuns: 200, seed: 7 }
    )
  })
  it('chiSquare requires matching sums like scipy', () => {
    expect(() => chiSquare([1, 2], [1, 1])).toThrow(/must agree/)
  })
})
