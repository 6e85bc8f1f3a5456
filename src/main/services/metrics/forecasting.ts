/** Forecasts of a range query's series: the step grid filled, a model chosen by backtest, intervals and a crossing. */
import type { Forecast, MetricSeries } from '../../../shared/contract/metrics'
import { firstCrossing } from '../../core/forecast/crossing'
import { anomalyBands } from '../../core/forecast/ets'
import { selectModel } from '../../core/forecast/select'

/** Values on the grid start, start + step … end; a missing or non-finite point takes the previous value. */
export function onGrid(points: [number, number | null][], start: number, end: number, stepMs: number): [number, number][] {
  const byT = new Map(points.filter(([, v]) => v !== null && Number.isFinite(v)).map(([t, v]) => [t, v as number]))
  const out: [number, number][] = []
  let last: number | null = null
  for (let t = start; t <= end; t += stepMs) {
    const v: number | null = byT.get(t) ?? last
    if (v === null) continue
    out.push([t, v])
    last = v
  }
  return out
}

function human(ms: number): string {
  const h = ms / 3_600_000
  if (h < 48) return `${Math.max(1, Math.round(h))} h`
  return `${Math.round(h / 24)} days`
}

export interface ForecastOptions {
  start: number
  end: number
  stepS: number
  horizonSteps: number
  periods: number[]
  threshold?: number | undefined
  direction: 'above' | 'below'
  unitLabel?: string
}

/**
 * Drops a trailing run of repeats: after the last sample, a range query repeats it for the 5-minute lookback, and a
 * flat tail would read as the trend stopping.
 */
export function trimStaleTail(points: [number, number][]): [number, number][] {
  let n = points.length
  while (n > 2 && points[n - 1]![1] === points[n - 2]![1]) n--
  return n === points.length ? points : points.slice(0, n)
}

export function forecastSeries(s: MetricSeries, o: ForecastOptions): Forecast | null {
  const stepMs = o.stepS * 1000
  const history = trimStaleTail(onGrid(s.points, o.start, o.end, stepMs))
  const y = history.map(([, v]) => v)
  const sel = selectModel(y, o.periods, o.horizonSteps)
  if (!sel) return null
  const lastT = history[history.length - 1]![0]
  const times = sel.forecast.mean.map((_, i) => lastT + (i + 1) * stepMs)
  const bands = anomalyBands(sel.fit, y)
  let crossing: Forecast['crossing'] = null
  if (o.threshold !== undefined) {
    const c = firstCrossing(sel.forecast, o.threshold, o.direction)
    const at = (step: number | null): number | null => (step === null ? null : lastT + step * stepMs)
    const expected = at(c.expected)
    const earliest = at(c.earliest)
    const verb = o.direction === 'above' ? 'reaches' : 'falls to'
    const message =
      expected !== null
        ? `${verb} ${o.threshold} in ${human(expected - lastT)} (on ${new Date(expected).toISOString().slice(0, 16).replace('T', ' ')} UTC)`
        : earliest !== null
          ? `may reach ${o.threshold} in ${human(earliest - lastT)} (95 % interval edge); expected to stay ${o.direction === 'above' ? 'below' : 'above'} it`
          : `stays ${o.direction === 'above' ? 'below' : 'above'} ${o.threshold} over the next ${human(o.horizonSteps * stepMs)}`
    crossing = { expected, earliest, message }
  }
  return {
    labels: s.labels,
    stepS: o.stepS,
    history,
    fitted: sel.fit.run.fitted,
    anomalyLo: bands.lo,
    anomalyHi: bands.hi,
    anomalies: bands.anomalies.map((i) => history[i]![0]),
    times,
    mean: sel.forecast.mean,
    lo: sel.forecast.lo,
    hi: sel.forecast.hi,
    model: sel.chosen.name,
    candidates: sel.candidates.map((c) => ({ name: c.name, rmse: c.rmse, mape: c.mape, coverage: c.coverage })),
    crossing
  }
}
