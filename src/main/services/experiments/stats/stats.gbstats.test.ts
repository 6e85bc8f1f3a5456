/**
 * GrowthBook's published expectations (gbstats' Python tests, the shared package's power and p-value tests), copied as
 * numbers into __fixtures__/gbstats-expectations.json with the file and test each comes from. Each value is compared
 * at the decimals its test rounds to.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  adjustPValues,
  adjustedInterval,
  bayesianTest,
  effectMoments,
  mean,
  midExperimentPower,
  midExperimentPowerAt,
  minimumDetectableEffect,
  plannedVariance,
  powerAt,
  risk,
  sequentialTest,
  tTest,
  unadjustedMean,
  type Correction,
  type Difference,
  type Prior,
  type Statistic
} from './index'

type Num = number | 'Infinity' | '-Infinity'
const num = (v: Num): number => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)

interface Case {
  source: string
  control: Statistic
  treatment: Statistic
  difference: Difference
  decimals: number
}
interface FreqCase extends Case {
  engine: 'ttest' | 'sequential' | 'greater' | 'lesser'
  tuning?: number
  expected: {
    estimate: number
    ci?: [Num, Num]
    ciLower?: number
    se?: number
    pValue: number
    controlMean?: number
    treatmentMean?: number
    error?: boolean
  }
}
interface BayesCase extends Case {
  prior: Prior | null
  inverse?: boolean
  expected: {
    estimate: number
    ci?: [number, number]
    sd?: number
    chanceToWin: number
    risk?: [number, number]
    riskTreatment?: number
    error?: boolean
  }
}
interface Fixture {
  frequentist: FreqCase[]
  bayesian: BayesCase[]
  risk: { source: string; mu: number; sigma: number; decimals: number; expected: [number, number] }[]
  corrections: { source: string; method: Correction; pValues: number[]; decimals: number; expected: number[] }[]
  adjustedIntervals: { source: string; adjustedP: number; estimate: number; alpha: number; decimals: number; expected: [number, number] }[]
  planning: {
    variance: { args: [number, number, number, number, number, number, boolean]; decimals: number; expected: number }[]
    single: {
      metric: { mean: number; variance: number; effect: number }
      nTotal: number
      variations: number
      decimals: number
      power: number
      mde: number
      sequentialPower: number
      sequentialMde: number
      tuning: number
    }
    weeks: {
      usersPerWeek: number
      variations: number
      weeks: number
      decimals: number
      metrics: { name: string; mean: number; variance: number; effect: number }[]
      power: number[]
      mde: number[]
      weeksToPower: (number | null)[]
    }
  }
  midExperiment: {
    control: Statistic
    treatment: Statistic
    alpha: number
    targetPower: number
    mde: number
    decimals: number
    frequentist: number
    sequential: number
    tuning: number
    bayesian: number
    prior: Prior
  }
}

const fx = JSON.parse(readFileSync(new URL('./__fixtures__/gbstats-expectations.json', import.meta.url), 'utf8')) as Fixture

/** Python's round-half-even and our value agree at `decimals` (half a unit of the last place, plus float slack). */
const at = (got: number, want: number, decimals: number): void => {
  if (!Number.isFinite(want)) return expect(got).toBe(want)
  expect(Math.abs(got - want), `got ${got}, want ${want} (${decimals} decimals)`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12)
}

it('the fixture holds every expectation copied', () => {
  expect([fx.frequentist.length, fx.bayesian.length, fx.risk.length, fx.corrections.length, fx.adjustedIntervals.length]).toEqual([
    20, 7, 3, 2, 2
  ])
  expect(fx.planning.weeks.power).toHaveLength(18)
})

describe('gbstats frequentist expectations', () => {
  it.each(fx.frequentist)('$source', (c) => {
    const m = effectMoments(c.control, c.treatment, c.difference)
    const r =
      c.engine === 'sequential' ? sequentialTest(m, 0.05, c.tuning) : c.engine === 'ttest' ? tTest(m, 0.05) : tTest(m, 0.05, c.engine)
    const e = c.expected
    expect(r.error !== null).toBe(Boolean(e.error))
    at(r.estimate, e.estimate, c.decimals)
    at(r.pValue, e.pValue, c.decimals)
    if (e.se !== undefined) at(r.se, e.se, c.decimals)
    if (e.ci) {
      at(r.ci[0], num(e.ci[0]), c.decimals)
      at(r.ci[1], num(e.ci[1]), c.decimals)
    }
    if (e.ciLower !== undefined) at(r.ci[0], e.ciLower, c.decimals)
    if (e.controlMean !== undefined) at(unadjustedMean(c.control), e.controlMean, c.decimals)
    if (e.treatmentMean !== undefined) at(unadjustedMean(c.treatment), e.treatmentMean, c.decimals)
  })

  it('a tuning parameter near the sample size gives the narrowest sequence (test_sequential_test_tuning_as_expected)', () => {
    const c = fx.frequentist.find((x) => x.source.includes('test_sequential_test_runs (tuning'))!
    const m = effectMoments(c.control, c.treatment, 'relative')
    const [below, near, above] = [10, 6461, 10000].map((t) => sequentialTest(m, 0.05, t).ci)
    expect(below![0] < above![0] && below![1] > above![1]).toBe(true)
    expect(below![0] < near![0] && below![1] > near![1]).toBe(true)
    expect(above![0] < near![0] && above![1] > near![1]).toBe(true)
  })
})

