/**
 * The interval bars of the results table: every row of a table on one horizontal scale (so bars compare), with 0
 * marked; positions in percent of the bar's width. Pure, so the drawing is tested without a browser.
 */
import type { VariationResult } from '../../../../shared/contract/experiments'

export interface IntervalScale {
  min: number
  max: number
  /** Position of x in [0, 100]. */
  at(x: number): number
}

/** A scale covering every finite bound and 0, with 5 % padding on each side. */
export function intervalScale(rows: Pick<VariationResult, 'ci' | 'estimate'>[]): IntervalScale {
  let lo = 0
  let hi = 0
  for (const r of rows) {
    for (const x of [r.ci?.[0], r.ci?.[1], r.estimate]) {
      if (x === null || x === undefined || !Number.isFinite(x)) continue
      lo = Math.min(lo, x)
      hi = Math.max(hi, x)
    }
  }
  if (lo === hi) {
    lo -= 0.01
    hi += 0.01
  }
  const pad = (hi - lo) * 0.05
  const min = lo - pad
  const max = hi + pad
  return { min, max, at: (x: number) => ((Math.min(max, Math.max(min, x)) - min) / (max - min)) * 100 }
}

export interface IntervalBar {
  /** Left and width of the interval, dot position, zero line, all in percent. */
  left: number
  width: number
  dot: number
  zero: number
  /** An open end (one-sided interval) runs to the edge. */
  openLeft: boolean
  openRight: boolean
}

export function intervalBar(r: Pick<VariationResult, 'ci' | 'estimate'>, s: IntervalScale): IntervalBar | null {
  if (!r.ci || r.estimate === null) return null
  const lo = r.ci[0] === null ? s.min : r.ci[0]
  const hi = r.ci[1] === null ? s.max : r.ci[1]
  const left = s.at(lo)
  return {
    left,
    width: Math.max(0.5, s.at(hi) - left),
    dot: s.at(r.estimate),
    zero: s.at(0),
    openLeft: r.ci[0] === null,
    openRight: r.ci[1] === null
  }
}

/** better / worse / flat → the class that colours the bar (significance, or chance to win beyond 95 % / below 5 %). */
export const verdictClass = (v: VariationResult['verdict']): string => `verdict-${v}`
