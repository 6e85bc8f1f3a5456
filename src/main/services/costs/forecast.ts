/**
 * The costs forecast: additive Holt-Winters (ETS(A,A,A)) on daily cost with a weekly season (m = 7), on the shared
 * exponential-smoothing core (src/main/core/forecast). Costs keeps the classic parameters (β and γ as shares of α and
 * 1 − α) and its initial state from the first two weeks: the first season only initialises the state, the recursion
 * runs from day m. Verified against scripts/reference/costs_forecast_reference.py and, for the core, statsmodels.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import { fitEts, fromClassic, initialState as coreInitial, predictEts, runEts, type EtsFit, type EtsSpec } from '../../core/forecast/ets'
import { simulateSums as coreSimulateSums, type SumRange } from '../../core/forecast/simulate'

export const SEASON = 7
const SPEC: EtsSpec = { trend: 'add', period: SEASON }

export interface HwParams {
  alpha: number
  beta: number
  gamma: number
}

export interface HwState {
  level: number
  trend: number
  /** The next m seasonal terms, the first one for the next day. */
  season: number[]
}

export interface HwRun {
  /** One-step forecasts; NaN for the first season. */
  fitted: number[]
  sse: number
  state: HwState
  /** One-step residuals y_t − yhat_t for t >= m. */
  residuals: number[]
}

export type HwFit = { params: HwParams; run: HwRun; ets: EtsFit }

/** Level = mean of week 1, trend = (mean of week 2 − level) / m, seasonals = week 1 − level. */
export const initialState = (y: number[], m = SEASON): HwState => coreInitial(y, { trend: 'add', period: m })

const toClassic = (e: { alpha: number; beta: number; gamma: number }): HwParams => ({
  alpha: e.alpha,
  beta: e.alpha > 0 ? e.beta / e.alpha : 0,
  gamma: e.alpha < 1 ? e.gamma / (1 - e.alpha) : 0
})

function asRun(y: number[], fit: EtsFit, m: number): HwRun {
  return {
    fitted: [...new Array<number>(Math.min(m, y.length)).fill(NaN), ...fit.run.fitted],
    sse: fit.run.sse,
    state: fit.run.state,
    residuals: fit.run.residuals
  }
}

/** Runs the smoothing recursion over y with given (classic) parameters. */
export function runHoltWinters(y: number[], p: HwParams, m = SEASON, init = initialState(y, m)): HwRun {
  const spec = { trend: 'add' as const, period: m }
  const run = runEts(y.slice(m), spec, fromClassic(p), init)
  return asRun(y, { spec, params: fromClassic(p), init, run, sigma2: run.nobs ? run.sse / run.nobs : 0 }, m)
}

/** h-step forecasts (h = 1..H) from a final state. */
export function forecastFrom(state: HwState, horizon: number, m = SEASON): number[] {
  return Array.from({ length: horizon }, (_, i) => state.level + (i + 1) * state.trend + state.season[i % m]!)
}

/** Fits α, β, γ by minimising the one-step SSE of the days after the first season. */
export function fitHoltWinters(y: number[]): HwFit {
  const ets = fitEts(y.slice(SEASON), SPEC, initialState(y))
  return { params: toClassic(ets.params), run: asRun(y, ets, SEASON), ets }
}

export interface DailyForecast {
  mean: number[]
  lo: number[]
  hi: number[]
  sigma: number
  params: HwParams | null
  method: 'holt-winters' | 'mean'
}

/** Forecast `horizon` days after y with a 95 % band (clamped at 0); under two weeks of history, the mean ± z·sd. */
export function forecastDaily(y: number[], horizon: number, z = 1.96, fitted?: HwFit): DailyForecast {
  if (y.length < 2 * SEASON) {
    const mu = y.length ? mean(y) : 0
    const sd = y.length > 1 ? std(y, mu) : 0
    return {
      mean: new Array(horizon).fill(Math.max(0, mu)),
      lo: new Array(horizon).fill(Math.max(0, mu - z * sd)),
      hi: new Array(horizon).fill(mu + z * sd),
      sigma: sd,
      params: null,
      method: 'mean'
    }
  }
  const fit = fitted ?? fitHoltWinters(y)
  const level = 2 * normalCdf(z, 0, 1) - 1
  const f = predictEts(fit.ets, horizon, level)
  return {
    mean: f.mean.map((v) => Math.max(0, v)),
    lo: f.lo.map((v) => Math.max(0, v)),
    hi: f.hi.map((v) => Math.max(0, v)),
    sigma: Math.sqrt(fit.ets.sigma2),
    params: fit.params,
    method: 'holt-winters'
  }
}

/** Interval of the sum of forecast days over each range (e.g. the rest of a month), from simulated paths. */
export function simulateSums(
  y: number[],
  ranges: SumRange[],
  paths = 400,
  z = 1.96,
  fitted?: HwFit
): { mean: number; lo: number; hi: number }[] {
  if (Math.max(0, ...ranges.map((r) => r.to)) === 0) return ranges.map(() => ({ mean: 0, lo: 0, hi: 0 }))
  const fit = fitted ?? (y.length >= 2 * SEASON ? fitHoltWinters(y) : undefined)
  if (!fit) {
    const daily = forecastDaily(y, 1, z)
    return ranges.map((r) => {
      const n = r.to - r.from
      const mu = daily.mean[0]! * n
      const sd = daily.sigma * Math.sqrt(n)
      return { mean: mu, lo: Math.max(0, mu - z * sd), hi: mu + z * sd }
    })
  }
  return coreSimulateSums(fit.ets, ranges, { paths, z, floor: 0 })
}

/** Backtest: fit on all but the last `holdout` days, forecast them, mean absolute percentage error (days with y ≠ 0). */
export function backtestMape(y: number[], holdout: number): number | null {
  if (y.length - holdout < 2 * SEASON || holdout < 1) return null
  const train = y.slice(0, y.length - holdout)
  const test = y.slice(y.length - holdout)
  const f = forecastDaily(train, holdout).mean
  let sum = 0
  let n = 0
  test.forEach((v, i) => {
    if (v !== 0) {
      sum += Math.abs((v - f[i]!) / v)
      n++
    }
  })
  return n ? sum / n : null
}

export const holdoutFor = (n: number): number => Math.max(14, Math.min(28, Math.floor(n * 0.2)))

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / Math.max(1, a.length)
}
function std(a: number[], mu = mean(a)): number {
  return Math.sqrt(a.reduce((s, v) => s + (v - mu) ** 2, 0) / Math.max(1, a.length - 1))
}
