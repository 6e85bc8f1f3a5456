/**
 * The engine against scripts/reference/experiments_reference.py (numpy/scipy from unit-level data; the fixture holds
 * the sums an import would give). Tolerances: 1e-9 relative on effects and variances, 1e-6 on p-values and
 * probabilities (and on intervals, which carry a quantile).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  benjaminiHochberg,
  bayesianTest,
  effectMoments,
  holmBonferroni,
  midExperimentPower,
  midExperimentPowerAt,
  minimumDetectableEffect,
  powerAt,
  sampleSize,
  sequentialTest,
  srmPValue,
  tTest,
  welchDof,
  withTheta,
  type Difference,
  type Statistic
} from './index'

interface BayesRef {
  proper: boolean
  inverse: boolean
  mean: number
  sd: number
  ci: [number, number]
  chanceToWin: number
  risk: [number, number]
}
interface DiffRef {
  estimate: number
  variance: number
  theta?: number
  ttest: { dof: number; pValue: number; ci: [number, number] }
  sequential: { tuning: number; ci: [number, number]; pValue: number }[]
  bayesian: BayesRef[]
}
interface Ref {
  effects: ({ kind: string; seed: number; control: Statistic; treatment: Statistic } & Record<Difference, DiffRef>)[]
  srm: { units: number[]; weights: number[]; chiSquare: number; pValue: number }[]
  corrections: { pValues: number[]; holm: number[]; bh: number[] }[]
  power: {
    mean: number
    variance: number
    effect: number
    variations: number
    nTotal: number
    power: number
    mde: number
    sampleSize: number
  }[]
  midPower: {
    se: number
    n: number
    mde: number
    sequential: number | null
    proper: boolean
    powerNow: number
    powerAt2: number
    scalingFactor: number
  }[]
}

const ref = JSON.parse(readFileSync(new URL('./__fixtures__/reference.json', import.meta.url), 'utf8')) as Ref

const rel = (got: number, want: number, tol = 1e-9): void => {
  const scale = Math.max(Math.abs(want), 1e-300)
  expect(Math.abs(got - want) / scale, `got ${got}, want ${want}`).toBeLessThan(tol)
}
const abs = (got: number, want: number, tol = 1e-6): void => expect(Math.abs(got - want), `got ${got}, want ${want}`).toBeLessThan(tol)

it('the fixture holds every case the script writes', () => {
  expect(ref.effects.map((c) => c.kind)).toEqual(
    ['mean', 'proportion', 'ratio', 'cuped', 'cupedProportion', 'cupedRatio'].flatMap((k) => Array(6).fill(k))
  )
  expect([ref.srm.length, ref.corrections.length, ref.power.length, ref.midPower.length]).toEqual([12, 4, 4, 3])
})

describe('effects, tests and posteriors against numpy/scipy', () => {
  for (const c of ref.effects) {
    for (const diff of ['relative', 'absolute'] as const) {
      const r = c[diff]
      it(`${c.kind} #${c.seed}, ${diff}`, () => {
        const m = effectMoments(c.control, c.treatment, diff)
        expect(m.error).toBeNull()
        rel(m.estimate, r.estimate)
        rel(m.se * m.se, r.variance)
        if (r.theta !== undefined) {
          const [a] = withTheta(c.control, c.treatment)
          rel((a as { theta: number }).theta, r.theta)
        }
        rel(welchDof(m), r.ttest.dof)
        const t = tTest(m, 0.05)
        abs(t.pValue, r.ttest.pValue)
        rel(t.ci[0], r.ttest.ci[0], 1e-6)
        rel(t.ci[1], r.ttest.ci[1], 1e-6)
        for (const s of r.sequential) {
          const q = sequentialTest(m, 0.05, s.tuning)
          abs(q.pValue, s.pValue)
          rel(q.ci[0], s.ci[0], 1e-9)
          rel(q.ci[1], s.ci[1], 1e-9)
        }
        for (const b of r.bayesian) {
          const prior = b.proper ? (b.inverse ? { proper: true, mean: 0.05, sd: 0.1 } : { proper: true, mean: 0, sd: 0.3 }) : undefined
          const q = bayesianTest(m, diff, prior, 0.05, b.inverse)
          rel(q.estimate, b.mean)
          rel(q.sd, b.sd)
          rel(q.ci[0], b.ci[0], 1e-6)
          rel(q.ci[1], b.ci[1], 1e-6)
          abs(q.chanceToWin, b.chanceToWin)
          abs(q.risk[0], b.risk[0])
          abs(q.risk[1], b.risk[1])
        }
      })
    }
  }
})

describe('SRM, corrections and power against scipy', () => {
  it.each(ref.srm)('SRM chi-square %#', (c) => {
    const r = srmPValue(c.units, c.weights)
    rel(r.chiSquare, c.chiSquare)
    abs(r.pValue, c.pValue)
  })

  it.each(ref.corrections)('Holm and BH %#', (c) => {
    holmBonferroni(c.pValues).forEach((p, i) => abs(p, c.holm[i]!, 1e-12))
    benjaminiHochberg(c.pValues).forEach((p, i) => abs(p, c.bh[i]!, 1e-12))
  })

  it.each(ref.power)('planning power, MDE and sample size %#', (c) => {
    const m = { mean: c.mean, variance: c.variance, effect: c.effect }
    abs(powerAt(m, c.nTotal, c.variations), c.power)
    rel(minimumDetectableEffect(m, 0.8, c.nTotal, c.variations)!, c.mde)
    expect(sampleSize(m, 0.8, c.variations)).toBe(c.sampleSize)
  })

  it.each(ref.midPower)('mid-experiment power %#', (c) => {
    const input = {
      se: c.se,
      n: c.n,
      alpha: 0.05,
      targetPower: 0.8,
      mde: c.mde,
      numGoalMetrics: 1,
      numVariations: 2,
      pValueCorrected: false,
      prior: c.proper ? { proper: true, mean: 0, sd: 0.3 } : null,
      sequential: c.sequential
    }
    abs(midExperimentPowerAt(input, 0), c.powerNow)
    abs(midExperimentPowerAt(input, 2), c.powerAt2)
    const r = midExperimentPower(input)
    expect(r.status).toBe('needs-more')
    // gbstats stops its bisection within 1e-5 of the target power
    rel(r.scalingFactor!, c.scalingFactor, 1e-3)
  })
})
