/**
 * Power before and during an experiment.
 *  - Planning (GrowthBook's power calculator, packages/shared/src/power): power of a relative effect at n units,
 *    the minimum detectable effect, and (our addition) the sample size and duration that reach a target power,
 *    fixed-horizon or sequential.
 *  - Mid-experiment (gbstats MidExperimentPower): from the current standard error, how many more units the
 *    experiment needs to reach the target power for the MDE.
 */
import { Phi, PhiInv } from './dist'
import { sequentialHalfwidth, sequentialRho } from './frequentist'
import type { Prior } from './bayesian'

/** A metric as planning sees it: its mean and per-unit variance in control (a proportion p has variance p(1-p)). */
export interface PlanningMetric {
  mean: number
  variance: number
  /** The relative effect to detect (0.05 = 5 %). */
  effect: number
}

/** Variance of the relative (or absolute) effect with nA, nB units; the treatment mean is mean·(1 + effect). */
export function plannedVariance(
  varA: number,
  meanA: number,
  nA: number,
  varB: number,
  meanB: number,
  nB: number,
  relative: boolean
): number {
  if (!relative) return varB / nB + varA / nA
  return varB / (meanA * meanA * nB) + (varA * meanB * meanB) / (meanA ** 4 * nA)
}

function plannedSe(m: PlanningMetric, nPerVariation: number): number {
  return Math.sqrt(plannedVariance(m.variance, m.mean, nPerVariation, m.variance, m.mean * (1 + m.effect), nPerVariation, true))
}

/** n times the variance a sequential interval implies (its half-width expressed through the fixed-horizon z). */
export function sequentialVariance(variance: number, n: number, alpha: number, tuning: number): number {
  const seMean = Math.sqrt(variance / n)
  const rho = sequentialRho(alpha, tuning)
  const r2n = n * rho * rho
  const zSeq = Math.sqrt(n) * Math.sqrt((2 * (r2n + 1) * Math.log(Math.sqrt(r2n + 1) / alpha)) / (n * rho) ** 2)
  const se = (seMean * zSeq) / PhiInv(1 - alpha / 2)
  return n * se * se
}

/** Power of a z-test for an effect with this standard error. */
export function powerOf(effect: number, se: number, alpha = 0.05, twoTailed = true): number {
  const z = PhiInv(twoTailed ? 1 - alpha / 2 : 1 - alpha)
  const std = effect / se
  let p = 1 - Phi(z - std)
  if (twoTailed) p += Phi(-z - std)
  return p
}

/** Power for the metric's effect with nTotal units split equally over nVariations (tuning: sequential, else null). */
export function powerAt(m: PlanningMetric, nTotal: number, nVariations: number, alpha = 0.05, tuning: number | null = null): number {
  let se: number
  if (tuning) {
    const k = nTotal / nVariations
    const v = plannedVariance(m.variance, m.mean, k, m.variance, m.mean * (1 + m.effect), k, true)
    se = Math.sqrt(sequentialVariance(v, (2 * nTotal) / nVariations, alpha, tuning))
  } else se = plannedSe(m, nTotal / nVariations)
  return powerOf(m.effect, se, alpha, true)
}

/** The smallest relative effect detectable with `power` (null when nTotal is too small for any). */
export function minimumDetectableEffect(
  m: Omit<PlanningMetric, 'effect'>,
  power: number,
  nTotal: number,
  nVariations: number,
  alpha = 0.05,
  tuning: number | null = null
): number | null {
  if (power <= alpha) return null
  const nA = nTotal / nVariations
  const z = PhiInv(1 - alpha / 2) - PhiInv(1 - power)
  const v = tuning ? sequentialVariance(m.variance, 2 * nA, alpha, tuning) : m.variance
  if (nA <= (v * z * z) / (m.mean * m.mean)) return null
  const sigma2 = v / nA
  const a = 1 - (z * z * sigma2) / (m.mean * m.mean)
  const b = -2 * m.mean
  const c = m.mean * m.mean - z * z * sigma2
  const root = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a)
  return (root - m.mean) / m.mean
}

