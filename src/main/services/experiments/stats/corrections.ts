/**
 * Multiple-testing corrections of p-values (as GrowthBook's shared experiments code): Holm-Bonferroni (family-wise
 * error rate) and Benjamini-Hochberg (false discovery rate). Adjusted p-values come back in the input order.
 */
import { PhiInv } from './dist'

export type Correction = 'none' | 'holm-bonferroni' | 'benjamini-hochberg'

/** Holm: sort ascending, p·(m - i), then running maximum, capped at 1. */
export function holmBonferroni(pValues: number[]): number[] {
  const m = pValues.length
  const order = pValues.map((_, i) => i).sort((x, y) => pValues[x]! - pValues[y]!)
  const out = new Array<number>(m)
  let running = 0
  order.forEach((idx, i) => {
    running = Math.max(running, Math.min(pValues[idx]! * (m - i), 1))
    out[idx] = running
  })
  return out
}

/** Benjamini-Hochberg: sort descending, p·m / (m - i), then running minimum, capped at 1. */
export function benjaminiHochberg(pValues: number[]): number[] {
  const m = pValues.length
  const order = pValues.map((_, i) => i).sort((x, y) => pValues[y]! - pValues[x]!)
  const out = new Array<number>(m)
  let running = 1
  order.forEach((idx, i) => {
    running = Math.min(running, Math.min((pValues[idx]! * m) / (m - i), 1))
    out[idx] = running
  })
  return out
}

export function adjustPValues(pValues: number[], correction: Correction): number[] {
  if (correction === 'holm-bonferroni') return holmBonferroni(pValues)
  if (correction === 'benjamini-hochberg') return benjaminiHochberg(pValues)
  return pValues.slice()
}

/**
 * An interval consistent with an adjusted p-value (GrowthBook's ad-hoc construction): the standard error that would
 * give that p-value for this estimate, times the usual z. Undefined (null) when the adjusted p-value is 1.
 */
export function adjustedInterval(adjustedP: number, estimate: number, alpha = 0.05): [number, number] | null {
  if (!estimate) return [0, 0]
  if (adjustedP >= 1) return null
  const se = Math.abs(estimate / PhiInv(1 - adjustedP / 2))
  const half = PhiInv(1 - alpha / 2) * se
  return [estimate - half, estimate + half]
}
