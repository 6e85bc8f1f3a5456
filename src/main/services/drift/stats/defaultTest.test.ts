import { describe, expect, it } from 'vitest'
import * as stats from './index'
import { chooseDefaultTest, isDrift } from './index'

describe('chooseDefaultTest (Evidently defaults)', () => {
  const cases: [Parameters<typeof chooseDefaultTest>[0], number, string, number, string][] = [
    [{ kind: 'numeric', nUnique: 100 }, 1000, 'ks', 0.05, 'pvalue'],
    [{ kind: 'numeric', nUnique: 6 }, 10, 'ks', 0.05, 'pvalue'],
    [{ kind: 'numeric', nUnique: 5 }, 1000, 'chi-square', 0.05, 'pvalue'],
    [{ kind: 'numeric', nUnique: 3 }, 500, 'chi-square', 0.05, 'pvalue'],
    [{ kind: 'numeric', nUnique: 2 }, 500, 'z', 0.05, 'pvalue'],
    [{ kind: 'categorical', nUnique: 40 }, 1000, 'chi-square', 0.05, 'pvalue'],
    [{ kind: 'categorical', nUnique: 2 }, 1000, 'z', 0.05, 'pvalue'],
    [{ kind: 'boolean', nUnique: 2 }, 999, 'z', 0.05, 'pvalue'],
    [{ kind: 'numeric', nUnique: 6 }, 1001, 'wasserstein', 0.1, 'distance'],
    [{ kind: 'numeric', nUnique: 5 }, 1001, 'jensen-shannon', 0.1, 'distance'],
    [{ kind: 'categorical', nUnique: 40 }, 5000, 'jensen-shannon', 0.1, 'distance'],
    [{ kind: 'boolean', nUnique: 2 }, 5000, 'jensen-shannon', 0.1, 'distance']
  ]
  for (const [col, rows, test, threshold, kind] of cases) {
    it(`${col.kind} nUnique=${col.nUnique} rows=${rows} → ${test}`, () => {
      const c = chooseDefaultTest(col, rows)
      expect(c.test).toBe(test)
      expect(c.threshold).toBe(threshold)
      expect(c.kind).toBe(kind)
      expect(c.explanation.length).toBeGreaterThan(20)
      expect(c.explanation.trim().endsWith('.')).toBe(true)
    })
  }
  it('isDrift: p < threshold, distance >= threshold', () => {
    expect(isDrift({ kind: 'pvalue', threshold: 0.05 }, 0.049)).toBe(true)
    expect(isDrift({ kind: 'pvalue', threshold: 0.05 }, 0.05)).toBe(false)
    expect(isDrift({ kind: 'distance', threshold: 0.1 }, 0.1)).toBe(true)
    expect(isDrift({ kind: 'distance', threshold: 0.1 }, 0.0999)).toBe(false)
  })
  it('index re-exports every public function', () => {
    for (const name of [
      'ks2samp',
      'kolmogornSf',
      'chi2Contingency',
      'chiSquareDrift',
      'wassersteinDistance',
      'wassersteinNormed',
      'jensenShannon',
      'jensenShannonDrift',
      'psi',
      'psiCategorical',
      'psiLevel',
      'proportionZTest',
      'zTestDrift',
      'chooseDefaultTest'
    ]) {
      expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function')
    }
  })
})
