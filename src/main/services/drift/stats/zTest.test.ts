import { afterAll, describe, expect, it } from 'vitest'
import { cases, expectP, expectRel, num, printWorst } from './__fixtures__/reference'
import { DriftStatsError } from './common'
import { proportionZTest, zTestDrift } from './zTest'

afterAll(() => printWorst('zTest'))

describe('proportionZTest vs Evidently z_stat_test formula (scipy.stats.norm)', () => {
  cases('zTest').forEach((c, i) => {
    const where = `case ${i} (n=${c.ref.length}/${c.cur.length})`
    it(where, () => {
      const r = proportionZTest(
        c.ref.map((v) => v === 1),
        c.cur.map((v) => v === 1)
      )
      expectRel(r.statistic, num(c.statistic), 1e-9, 'z statistic', where)
      expectP(r.pvalue, num(c.pvalue), 'z pvalue (2*norm.sf)', where)
      // Evidently evaluates 2*(1 - norm.cdf(|z|)), which loses precision below ~1e-16
      expect(Math.abs(r.pvalue - num(c.pvalueEvidently))).toBeLessThanOrEqual(1e-15)
      // 0/1 numbers and the categorical variant give the same answer
      expect(proportionZTest(c.ref, c.cur).pvalue).toBe(r.pvalue)
      const labels = (xs: number[]): string[] => xs.map((v) => (v === 1 ? 'yes' : 'no'))
      // 'no' sorts first → mapped to 0 like Evidently; so 'yes' is the positive class
      expect(zTestDrift(labels(c.ref), labels(c.cur)).statistic).toBe(r.statistic)
    })
  })
  it('identical constant samples give p = 1 (Evidently special case)', () => {
    expect(proportionZTest([true, true], [true]).pvalue).toBe(1)
    expect(zTestDrift(['a', 'a'], ['a']).pvalue).toBe(1)
  })
  it('symmetric p-value, missing values dropped with a count, empty input throws', () => {
    const a = [true, false, false, true, true]
    const b = [false, false, false, true]
    expect(proportionZTest(a, b).pvalue).toBeCloseTo(proportionZTest(b, a).pvalue, 15)
    expect(proportionZTest([true, null, false], [undefined, true]).missingDropped).toEqual([1, 1])
    expect(() => proportionZTest([], [true])).toThrow(DriftStatsError)
    expect(() => zTestDrift(['a'], [null])).toThrow(/current sample is empty/)
  })
})
