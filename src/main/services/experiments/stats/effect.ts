/**
 * The effect of a variation against control: point estimate and standard error, absolute (B - A) or relative
 * ((B - A) / |A|, delta method), with CUPED's θ fitted on both arms. The error messages replace gbstats'
 * "uninformative output" cases: no variance, or a control mean of 0 (relative lift undefined).
 */
import {
  baseMean,
  baseVariance,
  cupedCovariance,
  cupedRatioParts,
  mean,
  quadAll,
  unadjustedMean,
  variance,
  varianceOfRatio,
  withTheta,
  type CupedRatioStat,
  type CupedStat,
  type Statistic
} from './statistic'

export type Difference = 'relative' | 'absolute'

export interface EffectMoments {
  estimate: number
  /** Standard error of the estimate. */
  se: number
  /** Units in both arms. */
  n: number
  /** Why no estimate could be made (then estimate and se are 0). */
  error: string | null
  /** The statistics after θ was set (CUPED), used for the Welch degrees of freedom. */
  a: Statistic
  b: Statistic
}

export const NO_VARIANCE = 'no variance in one of the arms (too few units, or every unit has the same value)'
export const ZERO_BASELINE = 'the control mean is 0, so a relative lift is undefined'

function relativeCupedVariance(a: CupedStat, b: CupedStat): number {
  const ua = baseMean(a.post)
  const denB = b.n * ua * ua
  const denA = a.n * ua * ua
  if (denB === 0 || denA === 0) return 0
  const theta = a.theta ?? 0
  const vB = (baseVariance(b.post) + theta * theta * baseVariance(b.pre) - 2 * theta * cupedCovariance(b)) / denB
  const k = -baseMean(b.post)
  const postA = baseMean(a.post)
  const numA =
    (baseVariance(a.post) * k * k) / (postA * postA) + (2 * theta * cupedCovariance(a) * k) / postA + theta * theta * baseVariance(a.pre)
  return vB + numA / denA
}

function relativeCupedRatioVariance(a: CupedRatioStat, b: CupedRatioStat): number {
  const ua = unadjustedMean(a)
  const dA = baseMean(a.dPost)
  if (ua === 0 || dA === 0) return 0
  const pa = cupedRatioParts(a)
  const pb = cupedRatioParts(b)
  const gAbs = (mean(b) - mean(a)) * Math.sign(ua)
  const g = Math.abs(ua)
  const mA = baseMean(a.mPost)
  const nablaA = [
    -(g + gAbs) / dA / (g * g),
    ((mA * g) / (dA * dA) + (mA * gAbs) / (dA * dA)) / (g * g),
    -pa.nabla[2]! / g,
    -pa.nabla[3]! / g
  ]
  const nablaB = pb.nabla.map((x) => x / g)
  return quadAll(pa.lambda, nablaA) / a.n + quadAll(pb.lambda, nablaB) / b.n
}

/** Variance of the estimate (not of a unit). */
export function effectVariance(a: Statistic, b: Statistic, difference: Difference): number {
  const relative = difference === 'relative'
  if (relative && a.kind === 'cuped' && b.kind === 'cuped') return relativeCupedVariance(a, b)
  if (relative && a.kind === 'cupedRatio' && b.kind === 'cupedRatio') return relativeCupedRatioVariance(a, b)
  const vA = variance(a) / a.n
  const vB = variance(b) / b.n
  return relative ? varianceOfRatio(unadjustedMean(b), vB, unadjustedMean(a), vA, 0) : vA + vB
}

/** (B - A), or (B - A) / |A unadjusted|: CUPED-adjusted means over the unadjusted control mean. */
export function effectEstimate(a: Statistic, b: Statistic, difference: Difference): number {
  const ma = mean(a)
  const ua = unadjustedMean(a) || ma
  return difference === 'relative' ? (mean(b) - ma) / Math.abs(ua) : mean(b) - ma
}

/** The effect of B over A; CUPED pairs get their θ here. */
export function effectMoments(control: Statistic, treatment: Statistic, difference: Difference): EffectMoments {
  if (control.kind !== treatment.kind) throw new Error(`both arms need the same kind of statistic (${control.kind} vs ${treatment.kind})`)
  const [a, b] = withTheta(control, treatment)
  const none = (error: string): EffectMoments => ({ estimate: 0, se: 0, n: 0, error, a, b })
  const v = effectVariance(a, b, difference)
  if (variance(a) <= 0 || variance(b) <= 0 || !(v > 0)) return none(NO_VARIANCE)
  if (mean(a) === 0 || unadjustedMean(a) === 0) return none(ZERO_BASELINE)
  return { estimate: effectEstimate(a, b, difference), se: Math.sqrt(v), n: a.n + b.n, error: null, a, b }
}
