/**
 * Results from the stored sums: per slice (the whole experiment, or each value of a dimension), its SRM check, and per
 * metric and variation the effect against control with the chosen engine; then the multiple-testing correction over the
 * chosen family (goal metrics only, as GrowthBook: guardrails keep their own p-values) and a verdict per cell.
 */
import type { Engine, MetricDef, MetricResult, SliceResult, VariationResult } from '../../../shared/contract/experiments'
import {
  adjustPValues,
  adjustedInterval,
  bayesianTest,
  checkSrm,
  effectMoments,
  sequentialTest,
  tTest,
  unadjustedMean,
  type Correction,
  type Difference,
  type EffectMoments,
  type Prior
} from './stats'
import { NF, toStatistic, type MetricShape } from './sums'

export interface AnalysisSettings {
  engine: Engine
  difference: Difference
  alpha: number
  tuning: number
  prior: Prior
  correction: Correction
  family: 'all' | 'metric'
  variations: { key: string; name: string; weight: number }[]
  metrics: MetricDef[]
}

/** Sums of one slice: metric key → [variation × NF], and units per variation. */
export interface SliceSums {
  dimension: string
  value: string
  units: number[]
  metrics: Map<string, Float64Array>
}

export function metricShape(m: MetricDef, all: MetricDef[]): MetricShape {
  if (m.kind !== 'ratio') return { kind: m.kind, cuped: m.cuped }
  const part = (key: string): 'proportion' | 'mean' => (all.find((x) => x.key === key)?.kind === 'proportion' ? 'proportion' : 'mean')
  return { kind: 'ratio', numeratorKind: part(m.numerator), denominatorKind: part(m.denominator), cuped: m.cuped }
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null)

export interface Cell {
  moments: EffectMoments
  result: VariationResult
}

/** One variation against control for one metric, with the engine's figures (no correction yet). */
export function compareArms(s: AnalysisSettings, m: MetricDef, shape: MetricShape, sums: Float64Array, v: number, units: number): Cell {
  const control = toStatistic(shape, sums, 0)
  const treatment = toStatistic(shape, sums, v * NF)
  const base: VariationResult = { ...emptyResult(s, v), units, mean: unadjustedMean(treatment) }
  const moments = effectMoments(control, treatment, s.difference)
  if (v === 0) return { moments, result: base }
  if (moments.error) return { moments, result: { ...base, error: moments.error } }
  if (s.engine === 'bayesian') {
    const r = bayesianTest(moments, s.difference, s.prior, s.alpha, !m.higherIsBetter)
    const verdict = r.error ? 'none' : r.chanceToWin >= 0.95 ? 'better' : r.chanceToWin <= 0.05 ? 'worse' : 'flat'
    return {
      moments,
      result: {
        ...base,
        estimate: r.estimate,
        se: r.sd,
        ci: [finite(r.ci[0]), finite(r.ci[1])],
        chanceToWin: r.chanceToWin,
        risk: r.risk,
        verdict,
        error: r.error
      }
    }
  }
  const r = s.engine === 'sequential' ? sequentialTest(moments, s.alpha, s.tuning) : tTest(moments, s.alpha)
  return {
    moments,
    result: {
      ...base,
      estimate: r.estimate,
      se: r.se,
      ci: [finite(r.ci[0]), finite(r.ci[1])],
      pValue: r.pValue,
      verdict: 'flat',
      error: r.error
    }
  }
}

function verdictOf(r: VariationResult, m: MetricDef, alpha: number): VariationResult['verdict'] {
  if (r.error || r.estimate === null) return 'none'
  if (r.chanceToWin !== null) return r.verdict
  const p = r.pValueAdjusted ?? r.pValue
  if (p === null || !(p < alpha)) return 'flat'
  return r.estimate > 0 === m.higherIsBetter ? 'better' : 'worse'
}

/** Every slice's SRM and metric results, corrected over the family. */
export function analyseSlices(s: AnalysisSettings, slices: SliceSums[]): SliceResult[] {
  const weights = s.variations.map((v) => v.weight)
  const out: SliceResult[] = slices.map((slice) => ({
    dimension: slice.dimension,
    value: slice.value,
    units: slice.units,
    srm: { ...checkSrm(slice.units, weights), units: slice.units },
    metrics: s.metrics.map((m): MetricResult => {
      const sums = slice.metrics.get(m.key)
      const shape = metricShape(m, s.metrics)
      if (!sums) {
        const error = 'no data for this metric in the import (re-import after adding it)'
        const variations = s.variations.map((_, v) => ({ ...emptyResult(s, v), error }))
        return { key: m.key, name: m.name, kind: m.kind, role: m.role, higherIsBetter: m.higherIsBetter, cuped: false, variations }
      }
      const cells = s.variations.map((_, v) => compareArms(s, m, shape, sums, v, sums[v * NF]!))
      const variations = cells.map((c) => c.result)
      const cuped = m.cuped && cells.length > 1 && cells[1]!.moments.a.kind.startsWith('cuped')
      return { key: m.key, name: m.name, kind: m.kind, role: m.role, higherIsBetter: m.higherIsBetter, cuped, variations }
    })
  }))
  if (s.engine !== 'bayesian') correct(s, out)
  for (const slice of out)
    slice.metrics.forEach((mr, i) => {
      for (const r of mr.variations) if (r.variation > 0) r.verdict = verdictOf(r, s.metrics[i]!, s.alpha)
    })
  return out
}

function emptyResult(s: AnalysisSettings, v: number): VariationResult {
  return {
    variation: v,
    key: s.variations[v]!.key,
    name: s.variations[v]!.name,
    units: 0,
    mean: 0,
    estimate: null,
    se: null,
    ci: null,
    pValue: null,
    pValueAdjusted: null,
    ciAdjusted: null,
    chanceToWin: null,
    risk: null,
    verdict: 'none',
    error: null
  }
}

/** Holm / BH over the goal metrics' p-values of these slices: all together, or metric by metric. */
function correct(s: AnalysisSettings, slices: SliceResult[]): void {
  if (s.correction === 'none') return
  const families = new Map<string, VariationResult[]>()
  for (const slice of slices)
    for (const mr of slice.metrics) {
      if (mr.role === 'guardrail') continue
      const key = s.family === 'metric' ? mr.key : '*'
      for (const r of mr.variations) {
        if (r.variation === 0 || r.pValue === null || r.error) continue
        const f = families.get(key) ?? []
        f.push(r)
        families.set(key, f)
      }
    }
  for (const members of families.values()) {
    const adjusted = adjustPValues(
      members.map((r) => r.pValue!),
      s.correction
    )
    members.forEach((r, i) => {
      r.pValueAdjusted = adjusted[i]!
      const ci = adjustedInterval(adjusted[i]!, r.estimate ?? 0, s.alpha)
      r.ciAdjusted = ci ? [ci[0], ci[1]] : null
    })
  }
}
