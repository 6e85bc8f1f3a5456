/**
 * Frequentist engines: Welch's t-test (fixed horizon) and the always-valid confidence sequence of Waudby-Smith et al.
 * (arXiv 2103.06476, eq. 9 for the interval, eq. 155 for the p-value), both as gbstats computes them.
 */
import { studentCdf, studentQuantile } from './dist'
import type { EffectMoments } from './effect'
import { variance } from './statistic'

export interface FrequentistResult {
  estimate: number
  se: number
  ci: [number, number]
  pValue: number
  error: string | null
}

export const DEFAULT_TUNING = 5000

function none(m: EffectMoments): FrequentistResult {
  return { estimate: 0, se: 0, ci: [0, 0], pValue: 1, error: m.error }
}

/** Welch–Satterthwaite degrees of freedom from the per-unit variances of both arms. */
export function welchDof(m: EffectMoments): number {
  const va = variance(m.a)
  const vb = variance(m.b)
  const na = m.a.n
  const nb = m.b.n
  return (vb / nb + va / na) ** 2 / ((vb * vb) / (nb * nb * (nb - 1)) + (va * va) / (na * na * (na - 1)))
}

export type Sides = 'two' | 'greater' | 'lesser'

/**
 * Welch's t-test of H0: effect = 0. `greater`: H1 treatment > control (interval [lo, ∞)); `lesser`: the reverse.
 */
export function tTest(m: EffectMoments, alpha = 0.05, sides: Sides = 'two'): FrequentistResult {
  if (m.error) return none(m)
  const dof = welchDof(m)
  const t = m.estimate / m.se
  if (sides === 'two') {
    const half = studentQuantile(1 - alpha / 2, dof) * m.se
    return {
      estimate: m.estimate,
      se: m.se,
      ci: [m.estimate - half, m.estimate + half],
      pValue: 2 * (1 - studentCdf(Math.abs(t), dof)),
      error: null
    }
  }
  const half = studentQuantile(1 - alpha, dof) * m.se
  return sides === 'greater'
    ? { estimate: m.estimate, se: m.se, ci: [m.estimate - half, Infinity], pValue: 1 - studentCdf(t, dof), error: null }
    : { estimate: m.estimate, se: m.se, ci: [-Infinity, m.estimate + half], pValue: studentCdf(t, dof), error: null }
}

/** ρ of the confidence sequence, tuned so that it is tightest near `tuning` units (eq. 161). */
export function sequentialRho(alpha: number, tuning: number): number {
  const l = -2 * Math.log(alpha)
  return Math.sqrt((l + Math.log(l + 1)) / tuning)
}

/** Half-width of the two-sided confidence sequence at n units for a per-unit variance s2. */
export function sequentialHalfwidth(s2: number, n: number, tuning: number, alpha: number, rho = sequentialRho(alpha, tuning)): number {
  const r2n = n * rho * rho
  return Math.sqrt(s2) * Math.sqrt((2 * (r2n + 1) * Math.log(Math.sqrt(r2n + 1) / alpha)) / (n * rho) ** 2)
}

/** Always-valid two-sided interval and p-value: safe to look at every day. */
export function sequentialTest(m: EffectMoments, alpha = 0.05, tuning = DEFAULT_TUNING): FrequentistResult {
  if (m.error) return none(m)
  const n = m.a.n + m.b.n
  const rho = sequentialRho(alpha, tuning)
  const half = sequentialHalfwidth(m.se * m.se * n, n, tuning, alpha, rho)
  const st2 = (m.estimate * m.estimate * n) / (m.se * m.se)
  const tr2p1 = n * rho * rho + 1
  const evalue = Math.exp((rho * rho * st2) / (2 * tr2p1)) / Math.sqrt(tr2p1)
  return { estimate: m.estimate, se: m.se, ci: [m.estimate - half, m.estimate + half], pValue: Math.min(1 / evalue, 1), error: null }
}
