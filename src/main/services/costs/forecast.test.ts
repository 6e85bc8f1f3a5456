import { describe, expect, it } from 'vitest'
import reference from './__fixtures__/forecast-reference.json'
import { detectAnomalies } from './anomaly'
import { backtestMape, fitHoltWinters, forecastDaily, forecastFrom, runHoltWinters, simulateSums } from './forecast'

describe('Holt-Winters against the numpy reference', () => {
  const y = reference.series

  it('reproduces the smoothing recursion, SSE, final state and forecasts', () => {
    const run = runHoltWinters(y, reference.params)
    // the whole reference, item for item: 12 weeks of days, a weekly season, two weeks ahead
    expect(y).toHaveLength(84)
    expect(run.fitted).toHaveLength(reference.fitted.length)
    expect(reference.fitted).toHaveLength(84)
    expect(run.state.season).toHaveLength(7)
    expect(reference.state.season).toHaveLength(7)
    expect(reference.forecast14).toHaveLength(14)
    run.fitted.forEach((v, i) => {
      const ref = reference.fitted[i]
      if (ref === null) expect(v).toBeNaN()
      else expect(v).toBeCloseTo(ref as number, 9)
    })
    expect(run.sse).toBeCloseTo(reference.sse, 7)
    expect(run.state.level).toBeCloseTo(reference.state.level, 9)
    expect(run.state.trend).toBeCloseTo(reference.state.trend, 9)
    run.state.season.forEach((s, i) => expect(s).toBeCloseTo(reference.state.season[i]!, 9))
    forecastFrom(run.state, 14).forEach((f, i) => expect(f).toBeCloseTo(reference.forecast14[i]!, 8))
  })

  it('fits parameters at least as well as scipy (one-step SSE)', () => {
    const { params, run } = fitHoltWinters(y)
    for (const p of [params.alpha, params.beta, params.gamma]) expect(p).toBeGreaterThanOrEqual(0)
    expect(run.sse).toBeLessThanOrEqual(reference.optimum.sse * 1.005)
  })

  it('widens the prediction interval with the horizon and keeps the point inside', () => {
    const f = forecastDaily(y, 30)
    expect(f.method).toBe('holt-winters')
    const width = f.hi.map((h, i) => h - f.lo[i]!)
    expect(width[29]!).toBeGreaterThan(width[0]!)
    f.mean.forEach((m, i) => {
      expect(m).toBeGreaterThanOrEqual(f.lo[i]!)
      expect(m).toBeLessThanOrEqual(f.hi[i]!)
    })
    const [sum] = simulateSums(y, [{ from: 0, to: 14 }])
    expect(sum!.lo).toBeLessThan(sum!.mean)
    expect(sum!.hi).toBeGreaterThan(sum!.mean)
  })

  it('backtests a seasonal series with a small MAPE and falls back to the mean on short series', () => {
    const mape = backtestMape(y, 14)
    expect(mape).not.toBeNull()
    expect(mape!).toBeLessThan(0.1)
    expect(forecastDaily([5, 6, 7], 3).method).toBe('mean')
    expect(backtestMape([1, 2, 3], 14)).toBeNull()
  })
})

describe('anomalies (median ± k·MAD)', () => {
  const base = Array.from({ length: 40 }, (_, i) => 100 + ((i * 7) % 5))
  it('flags a spike and a drop, and k changes the sensitivity', () => {
    const y = [...base]
    y[30] = 180
    y[35] = 20
    const found = detectAnomalies(y, 3, 28)
    expect(found.map((a) => [a.index, a.direction])).toEqual([
      [30, 'high'],
      [35, 'low']
    ])
    expect(detectAnomalies(y, 60, 28)).toEqual([])
    expect(detectAnomalies(base, 3, 28)).toEqual([])
  })
})