/** Units needed in total (all variations) to reach `target` power, or null beyond 10¹² units. */
export function sampleSize(
  m: PlanningMetric,
  target: number,
  nVariations: number,
  alpha = 0.05,
  tuning: number | null = null
): number | null {
  const reaches = (n: number): boolean => powerAt(m, n, nVariations, alpha, tuning) >= target
  let hi = 2 * nVariations
  while (!reaches(hi)) {
    hi *= 2
    if (hi > 1e12) return null
  }
  let lo = hi / 2
  if (reaches(lo)) return lo
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (reaches(mid)) hi = mid
    else lo = mid
  }
  return hi
}

// ---------------------------------------------------------------- mid-experiment power

export interface MidExperimentInput {
  /** Standard error of the current estimate and the units it rests on (both arms). */
  se: number
  n: number
  alpha: number
  targetPower: number
  /** The effect to detect, on the scale of the estimate (relative by default). */
  mde: number
  numGoalMetrics: number
  numVariations: number
  /** Bonferroni over (variations - 1) × goal metrics when p-values are corrected. */
  pValueCorrected: boolean
  /** Proper prior (Bayesian engine), else null. */
  prior: Prior | null
  /** Sequential tuning parameter, else null. */
  sequential: number | null
}

export interface MidExperimentPower {
  /** Power now, with no more units. */
  power: number
  /** More units needed (both arms) for the target power: 0 when already powered, null when not found. */
  additionalUnits: number | null
  /** additionalUnits / n. */
  scalingFactor: number | null
  status: 'powered' | 'needs-more' | 'unreachable'
}

export function midExperimentPowerAt(p: MidExperimentInput, scaling: number): number {
  const tests = p.pValueCorrected ? (p.numVariations - 1) * p.numGoalMetrics : 1
  const multiplier = PhiInv(1 - p.alpha / (2 * tests))
  const mde = Math.abs(p.mde)
  const v = (p.se * p.se) / (1 + scaling)
  const sd = Math.sqrt(v)
  if (p.prior?.proper) {
    const pv = p.prior.sd * p.prior.sd
    const num1 = v * Math.sqrt(1 / pv + 1 / v) * multiplier
    const num2 = (v * p.prior.mean) / pv
    return 1 - Phi((num1 - num2 - mde) / sd) + Phi(-(num1 + num2 + mde) / sd)
  }
  const half = p.sequential ? sequentialHalfwidth(p.n * p.se * p.se, p.n * (1 + scaling), p.sequential, p.alpha / tests) : multiplier * sd
  return 1 - Phi((half - mde) / sd) + Phi(-(half + mde) / sd)
}

/** Doubles the extra units until the target power is reached, then bisects (as gbstats: 27 doublings, 100 steps, 1e-5). */
export function midExperimentPower(p: MidExperimentInput): MidExperimentPower {
  const target = p.targetPower ** (1 / p.numGoalMetrics)
  const now = midExperimentPowerAt(p, 0)
  if (now > target) return { power: now, additionalUnits: 0, scalingFactor: 0, status: 'powered' }
  let scaling = 1
  let current = midExperimentPowerAt(p, scaling)
  for (let i = 0; i < 27 && current < target; i++) current = midExperimentPowerAt(p, (scaling *= 2))
  if (current < target) return { power: now, additionalUnits: null, scalingFactor: null, status: 'unreachable' }
  let lo = 0
  let hi = scaling
  let diff = current - target
  for (let i = 0; i < 100; i++) {
    if (diff > 0) hi = scaling
    else lo = scaling
    scaling = 0.5 * (lo + hi)
    diff = midExperimentPowerAt(p, scaling) - target
    if (Math.abs(diff) < 1e-5) break
  }
  return { power: now, additionalUnits: p.n * scaling, scalingFactor: scaling, status: 'needs-more' }
}
