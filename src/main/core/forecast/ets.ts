/**
 * Exponential smoothing with additive errors (ETS(A,N,N), (A,A,N), (A,Ad,N) and their additive-season forms), in the
 * innovations form statsmodels' ETSModel and Hyndman & Athanasopoulos use:
 *
 *   ŷ_t = l_{t-1} + φ b_{t-1} + s_{t-m}          e_t = y_t − ŷ_t
 *   l_t = l_{t-1} + φ b_{t-1} + α e_t
 *   b_t = φ b_{t-1} + β e_t
 *   s_t = s_{t-m} + γ e_t
 *
 * (φ = 1 without damping; no b without a trend; no s without a season). A missing observation (NaN) leaves the state
 * to run on without an update. Point forecasts, σ² = SSE / n and the analytic prediction variance
 * σ²(1 + Σ_{j<h} c_j²) match statsmodels' ETSModel for the same model, parameters and initial states
 * (scripts/reference/forecast_ets_reference.py).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import { nelderMead } from './nelderMead'

export type Trend = 'none' | 'add' | 'damped'

export interface EtsSpec {
  trend: Trend
  /** Season length in steps; 0 (or 1) for no season. */
  period: number
}

export interface EtsParams {
  alpha: number
  beta: number
  gamma: number
  phi: number
}

export interface EtsState {
  level: number
  trend: number
  /** Seasonal terms: at the start, season[i] belongs to y_i; after a run, season[i] belongs to the (i+1)-th step ahead. */
  season: number[]
}

export interface EtsRun {
  /** One-step forecasts ŷ_t. */
  fitted: number[]
  /** e_t = y_t − ŷ_t (NaN where y_t is missing). */
  residuals: number[]
  sse: number
  /** Observed (non-missing) values. */
  nobs: number
  state: EtsState
}

export interface EtsFit {
  spec: EtsSpec
  params: EtsParams
  init: EtsState
  run: EtsRun
  /** σ² = SSE / nobs, as statsmodels' `mse`. */
  sigma2: number
}

export const seasonOf = (spec: EtsSpec): number => (spec.period > 1 ? spec.period : 0)
const phiOf = (spec: EtsSpec, p: EtsParams): number => (spec.trend === 'damped' ? p.phi : 1)

/** The short name statsmodels uses: ANN, AAN, AAdN, ANA, AAA, AAdA. */
export function modelName(spec: EtsSpec): string {
  return `A${spec.trend === 'none' ? 'N' : spec.trend === 'add' ? 'A' : 'Ad'}${seasonOf(spec) ? 'A' : 'N'}`
}

/** How many observations a model needs before it can be fitted. */
export const minLength = (spec: EtsSpec): number => Math.max(seasonOf(spec) * 2, spec.trend === 'none' ? 3 : 4) + 2

const finiteMean = (a: number[]): number => {
  let s = 0
  let n = 0
  for (const v of a)
    if (Number.isFinite(v)) {
      s += v
      n++
    }
  return n ? s / n : 0
}

/**
 * Heuristic initial states: with a season, level = mean of the first season, trend = mean difference of the first two
 * seasons / m, seasonals = first season − level; without one, level = y_0 and trend = y_1 − y_0.
 */
export function initialState(y: number[], spec: EtsSpec): EtsState {
  const m = seasonOf(spec)
  if (m) {
    const first = y.slice(0, m)
    const level = finiteMean(first)
    const trend = spec.trend !== 'none' && y.length >= 2 * m ? (finiteMean(y.slice(m, 2 * m)) - level) / m : 0
    return { level, trend, season: first.map((v) => (Number.isFinite(v) ? v - level : 0)) }
  }
  const obs = y.filter(Number.isFinite)
  const level = obs[0] ?? 0
  return { level, trend: spec.trend !== 'none' && obs.length > 1 ? obs[1]! - obs[0]! : 0, season: [] }
}

/** Runs the recursion over y from an initial state. */
export function runEts(y: ArrayLike<number>, spec: EtsSpec, p: EtsParams, init: EtsState): EtsRun {
  const m = seasonOf(spec)
  const phi = phiOf(spec, p)
  const hasTrend = spec.trend !== 'none'
  let level = init.level
  let trend = hasTrend ? init.trend : 0
  const season = m ? [...init.season] : []
  const n = y.length
  const fitted = new Array<number>(n)
  const residuals = new Array<number>(n)
  let sse = 0
  let nobs = 0
  for (let t = 0; t < n; t++) {
    const s = m ? season[t % m]! : 0
    const damped = phi * trend
    const yhat = level + damped + s
    fitted[t] = yhat
    const v = y[t]!
    const e = Number.isFinite(v) ? v - yhat : 0
    if (Number.isFinite(v)) {
      residuals[t] = e
      sse += e * e
      nobs++
    } else residuals[t] = NaN
    level = level + damped + p.alpha * e
    if (hasTrend) trend = damped + p.beta * e
    if (m) season[t % m] = s + p.gamma * e
  }
  return {
    fitted,
    residuals,
    sse,
    nobs,
    state: { level, trend, season: m ? Array.from({ length: m }, (_, i) => season[(n + i) % m]!) : [] }
  }
}

/** Point forecasts 1..h steps after the state. */
export function forecastEts(state: EtsState, spec: EtsSpec, p: EtsParams, h: number): number[] {
  const m = seasonOf(spec)
  const phi = phiOf(spec, p)
  const out: number[] = []
  let damp = 0
  let pow = 1
  for (let i = 1; i <= h; i++) {
    pow *= phi
    damp += pow
    out.push(state.level + (spec.trend === 'none' ? 0 : damp * state.trend) + (m ? state.season[(i - 1) % m]! : 0))
  }
  return out
}

