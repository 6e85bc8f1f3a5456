/** A metric's control arm as the power formulas need it: mean and per-unit variance (without CUPED). */
import type { MetricDef } from '../../../shared/contract/experiments'
import { metricShape } from './analysis'
import { unadjustedMean, variance } from './stats'
import { toStatistic } from './sums'

export { midExperimentPower, minimumDetectableEffect, powerAt, sampleSize } from './stats'

export function toPlanning(m: MetricDef, all: MetricDef[], sums: Float64Array): { mean: number; variance: number } | null {
  const stat = toStatistic({ ...metricShape(m, all), cuped: false }, sums, 0)
  const mean = unadjustedMean(stat)
  const v = variance(stat)
  return mean !== 0 && v > 0 ? { mean, variance: v } : null
}
