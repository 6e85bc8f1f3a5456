/**
 * Additive Holt-Winters (ETS(A,A,A)) on daily cost with weekly seasonality (m = 7).
 *
 *   yhat_t = l_{t-1} + b_{t-1} + s_{t-m}
 *   l_t = α (y_t − s_{t-m}) + (1 − α)(l_{t-1} + b_{t-1})
 *   b_t = β (l_t − l_{t-1}) + (1 − β) b_{t-1}
 *   s_t = γ (y_t − l_t) + (1 − γ) s_{t-m}
 *
 * Initial state from the first two seasons (level = mean of season 1, trend = mean difference of the
 * seasons / m, seasonals = season 1 minus the level); α, β, γ in [0, 1] minimise the one-step SSE
 * (Nelder–Mead on a logistic transform). Verified against scripts/reference/costs_forecast_reference.py.
 *
 * Damped trend (ETS(A,Ad,A), Gardner & McKenzie): the trend enters as φ·b, so h steps ahead add
 * (φ + φ² + … + φ^h)·b, which levels off instead of running away; φ in [0.8, 0.98] is fitted with α, β, γ.
 */
import { fromClassic, runEts, type EtsFit } from '../../core/forecast/ets'
import { nelderMead } from '../../core/forecast/nelderMead'
import { simulateSums as simulateEtsSums } from '../../core/forecast/simulate'

export const SEASON = 7

export interface HwParams {
  alpha: number
  beta: number
  gamma: number
  /** Trend damping; 1 (or absent) is the linear trend of plain Holt-Winters. */
  phi?: number | undefined
}

export type TrendKind = 'damped' | 'linear'

export interface HwState {
  level: number
  trend: number
  /** The last m seasonal terms, oldest first. */
  season: number[]
}

export interface HwRun {
  fitted: number[]
  sse: number
  state: HwState
  /** One-step residuals y_t − yhat_t for t >= m. */
  residuals: number[]
}

export function initialState(y: number[], m = SEASON): HwState {
  const s1 = y.slice(0, m)
  const level = mean(s1)
  const trend = y.length >= 2 * m ? (mean(y.slice(m, 2 * m)) - level) / m : 0
  return { level, trend, season: s1.map((v) => v - level) }
}

/**
 * Run the smoothing recursion over y; fitted[t] is the one-step forecast (NaN for the first season, which only sets
 * the initial state). The classic form above is the innovations form of core/forecast with β* = αβ, γ* = (1 − α)γ.
 */
export function runHoltWinters(y: number[], p: HwParams, m = SEASON, init = initialState(y, m)): HwRun {
  const spec = { trend: p.phi === undefined || p.phi === 1 ? 'add' : 'damped', period: m } as const
  const run = runEts(y.slice(m), spec, fromClassic(p), init)
  const fitted = [...new Array<number>(Math.min(m, y.length)).fill(NaN), ...run.fitted]
  return { fitted, sse: run.sse, state: run.state, residuals: run.residuals }
}

/** φ + φ² + … + φ^h (h for φ = 1): how many trends h steps ahead add. */
export const dampedSteps = (phi: number, h: number): number => (phi === 1 ? h : (phi * (1 - phi ** h)) / (1 - phi))

/** h-step forecasts (h = 1..H) from a final state. */
export function forecastFrom(state: HwState, horizon: number, m = SEASON, phi = 1): number[] {
  return Array.from({ length: horizon }, (_, i) => state.level + dampedSteps(phi, i + 1) * state.trend + state.season[i % m]!)
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x))
const logit = (p: number): number => Math.log(p / (1 - p))

const PHI_MIN = 0.8
const PHI_MAX = 0.98

/** Fit α, β, γ (and φ for a damped trend) by minimising the one-step SSE; several starts guard against local minima. */
export function fitHoltWinters(y: number[], m = SEASON, trend: TrendKind = 'linear'): { params: HwParams; run: HwRun } {
  const init = initialState(y, m)
  const damped = trend === 'damped'
  const toParams = (x: number[]): HwParams => ({
    alpha: logistic(x[0]!),
    beta: logistic(x[1]!),
    gamma: logistic(x[2]!),
    ...(damped ? { phi: PHI_MIN + (PHI_MAX - PHI_MIN) * logistic(x[3]!) } : {})
  })
  const sse = (x: number[]): number => runHoltWinters(y, toParams(x), m, init).sse
  let best: { x: number[]; fx: number } | null = null
  for (const start of [
    [0.3, 0.05, 0.1],
    [0.1, 0.01, 0.3],
    [0.7, 0.1, 0.05]
  ]) {
    const x0 = start.map(logit)
    const r = nelderMead(sse, damped ? [...x0, 0] : x0, { maxIter: damped ? 500 : 300 })
    if (!best || r.fx < best.fx) best = r
  }
  const params = toParams(best!.x)
  return { params, run: runHoltWinters(y, params, m, init) }
}

