/**
 * Choosing a model by backtest: each candidate (trend none / additive / damped, with or without a season) is fitted on
 * all but the last `holdout` steps and judged by how well it forecast them; the best is refitted on the whole series.
 */
import { fitEts, minLength, modelName, predictEts, seasonOf, type EtsFit, type EtsForecast, type EtsSpec } from './ets'

export interface BacktestScore {
  spec: EtsSpec
  name: string
  /** Root mean squared error of the holdout forecasts, in the series' unit. */
  rmse: number
  /** Mean absolute percentage error over holdout steps with y ≠ 0 (null if all are 0). */
  mape: number | null
  /** Share of holdout points inside the 95 % interval. */
  coverage: number
}

export interface Selection {
  candidates: BacktestScore[]
  chosen: BacktestScore
  fit: EtsFit
  forecast: EtsForecast
  holdout: number
}

/** Candidate models for a series with the given plausible season lengths (e.g. 24 and 168 for hourly steps). */
export function candidateSpecs(n: number, periods: number[]): EtsSpec[] {
  const out: EtsSpec[] = []
  for (const period of [0, ...periods.filter((p) => p > 1)])
    for (const trend of ['none', 'add', 'damped'] as const) {
      const spec = { trend, period }
      if (n >= minLength(spec) + Math.max(2, seasonOf(spec))) out.push(spec)
    }
  return out
}

/** How many trailing steps the backtest holds out: the horizon, at most a fifth of the series, at least 2. */
export const holdoutOf = (n: number, horizon: number): number => Math.max(2, Math.min(horizon, Math.floor(n / 5)))

export function backtest(y: number[], spec: EtsSpec, holdout: number): BacktestScore {
  const train = y.slice(0, y.length - holdout)
  const test = y.slice(y.length - holdout)
  const f = predictEts(fitEts(train, spec), holdout)
  let se = 0
  let nse = 0
  let ape = 0
  let nape = 0
  let inside = 0
  test.forEach((v, i) => {
    if (!Number.isFinite(v)) return
    const e = v - f.mean[i]!
    se += e * e
    nse++
    if (v !== 0) {
      ape += Math.abs(e / v)
      nape++
    }
    if (v >= f.lo[i]! && v <= f.hi[i]!) inside++
  })
  return {
    spec,
    name: modelName(spec),
    rmse: nse ? Math.sqrt(se / nse) : Infinity,
    mape: nape ? ape / nape : null,
    coverage: nse ? inside / nse : 0
  }
}

/** Backtests every candidate, keeps the one with the smallest RMSE, refits it on all of y and forecasts `horizon` steps. */
export function selectModel(y: number[], periods: number[], horizon: number, level = 0.95): Selection | null {
  const holdout = holdoutOf(y.length, horizon)
  const specs = candidateSpecs(y.length - holdout, periods)
  if (!specs.length) return null
  const candidates = specs.map((spec) => backtest(y, spec, holdout))
  const chosen = candidates.reduce((a, b) => (b.rmse < a.rmse ? b : a))
  const fit = fitEts(y, chosen.spec)
  return { candidates, chosen, fit, forecast: predictEts(fit, horizon, level), holdout }
}
