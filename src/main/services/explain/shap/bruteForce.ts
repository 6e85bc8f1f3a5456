/**
 * Brute-force Shapley values over every subset of the features a model uses (2^M games): the definition the fast
 * algorithms are checked against. Path-dependent: v(S) is the cover-weighted conditional expectation E[f(x) | x_S];
 * interventional: v(S) is the mean of f(x_S, r_S̄) over background rows r.
 */
import { childFor, predictMargin } from '../model/predict'
import type { Tree, TreeModel } from '../model/types'

export const MAX_BRUTE_FORCE_FEATURES = 20

/** Features the model splits on, ascending: the only players with non-zero values. */
export function usedFeatures(m: TreeModel): number[] {
  const s = new Set<number>()
  for (const t of m.trees) for (const f of t.features) s.add(f)
  return [...s].sort((a, b) => a - b)
}

function condExp(t: Tree, n: number, x: ArrayLike<number>, inS: Uint8Array): number {
  if (t.left[n]! < 0) return t.value[n]!
  const f = t.feature[n]!
  if (inS[f]) return condExp(t, childFor(t, n, x[f]!), x, inS)
  const l = t.left[n]!
  const r = t.right[n]!
  return t.frac[l]! * condExp(t, l, x, inS) + t.frac[r]! * condExp(t, r, x, inS)
}

/** Shapley values from the 2^n values of a game over `players` (v indexed by bit mask). Out: K × M. */
function shapleyFromGame(v: Float64Array[], players: number[], M: number): Float64Array {
  const K = v.length
  const n = players.length
  const fact = [1]
  for (let i = 1; i <= n; i++) fact.push(fact[i - 1]! * i)
  const out = new Float64Array(K * M)
  for (let p = 0; p < n; p++) {
    const bit = 1 << p
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & bit) continue
      let s = 0
      for (let q = mask; q; q &= q - 1) s++
      const w = (fact[s]! * fact[n - s - 1]!) / fact[n]!
      for (let k = 0; k < K; k++) out[k * M + players[p]!] = out[k * M + players[p]!]! + w * (v[k]![mask | bit]! - v[k]![mask]!)
    }
  }
  return out
}

function check(players: number[]): void {
  if (players.length > MAX_BRUTE_FORCE_FEATURES)
    throw new Error(`brute force over ${players.length} features would take 2^${players.length} games`)
}

/** Path-dependent Shapley values of prepared row `x`, by enumeration. */
export function bruteForcePathDependent(m: TreeModel, x: ArrayLike<number>, players = usedFeatures(m)): Float64Array {
  check(players)
  const M = m.features.length
  const v = Array.from({ length: m.outputs }, () => new Float64Array(1 << players.length))
  const inS = new Uint8Array(M)
  for (let mask = 0; mask < 1 << players.length; mask++) {
    players.forEach((f, p) => (inS[f] = (mask >> p) & 1))
    for (const t of m.trees) v[t.group]![mask] = v[t.group]![mask]! + condExp(t, 0, x, inS)
  }
  return shapleyFromGame(v, players, M)
}

/** Interventional Shapley values of prepared row `x` against prepared background rows, by enumeration. */
export function bruteForceInterventional(
  m: TreeModel,
  x: ArrayLike<number>,
  background: ArrayLike<number>[],
  players = usedFeatures(m)
): Float64Array {
  check(players)
  const M = m.features.length
  const v = Array.from({ length: m.outputs }, () => new Float64Array(1 << players.length))
  const z = new Float64Array(M)
  const out = new Float64Array(m.outputs)
  for (let mask = 0; mask < 1 << players.length; mask++) {
    for (const r of background) {
      for (let j = 0; j < M; j++) z[j] = r[j]!
      players.forEach((f, p) => {
        if ((mask >> p) & 1) z[f] = x[f]!
      })
      predictMargin(m, z, out)
      for (let k = 0; k < m.outputs; k++) v[k]![mask] = v[k]![mask]! + out[k]! / background.length
    }
  }
  return shapleyFromGame(v, players, M)
}

/** SHAP interaction values by enumeration (Lundberg et al.: the Shapley interaction index, halved, with main effects on the diagonal). Out: K × M × M. */
export function bruteForceInteractions(m: TreeModel, x: ArrayLike<number>, players = usedFeatures(m)): Float64Array {
  check(players)
  const M = m.features.length
  const K = m.outputs
  const n = players.length
  const v = Array.from({ length: K }, () => new Float64Array(1 << n))
  const inS = new Uint8Array(M)
  for (let mask = 0; mask < 1 << n; mask++) {
    players.forEach((f, p) => (inS[f] = (mask >> p) & 1))
    for (const t of m.trees) v[t.group]![mask] = v[t.group]![mask]! + condExp(t, 0, x, inS)
  }
  const fact = [1]
  for (let i = 1; i <= n; i++) fact.push(fact[i - 1]! * i)
  const out = new Float64Array(K * M * M)
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b) continue
      const ba = 1 << a
      const bb = 1 << b
      for (let mask = 0; mask < 1 << n; mask++) {
        if (mask & (ba | bb)) continue
        let s = 0
        for (let q = mask; q; q &= q - 1) s++
        const w = (fact[s]! * fact[n - s - 2]!) / (2 * fact[n - 1]!)
        for (let k = 0; k < K; k++) {
          const g = v[k]!
          const d = g[mask | ba | bb]! - g[mask | ba]! - g[mask | bb]! + g[mask]!
          out[k * M * M + players[a]! * M + players[b]!] = out[k * M * M + players[a]! * M + players[b]!]! + w * d
        }
      }
    }
  const phi = shapleyFromGame(v, players, M)
  for (let k = 0; k < K; k++)
    for (const i of players) {
      let rest = 0
      for (const j of players) if (j !== i) rest += out[k * M * M + i * M + j]!
      out[k * M * M + i * M + i] = phi[k * M + i]! - rest
    }
  return out
}