export interface DailyForecast {
  mean: number[]
  lo: number[]
  hi: number[]
  sigma: number
  params: HwParams | null
  method: 'holt-winters' | 'mean'
}

/**
 * Forecast `horizon` days after y. Daily bands: σ²·(1 + Σ_{j<h} c_j²), c_j = α(1 + jβ) + γ·[j mod m = 0]
 * (Hyndman et al., ETS(A,A,A)), at z (1.96 = 95 %). Too short a history (< 2 weeks) falls back to the mean.
 */
export type HwFit = { params: HwParams; run: HwRun }

export function forecastDaily(y: number[], horizon: number, z = 1.96, fitted?: HwFit, trend: TrendKind = 'linear'): DailyForecast {
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
  const { params, run } = fitted ?? fitHoltWinters(y, SEASON, trend)
  const phi = params.phi ?? 1
  const sigma = Math.sqrt(run.sse / Math.max(1, run.residuals.length - 3))
  const point = forecastFrom(run.state, horizon, SEASON, phi)
  const lo: number[] = []
  const hi: number[] = []
  let acc = 0
  for (let h = 1; h <= horizon; h++) {
    if (h > 1) {
      const j = h - 1
      const c = params.alpha * (1 + dampedSteps(phi, j) * params.beta) + (j % SEASON === 0 ? params.gamma : 0)
      acc += c * c
    }
    const sd = sigma * Math.sqrt(1 + acc)
    lo.push(Math.max(0, point[h - 1]! - z * sd))
    hi.push(Math.max(0, point[h - 1]! + z * sd))
  }
  return { mean: point.map((v) => Math.max(0, v)), lo, hi, sigma, params, method: 'holt-winters' }
}

/**
 * Interval of the SUM of forecast days [from, to) (e.g. the rest of a month) by simulating sample paths
 * through the fitted recursion with normal one-step errors (seeded, so answers are stable).
 */
export function simulateSums(
  y: number[],
  ranges: { from: number; to: number }[],
  paths = 400,
  z = 1.96,
  fitted?: HwFit,
  trend: TrendKind = 'linear'
): { mean: number; lo: number; hi: number }[] {
  const horizon = Math.max(0, ...ranges.map((r) => r.to))
  if (horizon === 0) return ranges.map(() => ({ mean: 0, lo: 0, hi: 0 }))
  const fit = fitted ?? (y.length >= 2 * SEASON ? fitHoltWinters(y, SEASON, trend) : undefined)
  const daily = forecastDaily(y, horizon, z, fit)
  if (!daily.params || !fit) {
    return ranges.map((r) => {
      const n = r.to - r.from
      const mu = daily.mean[0]! * n
      const sd = daily.sigma * Math.sqrt(n)
      return { mean: mu, lo: Math.max(0, mu - z * sd), hi: mu + z * sd }
    })
  }
  const m = SEASON
  const params = fromClassic(daily.params)
  const spec = { trend: params.phi === 1 ? 'add' : 'damped', period: m } as const
  const init = initialState(y, m)
  const etsFit: EtsFit = { spec, params, init, run: runEts(y.slice(m), spec, params, init), sigma2: daily.sigma ** 2 }
  return simulateEtsSums(etsFit, ranges, { paths, z, floor: 0 })
}

/** Backtest: fit on all but the last `holdout` days, forecast them, mean absolute percentage error (days with y ≠ 0). */
export function backtestMape(y: number[], holdout: number, trend: TrendKind = 'linear'): number | null {
  if (y.length - holdout < 2 * SEASON || holdout < 1) return null
  const train = y.slice(0, y.length - holdout)
  const test = y.slice(y.length - holdout)
  const f = forecastDaily(train, holdout, 1.96, undefined, trend).mean
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

/** Backtest MAPE above which a forecast is shown as unreliable (a setting; 50 % by default). */
export const DEFAULT_MAX_MAPE = 0.5

/**
 * Whether a forecast may be trusted: two weekly seasons of history at least, enough of it to backtest, and a backtest
 * MAPE within `maxMape`. The reason is said in words for the person reading the forecast.
 */
export function forecastReliability(
  days: number,
  mape: number | null,
  maxMape = DEFAULT_MAX_MAPE
): { reliable: boolean; reason: string | null } {
  if (days < 2 * SEASON)
    return {
      reliable: false,
      reason: `only ${days} day${days === 1 ? '' : 's'} of history: a forecast needs two weeks (two weekly seasons) at least`
    }
  if (mape === null) return { reliable: false, reason: 'too little history to backtest the forecast (four weeks needed)' }
  if (mape > maxMape)
    return {
      reliable: false,
      reason: `the backtest missed by ${Math.round(mape * 100)} % on average (MAPE), above the ${Math.round(maxMape * 100)} % limit`
    }
  return { reliable: true, reason: null }
}

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / Math.max(1, a.length)
}
function std(a: number[], mu = mean(a)): number {
  return Math.sqrt(a.reduce((s, v) => s + (v - mu) ** 2, 0) / Math.max(1, a.length - 1))
}
