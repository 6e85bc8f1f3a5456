/** An experiment's stored configuration as the service works with it, and the checks an input must pass. */
import type { ExperimentInput, MetricDef } from '../../../shared/contract/experiments'
import type { ParsedInput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { ExperimentRow, ExperimentWrite, MetricRow, VariationRow } from './repo'
import type { AnalysisSettings } from './analysis'
import type { Engine } from '../../../shared/contract/experiments'

export interface Config {
  row: ExperimentRow
  variations: VariationRow[]
  metrics: MetricDef[]
  dimensions: string[]
}

export type ParsedExperiment = ParsedInput<'experiments:create'>

export const metricOf = (r: MetricRow): MetricDef => ({
  key: r.key,
  name: r.name,
  kind: r.kind,
  event: r.event,
  numerator: r.numerator,
  denominator: r.denominator,
  windowHours: r.window_hours,
  role: r.role,
  higherIsBetter: r.higher_is_better === 1,
  cuped: r.cuped === 1
})

/** The hash seed: the configured one, else the experiment's name (GrowthBook uses the experiment key). */
export const seedOf = (row: ExperimentRow): string => row.seed || row.name

export function settingsOf(
  c: Config,
  over: {
    engine?: Engine | undefined
    difference?: 'relative' | 'absolute'
    correction?: AnalysisSettings['correction'] | undefined
    family?: 'all' | 'metric' | undefined
  } = {}
): AnalysisSettings {
  const r = c.row
  return {
    engine: over.engine ?? r.engine,
    difference: over.difference ?? 'relative',
    alpha: r.alpha,
    tuning: r.sequential_tuning,
    prior: { proper: r.prior_proper === 1, mean: r.prior_mean, sd: r.prior_sd },
    correction: over.correction ?? r.correction,
    family: over.family ?? r.family,
    variations: c.variations.map((v) => ({ key: v.key, name: v.name, weight: v.weight })),
    metrics: c.metrics
  }
}

const invalid = (field: string, message: string): AppError => new AppError('VALIDATION', message, field)

/** Checks what zod cannot: unique keys, weights adding up to 1, ratio parts, one primary metric. */
export function checkInput(x: ParsedExperiment): void {
  const keys = new Set<string>()
  x.variations.forEach((v, i) => {
    if (keys.has(v.key)) throw invalid(`variations.${i}.key`, `variation key "${v.key}" is used twice`)
    keys.add(v.key)
  })
  const total = x.variations.reduce((s, v) => s + v.weight, 0)
  if (Math.abs(total - 1) > 0.001) throw invalid('variations', `weights must add up to 1 (they add up to ${+total.toFixed(4)})`)
  const metricKeys = new Map<string, MetricDef>()
  x.metrics.forEach((m, i) => {
    if (metricKeys.has(m.key)) throw invalid(`metrics.${i}.key`, `metric key "${m.key}" is used twice`)
    metricKeys.set(m.key, m)
  })
  x.metrics.forEach((m, i) => {
    if (m.kind !== 'ratio') {
      if (!m.event) throw invalid(`metrics.${i}.event`, `metric ${m.key}: name the event it counts`)
      return
    }
    for (const part of ['numerator', 'denominator'] as const) {
      const ref = metricKeys.get(m[part])
      if (!ref || ref.kind === 'ratio')
        throw invalid(
          `metrics.${i}.${part}`,
          `ratio ${m.key}: the ${part} must be the key of a proportion or mean metric of this experiment`
        )
    }
  })
  const primaries = x.metrics.filter((m) => m.role === 'primary').length
  if (x.metrics.length && primaries !== 1)
    throw invalid('metrics', primaries ? 'only one metric can be primary' : 'mark one metric as primary (the one the decision rests on)')
  if (new Set(x.dimensions).size !== x.dimensions.length) throw invalid('dimensions', 'a dimension is listed twice')
}

export function writeOf(x: ParsedExperiment): ExperimentWrite {
  return {
    name: x.name,
    hypothesis: x.hypothesis,
    owner: x.owner,
    coverage: x.coverage,
    hash_attribute: x.hashAttribute,
    seed: x.seed,
    hash_version: x.hashVersion,
    flag_key: x.flagKey,
    dimensions: JSON.stringify(x.dimensions),
    mde: x.mde,
    alpha: x.alpha,
    target_power: x.targetPower,
    engine: x.engine,
    sequential_tuning: x.sequentialTuning,
    prior_proper: x.priorProper ? 1 : 0,
    prior_mean: x.priorMean,
    prior_sd: x.priorSd,
    correction: x.correction,
    family: x.family,
    cuped_lookback_days: x.cupedLookbackDays
  }
}

export const variationRows = (x: ParsedExperiment): VariationRow[] =>
  x.variations.map((v, idx) => ({ idx, key: v.key, name: v.name, weight: v.weight, model_version_id: v.modelVersionId }))

export const metricRows = (x: ParsedExperiment): MetricRow[] =>
  x.metrics.map((m, idx) => ({
    idx,
    key: m.key,
    name: m.name,
    kind: m.kind,
    event: m.event,
    numerator: m.numerator,
    denominator: m.denominator,
    window_hours: m.windowHours,
    role: m.role,
    higher_is_better: m.higherIsBetter ? 1 : 0,
    cuped: m.cuped ? 1 : 0
  }))

/** True when the assignment (who gets which variation) would change. */
export function assignmentChanged(c: Config, x: ParsedExperiment): boolean {
  const r = c.row
  if (r.seed !== x.seed || r.hash_version !== x.hashVersion || r.coverage !== x.coverage || r.hash_attribute !== x.hashAttribute)
    return true
  if (!x.seed && r.name !== x.name) return true
  if (c.variations.length !== x.variations.length) return true
  return c.variations.some((v, i) => v.weight !== x.variations[i]!.weight || v.key !== x.variations[i]!.key)
}

export type { ExperimentInput }
