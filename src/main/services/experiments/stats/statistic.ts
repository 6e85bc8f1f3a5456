/**
 * Sufficient statistics of one metric in one variation, and their means, variances and covariances, as gbstats
 * defines them (packages/stats/gbstats/models/statistics.py): a proportion's variance is p(1 - p), a mean's is the
 * sample variance (n - 1), a ratio's comes from the delta method, CUPED's from the regression-adjusted value.
 */

/** Σx and Σx² of a per-unit value over n units. */
export interface MeanStat {
  kind: 'mean'
  n: number
  sum: number
  sumSquares: number
}

/** Σx of a 0/1 per-unit value over n units (Σx² = Σx). */
export interface ProportionStat {
  kind: 'proportion'
  n: number
  sum: number
}

export type BaseStat = MeanStat | ProportionStat

/** Σm / Σd per unit, with Σm·d for the covariance. */
export interface RatioStat {
  kind: 'ratio'
  n: number
  m: BaseStat
  d: BaseStat
  sumMD: number
}

/** CUPED: the metric after exposure and the same metric before it, with Σpost·pre; θ is set from both arms. */
export interface CupedStat {
  kind: 'cuped'
  n: number
  post: BaseStat
  pre: BaseStat
  sumPostPre: number
  theta: number | null
}

/** CUPED on a ratio: numerator and denominator after (mPost, dPost) and before (mPre, dPre) exposure, with their cross sums. */
export interface CupedRatioStat {
  kind: 'cupedRatio'
  n: number
  mPost: BaseStat
  dPost: BaseStat
  mPre: BaseStat
  dPre: BaseStat
  sumMPostMPre: number
  sumDPostDPre: number
  sumMPreDPre: number
  sumMPostDPost: number
  sumMPostDPre: number
  sumMPreDPost: number
  theta: number | null
}

export type Statistic = BaseStat | RatioStat | CupedStat | CupedRatioStat

export const sumSquaresOf = (s: BaseStat): number => (s.kind === 'proportion' ? s.sum : s.sumSquares)

export function baseMean(s: BaseStat): number {
  return s.n === 0 ? 0 : s.sum / s.n
}

export function baseVariance(s: BaseStat): number {
  if (s.kind === 'proportion') {
    const p = baseMean(s)
    return p * (1 - p)
  }
  if (s.n <= 1) return 0
  return (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1)
}

/** Covariance of two per-unit values from their sums and Σa·b (population form for two proportions, as gbstats). */
export function covariance(n: number, a: BaseStat, b: BaseStat, sumProducts: number): number {
  if (n <= 1) return 0
  if (a.kind === 'proportion' && b.kind === 'proportion') return sumProducts / n - (a.sum * b.sum) / (n * n)
  return (sumProducts - (a.sum * b.sum) / n) / (n - 1)
}

/** Variance of M / D by the delta method, given the means, variances and covariance of M and D. */
export function varianceOfRatio(meanM: number, varM: number, meanD: number, varD: number, covMD: number): number {
  if (meanD === 0) return 0
  const d2 = meanD * meanD
  return varM / d2 + (varD * meanM * meanM) / (d2 * d2) - (2 * covMD * meanM) / (d2 * meanD)
}

// ---------------------------------------------------------------- CUPED ratio: a 4-vector delta method

/** [E mPost, E dPost, E mPre, E dPre] and their 4×4 covariance matrix (row-major). */
function ratioMoments(s: CupedRatioStat): { beta: number[]; lambda: number[] } {
  const { n } = s
  const beta = [baseMean(s.mPost), baseMean(s.dPost), baseMean(s.mPre), baseMean(s.dPre)]
  const mPostDPost = covariance(n, s.mPost, s.dPost, s.sumMPostDPost)
  const mPostMPre = covariance(n, s.mPost, s.mPre, s.sumMPostMPre)
  const mPostDPre = covariance(n, s.mPost, s.dPre, s.sumMPostDPre)
  const dPostMPre = covariance(n, s.dPost, s.mPre, s.sumMPreDPost)
  const dPostDPre = covariance(n, s.dPost, s.dPre, s.sumDPostDPre)
  const mPreDPre = covariance(n, s.mPre, s.dPre, s.sumMPreDPre)
  // prettier-ignore
  const lambda = [
    baseVariance(s.mPost), mPostDPost, mPostMPre, mPostDPre,
    mPostDPost, baseVariance(s.dPost), dPostMPre, dPostDPre,
    mPostMPre, dPostMPre, baseVariance(s.mPre), mPreDPre,
    mPostDPre, dPostDPre, mPreDPre, baseVariance(s.dPre)
  ]
  return { beta, lambda }
}

/** Gradient of mPost/dPost - θ·mPre/dPre at the means (zeros when a denominator mean is 0). */
export function cupedRatioGradient(s: CupedRatioStat, beta = ratioMoments(s).beta): number[] {
  const theta = s.theta ?? 0
  const [b0, b1, b2, b3] = beta as [number, number, number, number]
  if (b1 === 0 || b3 === 0) return [0, 0, 0, 0]
  return [1 / b1, -b0 / (b1 * b1), -theta / b3, (theta * b2) / (b3 * b3)]
}

/** xᵀ Λ y over the index ranges rows × cols of the 4×4 matrix. */
function quad(lambda: number[], x: number[], rows: number[], y: number[], cols: number[]): number {
  let total = 0
  for (const i of rows) for (const j of cols) total += x[i]! * lambda[i * 4 + j]! * y[j]!
  return total
}

