/**
 * Permutation SHAP with antithetic sampling (shap's PermutationExplainer): each permutation of the varying features
 * is walked forward (adding features to the coalition one by one) and back (removing them in the same order), 2M'+1
 * coalitions per permutation, as many permutations as max_evals allows. Each permutation gives an unbiased estimate
 * of every φ_i; their spread gives the standard error.
 */
import { Rng } from '../random'
import { maskedGame, rowSeed, varyingFeatures, type AgnosticResult, type BatchPredictor } from './masked'

export interface PermutationSettings {
  /** Coalitions evaluated per explained row (shap's max_evals); default 500. */
  maxEvals: number
  seed: number
}

export async function permutationShap(
  x: Float64Array,
  rowIndex: number,
  background: Float64Array[],
  predictor: BatchPredictor,
  settings: PermutationSettings,
  signal?: AbortSignal
): Promise<AgnosticResult> {
  const M = x.length
  const inds = varyingFeatures(x, background)
  const game = maskedGame(x, background, predictor)
  const n = inds.length
  if (n === 0) {
    const [v] = await game.values([new Uint8Array(M)], signal)
    const K = game.outputs()
    return { phi: new Float64Array(K * M), se: new Float64Array(K * M), expected: v!, fx: v!, evaluations: game.evaluations, exact: true }
  }
  const perPermutation = 2 * n + 1
  if (settings.maxEvals < perPermutation)
    throw new RangeError(`max_evals ${settings.maxEvals} is too small: one antithetic permutation of ${n} features needs ${perPermutation}`)
  const P = Math.floor(settings.maxEvals / perPermutation)
  const rng = new Rng(rowSeed(settings.seed, rowIndex))
  // every coalition of every permutation, deduplicated (the empty and full coalitions recur in each)
  const keyOf = (m: Uint8Array): string => String.fromCharCode(...m)
  const index = new Map<string, number>()
  const masks: Uint8Array[] = []
  const walk: number[][] = []
  const orders: number[][] = []
  const add = (m: Uint8Array): number => {
    const k = keyOf(m)
    let i = index.get(k)
    if (i === undefined) {
      i = masks.length
      index.set(k, i)
      masks.push(m.slice())
    }
    return i
  }
  for (let p = 0; p < P; p++) {
    const order = rng.shuffle([...inds]) as number[]
    orders.push(order)
    const m = new Uint8Array(M)
    const ids = [add(m)]
    for (const j of order) {
      m[j] = 1
      ids.push(add(m))
    }
    for (const j of order) {
      m[j] = 0
      ids.push(add(m))
    }
    walk.push(ids)
  }
  const v = await game.values(masks, signal)
  const K = game.outputs()
  const est = Array.from({ length: P }, () => new Float64Array(K * M))
  for (let p = 0; p < P; p++) {
    const ids = walk[p]!
    const order = orders[p]!
    for (let t = 0; t < n; t++) {
      const j = order[t]!
      const up = v[ids[t + 1]!]!
      const before = v[ids[t]!]!
      const removedFrom = v[ids[n + t]!]!
      const after = v[ids[n + t + 1]!]!
      for (let k = 0; k < K; k++) est[p]![k * M + j] = (up[k]! - before[k]! + (removedFrom[k]! - after[k]!)) / 2
    }
  }
  const phi = new Float64Array(K * M)
  const se = new Float64Array(K * M)
  for (let i = 0; i < K * M; i++) {
    let s = 0
    for (const e of est) s += e[i]!
    const mean = s / P
    let ss = 0
    for (const e of est) ss += (e[i]! - mean) ** 2
    phi[i] = mean
    se[i] = P > 1 ? Math.sqrt(ss / (P - 1) / P) : NaN
  }
  const empty = v[walk[0]![0]!]!
  const full = v[walk[0]![n]!]!
  return { phi, se, expected: empty, fx: full, evaluations: game.evaluations, exact: false }
}
