/** When a forecast crosses a threshold: "disk full in 9 days", "budget exceeded on the 24th". */
import type { EtsForecast } from './ets'

export interface Crossing {
  /** First step (1-based) whose point forecast is beyond the threshold; null within the horizon. */
  expected: number | null
  /** First step whose interval edge (hi going up, lo going down) is beyond it: the earliest plausible crossing. */
  earliest: number | null
}

export function firstCrossing(f: Pick<EtsForecast, 'mean' | 'lo' | 'hi'>, threshold: number, direction: 'above' | 'below'): Crossing {
  const beyond = (v: number): boolean => (direction === 'above' ? v >= threshold : v <= threshold)
  const edge = direction === 'above' ? f.hi : f.lo
  const at = (a: number[]): number | null => {
    const i = a.findIndex(beyond)
    return i < 0 ? null : i + 1
  }
  return { expected: at(f.mean), earliest: at(edge) }
}

/** The first step at which a running total (history total + cumulative forecast) reaches `limit`. */
export function cumulativeCrossing(start: number, steps: number[], limit: number): number | null {
  let acc = start
  for (let i = 0; i < steps.length; i++) {
    acc += steps[i]!
    if (acc >= limit) return i + 1
  }
  return null
}
