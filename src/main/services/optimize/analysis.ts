/** What the study views show, computed from a study's trials: best trial, best so far, Pareto front, importances, pruning. */
import type { Direction, ParamValue, TrialState } from './optuna/types'

export interface TrialLike {
  number: number
  state: TrialState
  values: number[]
  params: Record<string, ParamValue>
}

const better = (dir: Direction, a: number, b: number): boolean => (dir === 'minimize' ? a < b : a > b)

/** Optuna's best trial of a single-objective study: the COMPLETE trial with the best value (first one on a tie). */
export function bestTrial<T extends TrialLike>(trials: T[], dir: Direction, objective = 0): T | null {
  let best: T | null = null
  for (const t of trials) {
    if (t.state !== 'COMPLETE') continue
    const v = t.values[objective]
    if (v === undefined || Number.isNaN(v)) continue
    if (!best || better(dir, v, best.values[objective]!)) best = t
  }
  return best
}

/** Optimisation history: each COMPLETE trial's value and the best value up to it (trial order). */
export function bestSoFar(trials: TrialLike[], dir: Direction, objective = 0): { number: number; value: number; best: number }[] {
  const out: { number: number; value: number; best: number }[] = []
  let best = NaN
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    const v = t.values[objective]
    if (t.state !== 'COMPLETE' || v === undefined || Number.isNaN(v)) continue
    if (Number.isNaN(best) || better(dir, v, best)) best = v
    out.push({ number: t.number, value: v, best })
  }
  return out
}

/** a dominates b: no worse in every objective and better in one (Optuna's `_dominates`). */
function dominates(a: number[], b: number[], dirs: Direction[]): boolean {
  let strictly = false
  for (let i = 0; i < dirs.length; i++) {
    const x = dirs[i] === 'minimize' ? a[i]! : -a[i]!
    const y = dirs[i] === 'minimize' ? b[i]! : -b[i]!
    if (x > y) return false
    if (x < y) strictly = true
  }
  return strictly
}

/** The Pareto front: COMPLETE trials no other COMPLETE trial dominates (Optuna's `best_trials`), by number. */
export function paretoFront<T extends TrialLike>(trials: T[], dirs: Direction[]): T[] {
  const done = trials.filter((t) => t.state === 'COMPLETE' && t.values.length === dirs.length)
  return done.filter((t) => !done.some((o) => o !== t && dominates(o.values, t.values, dirs))).sort((a, b) => a.number - b.number)
}

/** A numeric view of a parameter's value for plots and importances: categorical values by their index in `choices`. */
export function numericParam(value: ParamValue | undefined, choices?: readonly ParamValue[]): number | null {
  if (value === undefined || value === null) return null
  if (choices) return choices.indexOf(value)
  return typeof value === 'number' ? value : null
}

export interface Importance {
  param: string
  /** Share of the objective's variance the parameter's marginal explains (η²), normalised to sum to 1. */
  importance: number
  /** 90 % bootstrap interval of the normalised importance. */
  low: number
  high: number
}

/** Bins a parameter for η²: categorical values as they are, numbers in up to `bins` quantile bins. */
function binsOf(xs: (ParamValue | undefined)[], categorical: boolean, bins: number): Int32Array {
  const out = new Int32Array(xs.length).fill(-1)
  if (categorical) {
    const ids = new Map<ParamValue, number>()
    xs.forEach((x, i) => {
      if (x === undefined) return
      if (!ids.has(x)) ids.set(x, ids.size)
      out[i] = ids.get(x)!
    })
    return out
  }
  const nums = xs.map((x) => (typeof x === 'number' ? x : NaN))
  const sorted = nums.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b)
  if (!sorted.length) return out
  const edges: number[] = []
  for (let b = 1; b < bins; b++) edges.push(sorted[Math.floor((b * sorted.length) / bins)]!)
  nums.forEach((x, i) => {
    if (Number.isNaN(x)) return
    let k = 0
    while (k < edges.length && x >= edges[k]!) k++
    out[i] = k
  })
  return out
}

