import { describe, expect, it } from 'vitest'
import reference from './__fixtures__/ets-reference.json'
import { anomalyBands, fitEts, fitWith, modelName, predictEts, type EtsSpec } from './ets'
import { selectModel } from './select'
import { simulateSums } from './simulate'

type Case = (typeof reference.cases)[number]
const specOf = (c: Case): EtsSpec => ({ trend: c.trend as EtsSpec['trend'], period: c.period })
const close = (a: number, b: number, rel = 1e-9): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)))

describe('exponential smoothing against statsmodels ETSModel (same model, parameters and initial states)', () => {
  it('covers the seven reference cases (six model forms)', () => {
    expect(reference.cases).toHaveLength(7)
    expect(new Set(reference.cases.map((c) => c.model))).toEqual(new Set(['AAA', 'AAdA', 'ANA', 'AAN', 'AAdN', 'ANN']))
  })

  for (const c of reference.cases) {
    it(`${c.name}: fitted values, SSE, σ², forecasts and 95 % / 80 % prediction intervals`, () => {
      const spec = specOf(c)
      expect(modelName(spec)).toBe(c.model)
      const fit = fitWith(c.series, spec, c.params, c.init)
      expect(fit.run.fitted).toHaveLength(c.fitted.length)
      fit.run.fitted.forEach((v, i) => close(v, c.fitted[i]!))
      close(fit.run.sse, c.sse)
      close(fit.sigma2, c.mse)
      const h = c.forecast.length
      const f95 = predictEts(fit, h, 0.95)
      const f80 = predictEts(fit, h, 0.8)
      for (let i = 0; i < h; i++) {
        close(f95.mean[i]!, c.forecast[i]!)
        close(f95.lo[i]!, c.lo95[i]!, 1e-8)
        close(f95.hi[i]!, c.hi95[i]!, 1e-8)
        close(f80.lo[i]!, c.lo80[i]!, 1e-8)
        close(f80.hi[i]!, c.hi80[i]!, 1e-8)
      }
    })

    it(`${c.name}: the least-squares fit is at least as good as statsmodels' maximum likelihood`, () => {
      const fit = fitEts(c.series, specOf(c), c.init)
      expect(fit.run.sse).toBeLessThanOrEqual(c.fit.sse * (1 + 1e-4))
      expect(fit.params.alpha).toBeGreaterThan(0)
      expect(fit.params.alpha).toBeLessThan(1)
      expect(fit.params.beta).toBeLessThanOrEqual(fit.params.alpha)
      expect(fit.params.gamma).toBeLessThanOrEqual(1 - fit.params.alpha)
    })
  }
})

describe('choosing a model by backtest', () => {
  const traffic = reference.cases[0]!.series

  it('prefers a daily season for hourly traffic and says how each candidate did', () => {
    const sel = selectModel(traffic, [24], 24)!
    expect(sel.candidates.map((c) => c.name)).toEqual(['ANN', 'AAN', 'AAdN', 'ANA', 'AAA', 'AAdA'])
    expect(sel.chosen.spec.period).toBe(24)
    const best = Math.min(...sel.candidates.map((c) => c.rmse))
    expect(sel.chosen.rmse).toBe(best)
    const nonSeasonal = sel.candidates.filter((c) => c.spec.period === 0)
    for (const c of nonSeasonal) expect(c.rmse).toBeGreaterThan(sel.chosen.rmse * 1.5)
    expect(sel.forecast.mean).toHaveLength(24)
    expect(sel.holdout).toBe(24)
  })

  it('returns nothing for a series too short for any model', () => {
    expect(selectModel([1, 2], [24], 5)).toBeNull()
  })
})

describe('anomaly bands and simulated sums', () => {
  it('flags a spike outside the one-step band and nothing in clean data', () => {
    const c = reference.cases[0]!
    const fit = fitEts(c.series, specOf(c), c.init)
    expect(anomalyBands(fit, c.series, 0.999).anomalies).toEqual([])
    const spiked = [...c.series]
    spiked[200] = spiked[200]! + 120
    const fit2 = fitWith(spiked, specOf(c), fit.params, c.init)
    expect(anomalyBands(fit2, spiked, 0.999).anomalies).toContain(200)
  })

  it('simulated sums bracket the summed point forecast', () => {
    const c = reference.cases[3]!
    const fit = fitWith(c.series, specOf(c), c.params, c.init)
    const [s] = simulateSums(fit, [{ from: 0, to: 20 }])
    const point = predictEts(fit, 20).mean.reduce((a, b) => a + b, 0)
    close(s!.mean, point)
    expect(s!.lo).toBeLessThan(point)
    expect(s!.hi).toBeGreaterThan(point)
  })
})

describe('crossings', () => {
  it('finds the expected and the earliest step beyond a threshold', async () => {
    const { firstCrossing, cumulativeCrossing } = await import('./crossing')
    const f = { mean: [1, 2, 3, 4], lo: [0, 1, 2, 3], hi: [2, 3, 4, 5] }
    expect(firstCrossing(f, 3, 'above')).toEqual({ expected: 3, earliest: 2 })
    expect(firstCrossing(f, 10, 'above')).toEqual({ expected: null, earliest: null })
    expect(firstCrossing(f, 1, 'below')).toEqual({ expected: 1, earliest: 1 })
    expect(cumulativeCrossing(5, [1, 1, 1], 7)).toBe(2)
    expect(cumulativeCrossing(5, [1, 1, 1], 9)).toBeNull()
  })
})
