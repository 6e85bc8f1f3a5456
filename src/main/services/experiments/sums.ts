/**
 * The sums one import keeps per metric, variation, dimension value and day (experiments_sums): n units, the metric x
 * (a ratio's numerator), a ratio's denominator d, the values before exposure p (and q for a denominator), and their
 * squares and cross products. They are enough for every statistic of the engine (see toStatistic).
 */
import type { MetricKind } from '../../../shared/contract/experiments'
import type { BaseStat, Statistic } from './stats'

export const FIELDS = ['n', 'x', 'xx', 'd', 'dd', 'xd', 'p', 'pp', 'xp', 'q', 'qq', 'pq', 'dq', 'xq', 'pd'] as const
export type Field = (typeof FIELDS)[number]
export const NF = FIELDS.length
export const F = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<Field, number>

/** How a metric's sums become statistics: its kind, whether the parts are 0/1 (proportions) and whether CUPED applies. */
export interface MetricShape {
  kind: MetricKind
  /** For ratios: whether numerator and denominator are proportions. */
  numeratorKind?: 'proportion' | 'mean'
  denominatorKind?: 'proportion' | 'mean'
  cuped: boolean
}

function base(kind: 'proportion' | 'mean', n: number, sum: number, sumSquares: number): BaseStat {
  return kind === 'proportion' ? { kind, n, sum } : { kind, n, sum, sumSquares }
}

/** The statistic of one arm from its sums (s[F.n] … s[F.pd], starting at offset o). */
export function toStatistic(shape: MetricShape, s: ArrayLike<number>, o = 0): Statistic {
  const g = (f: Field): number => s[o + F[f]]!
  const n = g('n')
  if (shape.kind === 'ratio') {
    const mk = shape.numeratorKind ?? 'mean'
    const dk = shape.denominatorKind ?? 'mean'
    const m = base(mk, n, g('x'), g('xx'))
    const d = base(dk, n, g('d'), g('dd'))
    if (!shape.cuped) return { kind: 'ratio', n, m, d, sumMD: g('xd') }
    return {
      kind: 'cupedRatio',
      n,
      mPost: m,
      dPost: d,
      mPre: base(mk, n, g('p'), g('pp')),
      dPre: base(dk, n, g('q'), g('qq')),
      sumMPostMPre: g('xp'),
      sumDPostDPre: g('dq'),
      sumMPreDPre: g('pq'),
      sumMPostDPost: g('xd'),
      sumMPostDPre: g('xq'),
      sumMPreDPost: g('pd'),
      theta: null
    }
  }
  const post = base(shape.kind, n, g('x'), g('xx'))
  if (!shape.cuped) return post
  return { kind: 'cuped', n, post, pre: base(shape.kind, n, g('p'), g('pp')), sumPostPre: g('xp'), theta: null }
}