/** Relative forecast variances 1 + Σ_{j=1}^{h−1} c_j², c_j = α + β·(φ + … + φ^j) + γ·[j mod m = 0], for h = 1..H. */
export function relativeVariances(spec: EtsSpec, p: EtsParams, horizon: number): number[] {
  const m = seasonOf(spec)
  const phi = phiOf(spec, p)
  const out: number[] = []
  let acc = 1
  let damp = 0
  let pow = 1
  for (let h = 1; h <= horizon; h++) {
    if (h > 1) {
      const j = h - 1
      pow *= phi
      damp += pow
      const c = p.alpha + (spec.trend === 'none' ? 0 : p.beta * damp) + (m && j % m === 0 ? p.gamma : 0)
      acc += c * c
    }
    out.push(acc)
  }
  return out
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x))
const logit = (q: number): number => Math.log(q / (1 - q))

/** The free parameters of a model, in order. */
const freeNames = (spec: EtsSpec): (keyof EtsParams)[] => [
  'alpha',
  ...(spec.trend !== 'none' ? (['beta'] as const) : []),
  ...(seasonOf(spec) ? (['gamma'] as const) : []),
  ...(spec.trend === 'damped' ? (['phi'] as const) : [])
]

/** Unconstrained x (one entry per free parameter) → admissible parameters: 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 < φ < 0.98. */
export function paramsFromFree(x: number[], spec: EtsSpec): EtsParams {
  const names = freeNames(spec)
  const share = (name: keyof EtsParams): number => logistic(x[names.indexOf(name)]!)
  const alpha = share('alpha')
  return {
    alpha,
    beta: spec.trend === 'none' ? 0 : alpha * share('beta'),
    gamma: seasonOf(spec) ? (1 - alpha) * share('gamma') : 0,
    phi: spec.trend === 'damped' ? 0.8 + 0.18 * share('phi') : 1
  }
}

/** The transform of the classic Holt-Winters parameters (β, γ as shares of α and 1 − α), for callers that keep them. */
export const fromClassic = (p: { alpha: number; beta: number; gamma: number; phi?: number }): EtsParams => ({
  alpha: p.alpha,
  beta: p.alpha * p.beta,
  gamma: (1 - p.alpha) * p.gamma,
  phi: p.phi ?? 1
})

/** Fits α, β, γ (and φ) by least squares (the maximum likelihood for additive errors) from several starts. */
export function fitEts(y: number[], spec: EtsSpec, init: EtsState = initialState(y, spec)): EtsFit {
  const sse = (x: number[]): number => runEts(y, spec, paramsFromFree(x, spec), init).sse
  // starting shares per parameter (α; β/α; γ/(1−α); (φ−0.8)/0.18)
  const starts: Record<keyof EtsParams, number[]> = {
    alpha: [0.3, 0.1, 0.7],
    beta: [0.05, 0.01, 0.1],
    gamma: [0.1, 0.3, 0.05],
    phi: [0.5, 0.7, 0.3]
  }
  const names = freeNames(spec)
  let best: { x: number[]; fx: number } | null = null
  for (let k = 0; k < 3; k++) {
    const r = nelderMead(
      sse,
      names.map((name) => logit(starts[name][k]!)),
      { maxIter: 150 * names.length }
    )
    if (!best || r.fx < best.fx) best = r
  }
  const params = paramsFromFree(best!.x, spec)
  return fitWith(y, spec, params, init)
}

/** A fit with given parameters (no optimisation). */
export function fitWith(y: number[], spec: EtsSpec, params: EtsParams, init: EtsState = initialState(y, spec)): EtsFit {
  const run = runEts(y, spec, params, init)
  return { spec, params, init, run, sigma2: run.nobs ? run.sse / run.nobs : 0 }
}

export interface EtsForecast {
  mean: number[]
  lo: number[]
  hi: number[]
  /** Standard deviation of each step's forecast error. */
  sd: number[]
}

/** h-step forecasts with a two-sided prediction interval at `level` (0.95: 95 %). */
export function predictEts(fit: EtsFit, horizon: number, level = 0.95): EtsForecast {
  const mean = forecastEts(fit.run.state, fit.spec, fit.params, horizon)
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1)
  const sd = relativeVariances(fit.spec, fit.params, horizon).map((r) => Math.sqrt(fit.sigma2 * r))
  return { mean, lo: mean.map((v, i) => v - z * sd[i]!), hi: mean.map((v, i) => v + z * sd[i]!), sd }
}

/** One-step-ahead bands over the history (anomaly bands): ŷ_t ± z·σ; points outside are anomalies. */
export function anomalyBands(fit: EtsFit, y: number[], level = 0.99): { lo: number[]; hi: number[]; anomalies: number[] } {
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1)
  const sd = Math.sqrt(fit.sigma2)
  const lo = fit.run.fitted.map((f) => f - z * sd)
  const hi = fit.run.fitted.map((f) => f + z * sd)
  // the first season only initialises the state: its "forecasts" are not judged
  const skip = Math.max(seasonOf(fit.spec), 2)
  const anomalies: number[] = []
  y.forEach((v, i) => {
    if (i >= skip && Number.isFinite(v) && (v < lo[i]! || v > hi[i]!)) anomalies.push(i)
  })
  return { lo, hi, anomalies }
}
