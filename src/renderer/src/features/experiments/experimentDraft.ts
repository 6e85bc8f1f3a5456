/**
 * The experiment form as typed (numbers as text, percentages as 0–100), its conversion to the contract's input and the
 * checks that read better next to the inputs than from the service (weights adding up to 100 %).
 */
import type { ExperimentDetail, ExperimentInput, MetricInput } from '../../../../shared/contract/experiments'

export interface VariationDraft {
  key: string
  name: string
  weightPct: string
  modelVersionId: string
}

export interface MetricDraft {
  key: string
  name: string
  kind: 'proportion' | 'mean' | 'ratio'
  event: string
  numerator: string
  denominator: string
  windowHours: string
  role: 'primary' | 'secondary' | 'guardrail'
  higherIsBetter: boolean
  cuped: boolean
}

export interface ExperimentDraft {
  name: string
  hypothesis: string
  owner: string
  flagKey: string
  variations: VariationDraft[]
  coveragePct: string
  hashAttribute: string
  seed: string
  hashVersion: '1' | '2'
  metrics: MetricDraft[]
  dimensions: string
  mdePct: string
  alpha: string
  targetPowerPct: string
  engine: 'frequentist' | 'sequential' | 'bayesian'
  sequentialTuning: string
  priorProper: boolean
  priorMeanPct: string
  priorSdPct: string
  correction: 'none' | 'holm-bonferroni' | 'benjamini-hochberg'
  family: 'all' | 'metric'
  cupedLookbackDays: string
}

export const emptyMetric = (role: MetricDraft['role'] = 'secondary'): MetricDraft => ({
  key: '',
  name: '',
  kind: 'proportion',
  event: '',
  numerator: '',
  denominator: '',
  windowHours: '',
  role,
  higherIsBetter: true,
  cuped: false
})

export const emptyDraft = (): ExperimentDraft => ({
  name: '',
  hypothesis: '',
  owner: '',
  flagKey: '',
  variations: [
    { key: 'control', name: 'Control', weightPct: '50', modelVersionId: '' },
    { key: 'treatment', name: 'Treatment', weightPct: '50', modelVersionId: '' }
  ],
  coveragePct: '100',
  hashAttribute: 'user_id',
  seed: '',
  hashVersion: '2',
  metrics: [emptyMetric('primary')],
  dimensions: '',
  mdePct: '2',
  alpha: '0.05',
  targetPowerPct: '80',
  engine: 'frequentist',
  sequentialTuning: '5000',
  priorProper: false,
  priorMeanPct: '0',
  priorSdPct: '30',
  correction: 'none',
  family: 'all',
  cupedLookbackDays: '14'
})

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s.trim()))
const pct = (s: string): number => num(s) / 100
const fromPct = (v: number): string => String(Math.round(v * 1e6) / 1e4)

export function inputOf(d: ExperimentDraft): ExperimentInput {
  return {
    name: d.name,
    hypothesis: d.hypothesis,
    owner: d.owner,
    flagKey: d.flagKey,
    variations: d.variations.map((v) => ({
      key: v.key.trim(),
      name: v.name.trim() || v.key.trim(),
      weight: pct(v.weightPct),
      modelVersionId: v.modelVersionId ? Number(v.modelVersionId) : null
    })),
    coverage: pct(d.coveragePct),
    hashAttribute: d.hashAttribute.trim(),
    seed: d.seed,
    hashVersion: d.hashVersion === '1' ? 1 : 2,
    metrics: d.metrics.map((m): MetricInput => ({
      key: m.key.trim(),
      name: m.name.trim() || m.key.trim(),
      kind: m.kind,
      event: m.kind === 'ratio' ? '' : m.event.trim(),
      numerator: m.kind === 'ratio' ? m.numerator : '',
      denominator: m.kind === 'ratio' ? m.denominator : '',
      windowHours: m.windowHours.trim() === '' ? null : num(m.windowHours),
      role: m.role,
      higherIsBetter: m.higherIsBetter,
      cuped: m.cuped
    })),
    dimensions: d.dimensions
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    mde: pct(d.mdePct),
    alpha: num(d.alpha),
    targetPower: pct(d.targetPowerPct),
    engine: d.engine,
    sequentialTuning: num(d.sequentialTuning),
    priorProper: d.priorProper,
    priorMean: pct(d.priorMeanPct),
    priorSd: pct(d.priorSdPct),
    correction: d.correction,
    family: d.family,
    cupedLookbackDays: num(d.cupedLookbackDays)
  }
}

export function draftOf(x: ExperimentDetail): ExperimentDraft {
  return {
    name: x.name,
    hypothesis: x.hypothesis,
    owner: x.owner,
    flagKey: x.flagKey,
    variations: x.variations.map((v) => ({
      key: v.key,
      name: v.name,
      weightPct: fromPct(v.weight),
      modelVersionId: v.modelVersionId === null ? '' : String(v.modelVersionId)
    })),
    coveragePct: fromPct(x.coverage),
    hashAttribute: x.hashAttribute,
    seed: x.seed,
    hashVersion: x.hashVersion === 1 ? '1' : '2',
    metrics: x.metrics.map((m) => ({
      key: m.key,
      name: m.name,
      kind: m.kind,
      event: m.event,
      numerator: m.numerator,
      denominator: m.denominator,
      windowHours: m.windowHours === null ? '' : String(m.windowHours),
      role: m.role,
      higherIsBetter: m.higherIsBetter,
      cuped: m.cuped
    })),
    dimensions: x.dimensions.join(', '),
    mdePct: fromPct(x.mde),
    alpha: String(x.alpha),
    targetPowerPct: fromPct(x.targetPower),
    engine: x.engine,
    sequentialTuning: String(x.sequentialTuning),
    priorProper: x.priorProper,
    priorMeanPct: fromPct(x.priorMean),
    priorSdPct: fromPct(x.priorSd),
    correction: x.correction,
    family: x.family,
    cupedLookbackDays: String(x.cupedLookbackDays)
  }
}

/** Checks shown next to the inputs before anything is sent (the service checks everything again). */
export function localErrors(d: ExperimentDraft): Record<string, string> {
  const errors: Record<string, string> = {}
  const total = d.variations.reduce((s, v) => s + num(v.weightPct), 0)
  if (!Number.isFinite(total) || Math.abs(total - 100) > 0.1)
    errors.variations = `weights must add up to 100 % (they add up to ${Number.isFinite(total) ? +total.toFixed(2) : '?'} %)`
  if (d.metrics.length && d.metrics.filter((m) => m.role === 'primary').length !== 1) errors.metrics = 'mark exactly one metric as primary'
  return errors
}

/** Weights split equally (GrowthBook's default), as percentages that add up to 100. */
export function equalWeights(n: number): string[] {
  const each = Math.floor(10000 / n) / 100
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? +(100 - each * (n - 1)).toFixed(2) : each).toString())
}
