/**
 * Sample-ratio mismatch: a chi-square goodness-of-fit test of the units per variation against the configured weights
 * (gbstats check_srm). Flagged below p = 0.001 once there is enough traffic (GrowthBook: at least 8 units per
 * variation on average, so any split where every arm has 8 units is checked, and an empty arm is still caught).
 */
import { chiSquareSf } from './dist'

export const SRM_THRESHOLD = 0.001
export const SRM_MIN_UNITS_PER_VARIATION = 8

export interface SrmResult {
  pValue: number
  /** The chi-square statistic (dof = variations - 1). */
  chiSquare: number
  expected: number[]
  status: 'ok' | 'mismatch' | 'not-enough-traffic'
}

export function srmPValue(units: number[], weights: number[]): { pValue: number; chiSquare: number; expected: number[] } {
  const total = units.reduce((s, u) => s + u, 0)
  const totalWeight = weights.reduce((s, w) => s + w, 0)
  const expected = weights.map((w) => (totalWeight > 0 ? (w / totalWeight) * total : 0))
  if (!total) return { pValue: 1, chiSquare: 0, expected }
  let x = 0
  units.forEach((o, i) => {
    if (!(weights[i]! > 0)) return
    const e = expected[i]!
    x += ((o - e) * (o - e)) / e
  })
  return { pValue: chiSquareSf(x, units.length - 1), chiSquare: x, expected }
}

export function checkSrm(units: number[], weights: number[], threshold = SRM_THRESHOLD): SrmResult {
  const r = srmPValue(units, weights)
  const total = units.reduce((s, u) => s + u, 0)
  const status = total < SRM_MIN_UNITS_PER_VARIATION * units.length ? 'not-enough-traffic' : r.pValue < threshold ? 'mismatch' : 'ok'
  return { ...r, status }
}
