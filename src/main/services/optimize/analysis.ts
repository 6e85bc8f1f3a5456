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
  // sorted by the first objective (better first, then the others): a trial can only be dominated by one before it,
  // and only by one on the front so far — O(n × front) instead of O(n²)
  const key = (t: T, i: number): number => (dirs[i] === 'minimize' ? t.values[i]! : -t.values[i]!)
  const sorted = [...done].sort((a, b) => {
    for (let i = 0; i < dirs.length; i++) {
      const x = key(a, i)
      const y = key(b, i)
      if (x < y) return -1
      if (x > y) return 1
    }
    return 0
  })
  const front: T[] = []
  for (const t of sorted) if (!front.some((f) => dominates(f.values, t.values, dirs))) front.push(t)
  return front.sort((a, b) => a.number - b.number)
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
function etaSquared(y: Float64Array, bin: Int32Array, idx: Uint32Array, nBins: number): number {
  // one pass for the bins' counts and sums, typed arrays only: it runs params × resamples times over every trial
  const count = new Float64Array(nBins)
  const sums = new Float64Array(nBins)
  let n = 0
  let sum = 0
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!
    const b = bin[i]!
    if (b < 0) continue
    n++
    sum += y[i]!
    count[b]!++
    sums[b]! += y[i]!
  }
  if (n < 2) return 0
  const mean = sum / n
  let total = 0
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!
    if (bin[i]! >= 0) total += (y[i]! - mean) ** 2
  }
  if (total === 0) return 0
  let between = 0
  for (let g = 0; g < nBins; g++) if (count[g]! > 0) between += count[g]! * (sums[g]! / count[g]! - mean) ** 2
  return Math.min(1, between / total)
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
  const nBins = bins.map((b) => b.reduce((m, x) => Math.max(m, x + 1), 0))
  const all = Uint32Array.from(rows.keys())
  const normalise = (xs: number[]): number[] => {
    const s = xs.reduce((a, b) => a + b, 0)
    return s > 0 ? xs.map((x) => x / s) : xs.map(() => 1 / xs.length)
  }
  const point = normalise(bins.map((b, j) => etaSquared(y, b, all, nBins[j]!)))
  const draws: number[][] = params.map(() => [])
  const rand = rng(seed)
  const idx = new Uint32Array(rows.length)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(rand() * rows.length)
    normalise(bins.map((b, j) => etaSquared(y, b, idx, nBins[j]!))).forEach((v, j) => draws[j]!.push(v))
  }
  const q = (xs: number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  }
  return params
    .map((param, j) => ({ param, importance: point[j]!, low: q(draws[j]!, 0.05), high: q(draws[j]!, 0.95) }))
    .sort((a, b) => b.importance - a.importance)
}

/** The importances view of one objective: the method, how many trials it used, and each parameter's share. */
export function importancesOf(
  trials: TrialLike[],
  objective: number,
  specs: { name: string; kind: string }[]
): { method: string; trialsUsed: number; params: Importance[] } {
  const used = trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.values[objective])).length
  const categorical = new Set(specs.filter((s) => s.kind === 'categorical').map((s) => s.name))
  return {
    method: IMPORTANCE_METHOD,
    trialsUsed: used,
    params: importances(
      trials,
      objective,
      specs.map((s) => s.name),
      categorical
    )
  }
}

export interface PruneNote {
  number: number
  step: number
  /** The trial's best intermediate value up to that step. */
  value: number
  /** Median of earlier COMPLETE trials' values at that step (what MedianPruner compared the best value so far with). */
  median: number | null
  others: number
}

/** A running median: a max-heap of the lower half and a min-heap of the upper half. */
class RunningMedian {
  private lo: number[] = []
  private hi: number[] = []
  get size(): number {
    return this.lo.length + this.hi.length
  }
  add(x: number): void {
    if (!this.lo.length || x <= -this.lo[0]!) push(this.lo, -x)
    else push(this.hi, x)
    if (this.lo.length > this.hi.length + 1) push(this.hi, -pop(this.lo))
    else if (this.hi.length > this.lo.length) push(this.lo, -pop(this.hi))
  }
  median(): number | null {
    if (!this.size) return null
    return this.lo.length > this.hi.length ? -this.lo[0]! : (-this.lo[0]! + this.hi[0]!) / 2
  }
}
// binary min-heap helpers (the lower half is stored negated)
function push(h: number[], x: number): void {
  h.push(x)
  for (let i = h.length - 1; i > 0;) {
    const p = (i - 1) >> 1
    if (h[p]! <= h[i]!) break
    ;[h[p], h[i]] = [h[i]!, h[p]!]
    i = p
  }
}
function pop(h: number[]): number {
  const top = h[0]!
  const last = h.pop()!
  if (h.length) {
    h[0] = last
    for (let i = 0; ;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && h[l]! < h[m]!) m = l
      if (r < h.length && h[r]! < h[m]!) m = r
      if (m === i) break
      ;[h[m], h[i]] = [h[i]!, h[m]!]
      i = m
    }
  }
  return top
}

/**
 * Why each PRUNED trial was pruned, from intermediate values streamed in trial-number order: its last step, its best
 * value so far, and the median of the earlier COMPLETE trials' values at that step (a running median per step) —
 * Optuna's MedianPruner prunes when the best value so far is worse than that median. O(n log n) in the values.
 */
export class PruneTracker {
  private readonly steps = new Map<number, RunningMedian>()
  private current: { number: number; values: [number, number][] } | null = null
  readonly notes: PruneNote[] = []

  constructor(
    private readonly stateOf: (number: number) => TrialState | undefined,
    private readonly dir: Direction
  ) {}

  add(number: number, step: number, value: number): void {
    if (this.current?.number !== number) {
      this.flush()
      this.current = { number, values: [] }
    }
    this.current.values.push([step, value])
  }

  finish(): PruneNote[] {
    this.flush()
    return this.notes
  }

  private flush(): void {
    const t = this.current
    this.current = null
    if (!t || !t.values.length) return
    const state = this.stateOf(t.number)
    if (state === 'PRUNED') {
      const [step] = t.values[t.values.length - 1]!
      const finite = t.values.filter(([, v]) => Number.isFinite(v))
      const best = finite.reduce((b, [, v]) => (Number.isNaN(b) || better(this.dir, v, b) ? v : b), NaN)
      const m = this.steps.get(step)
      this.notes.push({ number: t.number, step, value: best, median: m?.median() ?? null, others: m?.size ?? 0 })
    } else if (state === 'COMPLETE') {
      for (const [s, v] of t.values) {
        if (!Number.isFinite(v)) continue
        let m = this.steps.get(s)
        if (!m) this.steps.set(s, (m = new RunningMedian()))
        m.add(v)
      }
    }
  }
}

/** pruneNotes over whole trials (tests and small studies): the same as streaming them through a PruneTracker. */
export function pruneNotes(trials: { number: number; state: TrialState; intermediate: [number, number][] }[], dir: Direction): PruneNote[] {
  const states = new Map(trials.map((t) => [t.number, t.state]))
  const tracker = new PruneTracker((n) => states.get(n), dir)
  for (const t of [...trials].sort((a, b) => a.number - b.number)) for (const [s, v] of t.intermediate) tracker.add(t.number, s, v)
  return tracker.finish()
}
