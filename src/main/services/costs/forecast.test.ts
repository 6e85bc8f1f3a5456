import { describe, expect, it } from 'vitest'
import reference from './__fixtures__/forecast-reference.json'
import { detectAnomalies } from './anomaly'
import { backtestMape, fitHoltWinters, forecastDaily, forecastFrom, forecastReliability, runHoltWinters, simulateSums } from './forecast'

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

describe('damped trend (ETS(A,Ad,A)) against the numpy reference', () => {
  const y = reference.series
  const d = reference.damped

  it('reproduces the damped recursion and its forecast, which levels off', () => {
    const run = runHoltWinters(y, d.params)
    run.fitted.forEach((v, i) => {
      const ref = d.fitted[i]
      if (ref === null) expect(v).toBeNaN()
      else expect(v).toBeCloseTo(ref as number, 9)
    })
    expect(run.sse).toBeCloseTo(d.sse, 7)
    const f = forecastFrom(run.state, 60, 7, d.params.phi)
    f.forEach((v, i) => expect(v).toBeCloseTo(d.forecast60[i]!, 8))
    // the linear trend keeps climbing week on week; the damped one adds less and less
    const lin = forecastFrom(runHoltWinters(y, reference.params).state, 60)
    expect(lin[59]! - lin[52]!).toBeGreaterThan(3 * (f[59]! - f[52]!))
  })

  it('fits φ within [0.8, 0.98] at least as well as scipy', () => {
    const { params, run } = fitHoltWinters(y, 7, 'damped')
    expect(params.phi).toBeGreaterThanOrEqual(0.8)
    expect(params.phi).toBeLessThanOrEqual(0.98)
    expect(run.sse).toBeLessThanOrEqual(d.optimum.sse * 1.005)
  })

  it('does not run away after a late jump the way a linear trend does', () => {
    // eight flat weeks, then one week 30 % up: the month-three forecast should not climb far above the new level
    const base = Array.from({ length: 56 }, (_, i) => 100 + (i % 7 === 5 || i % 7 === 6 ? -30 : 0))
    const jump = Array.from({ length: 7 }, (_, i) => 130 + (i % 7 === 5 || i % 7 === 6 ? -30 : 0))
    const series = [...base, ...jump]
    const week = (f: number[]) => f.slice(84, 91).reduce((a, b) => a + b, 0) / 7
    const linear = week(forecastDaily(series, 91, 1.96, undefined, 'linear').mean)
    const damped = week(forecastDaily(series, 91, 1.96, undefined, 'damped').mean)
    expect(damped).toBeLessThan(linear)
    expect(damped).toBeLessThan(130 * 1.5)
  })
})

describe('forecast reliability', () => {
  it('is unreliable, with the reason, on short history, no backtest or a large MAPE', () => {
    expect(forecastReliability(10, null)).toMatchObject({ reliable: false, reason: expect.stringContaining('two weeks') })
    expect(forecastReliability(20, null)).toMatchObject({ reliable: false, reason: expect.stringContaining('backtest') })
    expect(forecastReliability(90, 0.72)).toMatchObject({ reliable: false, reason: expect.stringContaining('72 %') })
    expect(forecastReliability(90, 0.72, 0.8)).toEqual({ reliable: true, reason: null })
    expect(forecastReliability(90, 0.1)).toEqual({ reliable: true, reason: null })
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