const ALL = [0, 1, 2, 3]
const POST = [0, 1]
const PRE = [2, 3]

export function cupedRatioParts(s: CupedRatioStat): { beta: number[]; lambda: number[]; nabla: number[] } {
  const { beta, lambda } = ratioMoments(s)
  return { beta, lambda, nabla: cupedRatioGradient(s, beta) }
}

/** Σ nabla_i Λ_ij nabla_j over all four entries. */
export const quadAll = (lambda: number[], a: number[], b: number[] = a): number => quad(lambda, a, ALL, b, ALL)

/** Variance of the pre part and covariance of pre and post parts (θ = 1 gives the pieces θ is fitted from). */
function cupedRatioPrePieces(s: CupedRatioStat): { varPre: number; cov: number } {
  const { lambda, nabla } = cupedRatioParts(s)
  return { varPre: quad(lambda, nabla, PRE, nabla, PRE), cov: quad(lambda, nabla, PRE, nabla, POST) }
}

// ---------------------------------------------------------------- means and variances of any statistic

export function mean(s: Statistic): number {
  switch (s.kind) {
    case 'mean':
    case 'proportion':
      return baseMean(s)
    case 'ratio':
      return s.d.sum === 0 ? 0 : s.m.sum / s.d.sum
    case 'cuped':
      return baseMean(s.post) - (s.theta ?? 0) * baseMean(s.pre)
    case 'cupedRatio': {
      if (s.dPost.sum === 0 || s.dPre.sum === 0) return 0
      return s.mPost.sum / s.dPost.sum - (s.theta ?? 0) * (s.mPre.sum / s.dPre.sum)
    }
  }
}

/** The mean without the CUPED adjustment: what the results table shows and what relative lift divides by. */
export function unadjustedMean(s: Statistic): number {
  if (s.kind === 'cuped') return baseMean(s.post)
  if (s.kind === 'cupedRatio') return s.dPost.sum === 0 ? 0 : s.mPost.sum / s.dPost.sum
  return mean(s)
}

export function ratioCovariance(s: RatioStat): number {
  return covariance(s.n, s.m, s.d, s.sumMD)
}

export function cupedCovariance(s: CupedStat): number {
  return covariance(s.n, s.post, s.pre, s.sumPostPre)
}

/** Per-unit variance of the statistic's value. */
export function variance(s: Statistic): number {
  switch (s.kind) {
    case 'mean':
    case 'proportion':
      return baseVariance(s)
    case 'ratio':
      if (baseMean(s.d) === 0 || s.n <= 1) return 0
      return varianceOfRatio(baseMean(s.m), baseVariance(s.m), baseMean(s.d), baseVariance(s.d), ratioCovariance(s))
    case 'cuped': {
      if (s.n <= 1) return 0
      const theta = s.theta ?? 0
      return baseVariance(s.post) + theta * theta * baseVariance(s.pre) - 2 * theta * cupedCovariance(s)
    }
    case 'cupedRatio': {
      const { lambda, nabla } = cupedRatioParts(s)
      return quadAll(lambda, nabla)
    }
  }
}

// ---------------------------------------------------------------- θ for CUPED, fitted on both arms together

function joined(a: BaseStat, b: BaseStat, n: number): BaseStat {
  if (a.kind === 'proportion' && b.kind === 'proportion') return { kind: 'proportion', n, sum: a.sum + b.sum }
  return { kind: 'mean', n, sum: a.sum + b.sum, sumSquares: sumSquaresOf(a) + sumSquaresOf(b) }
}

/** θ = cov(post, pre) / var(pre) over both arms pooled; 0 when either has no variance. */
export function cupedTheta(a: CupedStat, b: CupedStat): number {
  const n = a.n + b.n
  const post = joined(a.post, b.post, n)
  const pre = joined(a.pre, b.pre, n)
  const varPre = baseVariance(pre)
  if (varPre === 0 || baseVariance(post) === 0) return 0
  return covariance(n, post, pre, a.sumPostPre + b.sumPostPre) / varPre
}

export function cupedRatioTheta(a: CupedRatioStat, b: CupedRatioStat): number {
  const pa = cupedRatioPrePieces({ ...a, theta: 1 })
  const pb = cupedRatioPrePieces({ ...b, theta: 1 })
  if (pa.varPre + pb.varPre === 0) return 0
  return -(pa.cov + pb.cov) / (pa.varPre + pb.varPre)
}

/**
 * Sets θ on a CUPED pair (from both arms), or falls back to the unadjusted statistics when θ is 0 (no variance before
 * exposure), as gbstats' create_theta_adjusted_statistics does.
 */
export function withTheta(a: Statistic, b: Statistic): [Statistic, Statistic] {
  if (a.kind === 'cuped' && b.kind === 'cuped' && (a.theta === null || b.theta === null)) {
    const theta = cupedTheta(a, b)
    return theta === 0
      ? [a.post, b.post]
      : [
          { ...a, theta },
          { ...b, theta }
        ]
  }
  if (a.kind === 'cupedRatio' && b.kind === 'cupedRatio' && (a.theta === null || b.theta === null)) {
    const theta = cupedRatioTheta(a, b)
    if (Math.abs(theta) < 1e-8) {
      const post = (s: CupedRatioStat): RatioStat => ({ kind: 'ratio', n: s.n, m: s.mPost, d: s.dPost, sumMD: s.sumMPostDPost })
      return [post(a), post(b)]
    }
    return [
      { ...a, theta },
      { ...b, theta }
    ]
  }
  return [a, b]
}