describe('gbstats Bayesian expectations', () => {
  it.each(fx.bayesian)('$source', (c) => {
    const m = effectMoments(c.control, c.treatment, c.difference)
    const r = bayesianTest(m, c.difference, c.prior ?? undefined, 0.05, c.inverse ?? false)
    const e = c.expected
    expect(r.error !== null).toBe(Boolean(e.error))
    at(r.estimate, e.estimate, c.decimals)
    at(r.chanceToWin, e.chanceToWin, c.decimals)
    if (e.sd !== undefined) at(r.sd, e.sd, c.decimals)
    if (e.ci) {
      at(r.ci[0], e.ci[0], c.decimals)
      at(r.ci[1], e.ci[1], c.decimals)
    }
    if (e.risk) {
      at(r.risk[0], e.risk[0], c.decimals)
      at(r.risk[1], e.risk[1], c.decimals)
    }
    if (e.riskTreatment !== undefined) at(r.risk[1], e.riskTreatment, c.decimals)
  })

  it.each(fx.risk)('risk($mu, $sigma): $source', (c) => {
    const r = risk(c.mu, c.sigma)
    at(r[0], c.expected[0], c.decimals)
    at(r[1], c.expected[1], c.decimals)
  })

  it('a relative prior rescaled to absolute keeps the chance to win close (TestGaussianEffectRelativeAbsolutePriors)', () => {
    const c: Statistic = { kind: 'mean', n: 100, sum: 1000, sumSquares: 200000 }
    const t: Statistic = { kind: 'mean', n: 100, sum: 1100, sumSquares: 200005 }
    const prior = { proper: true, mean: 1, sd: 1 }
    const a = bayesianTest(effectMoments(c, t, 'absolute'), 'absolute', prior)
    const r = bayesianTest(effectMoments(c, t, 'relative'), 'relative', prior)
    expect(Math.abs(a.chanceToWin - r.chanceToWin)).toBeLessThan(0.005)
    expect(mean(c)).toBe(10)
  })
})

describe('GrowthBook corrections and power expectations', () => {
  it.each(fx.corrections)('$method: $source', (c) => {
    adjustPValues(c.pValues, c.method).forEach((p, i) => at(p, c.expected[i]!, c.decimals))
  })

  it.each(fx.adjustedIntervals)('adjusted interval: $source', (c) => {
    const ci = adjustedInterval(c.adjustedP, c.estimate, c.alpha)!
    at(ci[0], c.expected[0], c.decimals)
    at(ci[1], c.expected[1], c.decimals)
  })

  it('delta-method planning variance (power.test.ts)', () => {
    for (const v of fx.planning.variance) at(plannedVariance(...v.args), v.expected, v.decimals)
  })

  it('power and MDE, fixed horizon and sequential (power.test.ts)', () => {
    const s = fx.planning.single
    at(powerAt(s.metric, s.nTotal, s.variations), s.power, s.decimals)
    at(minimumDetectableEffect(s.metric, 0.8, s.nTotal, s.variations)!, s.mde, s.decimals)
    at(powerAt(s.metric, s.nTotal, s.variations, 0.05, s.tuning), s.sequentialPower, s.decimals)
    at(minimumDetectableEffect(s.metric, 0.8, s.nTotal, s.variations, 0.05, s.tuning)!, s.sequentialMde, s.decimals)
  })

  it('power and MDE week by week, and the weeks to 80 % power (power.test.ts "checks power")', () => {
    const w = fx.planning.weeks
    const power: number[] = []
    const mde: number[] = []
    const firstWeek: (number | null)[] = w.metrics.map(() => null)
    for (let week = 1; week <= w.weeks; week++) {
      w.metrics.forEach((m, i) => {
        const p = powerAt(m, w.usersPerWeek * week, w.variations)
        power.push(p)
        mde.push(minimumDetectableEffect(m, 0.8, w.usersPerWeek * week, w.variations)!)
        if (firstWeek[i] === null && Math.round(p * 100) / 100 >= 0.8) firstWeek[i] = week
      })
    }
    power.forEach((p, i) => at(p, w.power[i]!, w.decimals))
    mde.forEach((p, i) => at(p, w.mde[i]!, w.decimals))
    expect(firstWeek).toEqual(w.weeksToPower)
  })

  it('mid-experiment power: scaling factors of test_midexperimentpower.py', () => {
    const x = fx.midExperiment
    const m = effectMoments(x.control, x.treatment, 'relative')
    const base = {
      se: m.se,
      n: m.n,
      alpha: x.alpha,
      targetPower: x.targetPower,
      mde: x.mde,
      numGoalMetrics: 1,
      numVariations: 2,
      pValueCorrected: false,
      prior: null,
      sequential: null
    }
    for (const [input, want] of [
      [base, x.frequentist],
      [{ ...base, sequential: x.tuning }, x.sequential],
      [{ ...base, prior: x.prior }, x.bayesian]
    ] as const) {
      const r = midExperimentPower(input)
      at(r.scalingFactor!, want, x.decimals)
      at(midExperimentPowerAt(input, r.scalingFactor!), 0.8, x.decimals)
    }
  })
})
