/** numpy's definitions, as scripts/reference/features_reference.py uses them: percentile (linear), histogram, linspace. */

/** numpy.percentile(sorted, p) with the default linear method (numpy's `_lerp`, exact in the same float64 steps). */
export function percentile(sorted: Float64Array, p: number): number {
  const n = sorted.length
  const virtual = (p / 100) * (n - 1)
  const lo = Math.max(0, Math.min(n - 1, Math.floor(virtual)))
  const hi = Math.min(n - 1, lo + 1)
  const t = virtual - lo
  const a = sorted[lo]!
  const b = sorted[hi]!
  const diff = b - a
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

/** numpy.linspace(start, stop, n + 1): the edges of n equal bins. */
export function linspace(start: number, stop: number, bins: number): number[] {
  const step = (stop - start) / bins
  const out = new Array<number>(bins + 1)
  for (let i = 0; i < bins; i++) out[i] = step === 0 ? (i / bins) * (stop - start) + start : i * step + start
  out[bins] = stop
  return out
}

/** numpy.histogram(values, bins=n): edges over [min, max] (±0.5 when they are equal), counts per [e_i, e_i+1), last bin closed. */
export function histogram(sorted: Float64Array, bins = 20): { edges: number[]; counts: number[] } {
  let lo = sorted[0]!
  let hi = sorted[sorted.length - 1]!
  if (lo === hi) {
    lo -= 0.5
    hi += 0.5
  }
  const edges = linspace(lo, hi, bins)
  return { edges, counts: countOnEdges(sorted, edges) }
}

/** Counts of sorted values per bin of `edges` ([e_i, e_i+1), the last bin closed); values outside are not counted. */
export function countOnEdges(sorted: Float64Array, edges: number[]): number[] {
  const bins = edges.length - 1
  const counts = new Array<number>(bins).fill(0)
  let b = 0
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]!
    if (x < edges[0]! || x > edges[bins]!) continue
    while (b < bins - 1 && x >= edges[b + 1]!) b++
    counts[b]!++
  }
  return counts
}

/** Mean and sample standard deviation (ddof = 1) in two passes. */
export function meanSd(values: Float64Array): { mean: number; sd: number | null } {
  const n = values.length
  let s = 0
  for (let i = 0; i < n; i++) s += values[i]!
  const mean = s / n
  if (n < 2) return { mean, sd: null }
  let ss = 0
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean
    ss += d * d
  }
  return { mean, sd: Math.sqrt(ss / (n - 1)) }
}

/** Population stability index of `window` against `base` counts on the same bins (shares floored at 1e-4). */
export function psi(base: number[], window: number[]): number | null {
  const nb = base.reduce((a, b) => a + b, 0)
  const nw = window.reduce((a, b) => a + b, 0)
  if (!nb || !nw) return null
  let out = 0
  for (let i = 0; i < base.length; i++) {
    const p = Math.max(base[i]! / nb, 1e-4)
    const q = Math.max(window[i]! / nw, 1e-4)
    out += (q - p) * Math.log(q / p)
  }
  return out
}