/** η² = between-bin variance / total variance, over the rows in `idx`. */
function etaSquared(y: Float64Array, bin: Int32Array, idx: Uint32Array): number {
  let n = 0
  let sum = 0
  for (const i of idx)
    if (bin[i]! >= 0) {
      n++
      sum += y[i]!
    }
  if (n < 2) return 0
  const mean = sum / n
  const groups = new Map<number, { n: number; s: number }>()
  let total = 0
  for (const i of idx) {
    const b = bin[i]!
    if (b < 0) continue
    total += (y[i]! - mean) ** 2
    const g = groups.get(b) ?? { n: 0, s: 0 }
    g.n++
    g.s += y[i]!
    groups.set(b, g)
  }
  if (total === 0) return 0
  let between = 0
  for (const g of groups.values()) between += g.n * (g.s / g.n - mean) ** 2
  return between / total
}

/** Seeded xorshift for reproducible bootstrap resamples. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 2 ** 32
  }
}

export const IMPORTANCE_METHOD =
  'η² of each parameter’s binned marginal (first-order variance share, as fANOVA’s main effects, but on the trials themselves rather than a random forest), normalised to sum to 1; interval from 200 bootstrap resamples of the trials'

/**
 * Parameter importances for one objective over COMPLETE trials with finite values. `categorical` names the parameters
 * whose values are categories. Fewer than 5 trials give no importances.
 */
export function importances(
  trials: TrialLike[],
  objective: number,
  params: string[],
  categorical: Set<string>,
  resamples = 200,
  seed = 7
): Importance[] {
  const rows = trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.values[objective]))
  if (rows.length < 5 || !params.length) return []
  const y = Float64Array.from(rows, (t) => t.values[objective]!)
  const bins = params.map((p) =>
    binsOf(
      rows.map((t) => t.params[p]),
      categorical.has(p),
      Math.min(10, Math.max(2, Math.floor(rows.length / 5)))
    )
  )
  const all = Uint32Array.from(rows.keys())
  const normalise = (xs: number[]): number[] => {
    const s = xs.reduce((a, b) => a + b, 0)
    return s > 0 ? xs.map((x) => x / s) : xs.map(() => 1 / xs.length)
  }
  const point = normalise(bins.map((b) => etaSquared(y, b, all)))
  const draws: number[][] = params.map(() => [])
  const rand = rng(seed)
  const idx = new Uint32Array(rows.length)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(rand() * rows.length)
    normalise(bins.map((b) => etaSquared(y, b, idx))).forEach((v, j) => draws[j]!.push(v))
  }
  const q = (xs: number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  }
  return params
    .map((param, j) => ({ param, importance: point[j]!, low: q(draws[j]!, 0.05), high: q(draws[j]!, 0.95) }))
    .sort((a, b) => b.importance - a.importance)
}

export interface PruneNote {
  number: number
  step: number
  value: number
  /** Median of earlier COMPLETE trials' values at that step (what MedianPruner compared the best value so far with). */
  median: number | null
  others: number
}

/**
 * For each PRUNED trial: its last reported step and value, and the median of the earlier COMPLETE trials' values at that
 * step — Optuna's MedianPruner prunes when the trial's best value so far is worse than that median.
 */
export function pruneNotes(trials: { number: number; state: TrialState; intermediate: [number, number][] }[], dir: Direction): PruneNote[] {
  const atStep = new Map<number, { number: number; value: number }[]>()
  for (const t of trials.filter((x) => x.state === 'COMPLETE'))
    for (const [s, v] of t.intermediate)
      if (Number.isFinite(v)) (atStep.get(s) ?? atStep.set(s, []).get(s)!).push({ number: t.number, value: v })
  const median = (xs: number[]): number | null => {
    if (!xs.length) return null
    const s = [...xs].sort((a, b) => a - b)
    const m = s.length >> 1
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
  }
  return trials
    .filter((t) => t.state === 'PRUNED' && t.intermediate.length)
    .map((t) => {
      const [step] = t.intermediate[t.intermediate.length - 1]!
      const others = (atStep.get(step) ?? []).filter((o) => o.number < t.number).map((o) => o.value)
      const best = t.intermediate.reduce((b, [, v]) => (better(dir, v, b) ? v : b), t.intermediate[0]![1])
      return { number: t.number, step, value: best, median: median(others), others: others.length }
    })
}
