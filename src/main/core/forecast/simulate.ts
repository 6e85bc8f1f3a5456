/** Intervals of sums of future steps (e.g. the rest of a month) by simulating sample paths through a fitted model. */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import { forecastEts, seasonOf, type EtsFit } from './ets'

export interface SumRange {
  /** First step (0 = the step right after the data). */
  from: number
  /** One past the last step. */
  to: number
}

/**
 * Sum of the forecasts over each range, with a two-sided interval at ±z from seeded sample paths (normal innovations
 * with σ² of the fit; each path runs the recursion, so errors carry forward as they do in the model). `floor` clamps
 * each simulated step (0 for costs, which cannot be negative); the point forecast is clamped the same way.
 */
export function simulateSums(
  fit: EtsFit,
  ranges: SumRange[],
  opts: { paths?: number; z?: number; seed?: number; floor?: number } = {}
): { mean: number; lo: number; hi: number }[] {
  const paths = opts.paths ?? 400
  const z = opts.z ?? 1.96
  const floor = opts.floor ?? -Infinity
  const horizon = Math.max(0, ...ranges.map((r) => r.to))
  if (horizon === 0) return ranges.map(() => ({ mean: 0, lo: 0, hi: 0 }))
  const { spec, params: p } = fit
  const m = seasonOf(spec)
  const phi = spec.trend === 'damped' ? p.phi : 1
  const sigma = Math.sqrt(fit.sigma2)
  const point = forecastEts(fit.run.state, spec, p, horizon).map((v) => Math.max(floor, v))
  const rand = mulberry32(opts.seed ?? 42)
  const sums = ranges.map(() => [] as number[])
  for (let k = 0; k < paths; k++) {
    let { level, trend } = fit.run.state
    const season = [...fit.run.state.season]
    const acc = ranges.map(() => 0)
    for (let h = 0; h < horizon; h++) {
      const s = m ? season[h % m]! : 0
      const e = sigma * gaussian(rand)
      const damped = spec.trend === 'none' ? 0 : phi * trend
      const yv = level + damped + s + e
      level = level + damped + p.alpha * e
      if (spec.trend !== 'none') trend = damped + p.beta * e
      if (m) season[h % m] = s + p.gamma * e
      ranges.forEach((r, i) => {
        if (h >= r.from && h < r.to) acc[i]! += Math.max(floor, yv)
      })
    }
    acc.forEach((v, i) => sums[i]!.push(v))
  }
  const tail = 1 - normalCdf(z, 0, 1)
  return ranges.map((r, i) => {
    const mean = point.slice(r.from, r.to).reduce((a, b) => a + b, 0)
    const sorted = sums[i]!.sort((a, b) => a - b)
    const q = (pr: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(pr * (sorted.length - 1))))]!
    return { mean, lo: Math.min(mean, q(tail)), hi: Math.max(mean, q(1 - tail)) }
  })
}

function mulberry32(seed: number): () => number {
  let t = seed >>> 0
  return () => {
    t = (t + 0x6d2b79f5) >>> 0
    let r = Math.imul(t ^ (t >>> 15), 1 | t)
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296
  }
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
}
