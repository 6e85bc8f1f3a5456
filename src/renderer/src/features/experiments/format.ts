/** How experiment figures read: lifts as signed percentages, p-values with their precision, units with separators. */
import type { MetricKind, VariationResult } from '../../../../shared/contract/experiments'

export const formatUnits = (n: number): string => Math.round(n).toLocaleString('en-US')

/** A relative lift (0.034 → "+3.40 %") or an absolute difference in the metric's units. */
export function formatLift(v: number | null | undefined, difference: 'relative' | 'absolute' = 'relative'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const sign = v > 0 ? '+' : v < 0 ? '−' : ''
  if (difference === 'relative') return `${sign}${Math.abs(v * 100).toFixed(2)} %`
  return `${sign}${formatValue(Math.abs(v))}`
}

/** A metric's mean: a proportion as a percentage, anything else with 4 significant digits. */
export function formatMean(v: number, kind: MetricKind): string {
  if (!Number.isFinite(v)) return '—'
  return kind === 'proportion' ? `${(v * 100).toFixed(2)} %` : formatValue(v)
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—'
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3)
  return v.toLocaleString('en-US', { maximumSignificantDigits: 4 })
}

/** An expected loss: never signed. */
export function formatRisk(v: number, difference: 'relative' | 'absolute'): string {
  return formatLift(Math.abs(v), difference).replace(/^\+/, '')
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—'
  if (p < 1e-4) return '< 0.0001'
  return p.toFixed(4)
}

export function formatChance(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—'
  return `${(p * 100).toFixed(1)} %`
}

export const VERDICT_TEXT: Record<VariationResult['verdict'], string> = {
  better: 'better',
  worse: 'worse',
  flat: 'no clear difference',
  none: 'not computed'
}

export function formatInterval(ci: [number | null, number | null] | null, difference: 'relative' | 'absolute'): string {
  if (!ci) return '—'
  return `[${ci[0] === null ? '−∞' : formatLift(ci[0], difference)}, ${ci[1] === null ? '+∞' : formatLift(ci[1], difference)}]`
}
