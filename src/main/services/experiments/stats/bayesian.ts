/**
 * Bayesian engine (gbstats EffectBayesianABTest): a Gaussian posterior on the effect from the data's estimate and
 * standard error and a prior on the (relative) effect, flat (improper) or proper (default sd 0.3 when on).
 * Chance to win = P(effect > 0) (P(effect < 0) for metrics where lower is better); risk = expected loss of each choice.
 */
import { Phi, PhiInv, phi } from './dist'
import type { Difference, EffectMoments } from './effect'
import { unadjustedMean } from './statistic'

export interface Prior {
  proper: boolean
  /** Prior mean and sd of the relative effect (0.3 = 30 %). */
  mean: number
  sd: number
}

export const FLAT_PRIOR: Prior = { proper: false, mean: 0, sd: 0.3 }
export const DEFAULT_PROPER_SD = 0.3

export interface BayesianResult {
  /** Posterior mean and sd of the effect. */
  estimate: number
  sd: number
  /** Central credible interval at 1 - alpha. */
  ci: [number, number]
  chanceToWin: number
  /** Expected loss of choosing control, of choosing the treatment (in the effect's units). */
  risk: [number, number]
  error: string | null
}

/** [E max(X, 0), E max(-X, 0)] for X ~ N(mu, sigma²): the loss of keeping control, of shipping the treatment. */
export function risk(mu: number, sigma: number): [number, number] {
  if (sigma > 0 && Math.abs(mu / sigma) > 37) return [Math.max(mu, 0), Math.max(-mu, 0)]
  const z = mu / sigma
  const density = sigma * phi(z)
  return [mu * Phi(z) + density, density - mu * Phi(-z)]
}

export function bayesianTest(
  m: EffectMoments,
  difference: Difference,
  prior: Prior = FLAT_PRIOR,
  alpha = 0.05,
  inverse = false
): BayesianResult {
  const none = (error: string | null): BayesianResult => ({ estimate: 0, sd: 0, ci: [0, 0], chanceToWin: 0.5, risk: [0, 0], error })
  if (m.error) return none(m.error)
  let priorMean = prior.mean
  let priorVar = prior.sd * prior.sd
  if (difference === 'absolute') {
    // the prior is on the relative effect: scale it by the control mean
    const ua = unadjustedMean(m.a)
    if (prior.proper && ua === 0) return none('the control mean is 0, so a relative prior cannot be scaled')
    priorMean *= Math.abs(ua)
    priorVar *= ua * ua
  }
  const dataVar = m.se * m.se
  const precision = 1 / dataVar + (prior.proper ? 1 / priorVar : 0)
  const mu = prior.proper ? (m.estimate / dataVar + priorMean / priorVar) / precision : m.estimate
  const sd = Math.sqrt(1 / precision)
  const win = Phi(mu / sd)
  const [keep, ship] = risk(mu, sd)
  return {
    estimate: mu,
    sd,
    ci: [mu + sd * PhiInv(alpha / 2), mu + sd * PhiInv(1 - alpha / 2)],
    chanceToWin: inverse ? 1 - win : win,
    risk: inverse ? [ship, keep] : [keep, ship],
    error: null
  }
}
