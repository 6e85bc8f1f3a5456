/**
 * Path-dependent TreeSHAP by per-leaf tables: the same values as the recursive algorithm (pathDependent.ts), with
 * O(L·D) work per tree and row instead of O(L·D²), in the spirit of Fast TreeSHAP v2 (Yang 2021).
 *
 * For a leaf with value v and the d distinct features F on its path, each with z_j (the product of the cover
 * fractions of its edges) and o_j = 1 when x follows all of them (else 0), the leaf's game is
 * v·Π_{j∈F} (j ∈ S ? o_j : z_j). With A = {j : o_j = 1} and H(B) = Σ_{S⊆B} |S|!(d−|S|−1)!/d! · Π_{j∈B∖S} z_j:
 *   φ_i = v·(1 − z_i)·Z(F∖A)·H(A∖i)  for i ∈ A,     φ_i = −v·Z(F∖A)·H(A)  for i ∉ A     (Z(X) = Π_{j∈X} z_j).
 * v·H(B) is tabulated once per leaf for every B ⊆ F (2^d numbers); a row then needs A (one walk of the tree,
 * a bit per distinct feature cleared where x turns away) and d lookups per leaf. Trees whose paths are too long
 * for tables (d > MAX_TABLE_DEPTH, or past the memory budget) use the recursive algorithm.
 */
import { childFor } from '../model/predict'
import { MISSING_DEFAULT, SPLIT_LT, type Tree, type TreeModel } from '../model/types'
import { PathDependentShap } from './pathDependent'

export const MAX_TABLE_DEPTH = 12
/** Table entries (float64) across the model before trees fall back to the recursive algorithm: 256 MB. */
export const TABLE_BUDGET = 32 * 1024 * 1024

interface TreeTables {
  tree: Tree
  /** Internal nodes, each before its children, with the bit mask that clears its feature's slot. */
  internal: Int32Array
  keep: Int32Array
  /** Node kinds the loop decides inline: 1 = `x < t` with missing values to the default child. */
  simple: Uint8Array
  /** Per leaf (in `leaves` order): its node, d, where its slots start in feat/z, where its table starts. */
  leaves: Int32Array
  leafD: Int32Array
  leafSlots: Int32Array
  leafTable: Int32Array
  feat: Int32Array
  z: Float64Array
  table: Float64Array
}

function buildTables(t: Tree): TreeTables | null {
  const n = t.left.length
  const internal: number[] = []
  const keep: number[] = []
  const leaves: number[] = []
  const leafD: number[] = []
  const leafSlots: number[] = []
  const leafTable: number[] = []
  const feat: number[] = []
  const zs: number[] = []
  let size = 0
  const tables: Float64Array[] = []
  // depth first, with the path's distinct features and their merged cover fractions
  const walk = (node: number, feats: number[], fr: number[]): boolean => {
    if (t.left[node]! < 0) {
      const d = feats.length
      if (d > MAX_TABLE_DEPTH) return false
      leaves.push(node)
      leafD.push(d)
      leafSlots.push(feat.length)
      leafTable.push(size)
      feat.push(...feats)
      zs.push(...fr)
      const h = hTable(fr, t.value[node]!)
      tables.push(h)
      size += h.length
      return true
    }
    const f = t.feature[node]!
    let s = feats.indexOf(f)
    const nf = s < 0 ? [...feats, f] : feats
    if (s < 0) s = feats.length
    internal.push(node)
    keep.push(~(1 << s))
    for (const c of [t.left[node]!, t.right[node]!]) {
      const nfr = s < fr.length ? fr.slice() : [...fr, 1]
      nfr[s] = nfr[s]! * t.frac[c]!
      if (!walk(c, nf, nfr)) return false
    }
    return true
  }
  if (!walk(0, [], [])) return null
  const table = new Float64Array(size)
  let at = 0
  for (const h of tables) {
    table.set(h, at)
    at += h.length
  }
  const simple = new Uint8Array(n)
  for (let j = 0; j < n; j++) simple[j] = t.split[j] === SPLIT_LT && t.missing[j] === MISSING_DEFAULT ? 1 : 0
  return {
    tree: t,
    internal: Int32Array.from(internal),
    keep: Int32Array.from(keep),
    simple,
    leaves: Int32Array.from(leaves),
    leafD: Int32Array.from(leafD),
    leafSlots: Int32Array.from(leafSlots),
    leafTable: Int32Array.from(leafTable),
    feat: Int32Array.from(feat),
    z: Float64Array.from(zs),
    table
  }
}

/** v·H(B) for every B ⊆ {0…d−1} (bit j = slot j), H as in the header. */
function hTable(z: number[], v: number): Float64Array {
  const d = z.length
  const w = Array.from({ length: d }, (_, k) => {
    // k!(d−k−1)!/d!
    let r = 1 / d
    for (let i = 1; i <= k; i++) r *= i / (d - i)
    return r
  })
  const out = new Float64Array(1 << d)
  // e[m·(d+1) + k]: elementary symmetric polynomial of degree k of the z's in mask m
  const e = new Float64Array((1 << d) * (d + 1))
  e[0] = 1
  for (let m = 1; m < 1 << d; m++) {
    const low = 31 - Math.clz32(m & -m)
    const prev = m & (m - 1)
    const zl = z[low]!
    const o = m * (d + 1)
    const p = prev * (d + 1)
    e[o] = 1
    for (let k = 1; k <= d; k++) e[o + k] = e[p + k]! + zl * e[p + k - 1]!
  }
  for (let m = 0; m < 1 << d; m++) {
    let b = 0
    for (let q = m; q; q &= q - 1) b++
    let h = 0
    // S ⊆ B of size k leaves B∖S of size b − k
    for (let k = 0; k <= b && k < d; k++) h += w[k]! * e[m * (d + 1) + (b - k)]!
    out[m] = v * h
  }
  return out
}

export class FastPathShap {
  private tables: (TreeTables | null)[]
  private fallback: PathDependentShap
  /** Per node while a row is explained: the bit mask of path features x has followed so far. */
  private mask: Int32Array
  /** Trees explained by the recursive algorithm (paths too long for tables, or past the budget). */
  readonly recursiveTrees: number
  /** Float64 table entries held. */
  readonly tableEntries: number

  constructor(private model: TreeModel) {
    let budget = TABLE_BUDGET
    let entries = 0
    this.tables = model.trees.map((t) => {
      if (t.left[0]! < 0 || t.maxDepth > 30) return null
      const tt = buildTables(t)
      if (!tt || tt.table.length > budget) return null
      budget -= tt.table.length
      entries += tt.table.length
      return tt
    })
    this.tableEntries = entries
    this.recursiveTrees = this.tables.filter((t, i) => !t && model.trees[i]!.left[0]! >= 0).length
    this.fallback = new PathDependentShap(model)
    const maxNodes = Math.max(1, ...model.trees.map((t) => t.left.length))
    this.mask = new Int32Array(maxNodes)
  }

  /** Adds each feature's SHAP value of prepared row `x` to `phi[k * M + j]`. */
  explain(x: ArrayLike<number>, phi: Float64Array): void {
    const M = this.model.features.length
    const trees = this.model.trees
    for (let i = 0; i < trees.length; i++) {
      const tt = this.tables[i]
      if (tt) this.explainTree(tt, x, phi, trees[i]!.group * M)
      else if (trees[i]!.left[0]! >= 0) this.fallback.explainTree(trees[i]!, x, phi)
    }
  }

  private explainTree(tt: TreeTables, x: ArrayLike<number>, phi: Float64Array, base: number): void {
    const t = tt.tree
    const left = t.left
    const right = t.right
    const feature = t.feature
    const threshold = t.threshold
    const defaultLeft = t.defaultLeft
    const simple = tt.simple
    const internal = tt.internal
    const keep = tt.keep
    const mask = this.mask
    mask[0] = -1
    for (let q = 0; q < internal.length; q++) {
      const node = internal[q]!
      const m = mask[node]!
      const v = x[feature[node]!]!
      const l = left[node]!
      const goLeft = simple[node] ? (v !== v ? defaultLeft[node] === 1 : v < threshold[node]!) : childFor(t, node, v) === l
      const cleared = m & keep[q]!
      mask[l] = goLeft ? m : cleared
      mask[right[node]!] = goLeft ? cleared : m
    }
    const leaves = tt.leaves
    const leafD = tt.leafD
    const leafSlots = tt.leafSlots
    const leafTable = tt.leafTable
    const feat = tt.feat
    const z = tt.z
    const table = tt.table
    for (let q = 0; q < leaves.length; q++) {
      const d = leafD[q]!
      if (d === 0) continue
      const lo = leafSlots[q]!
      const to = leafTable[q]!
      const A = mask[leaves[q]!]! & ((1 << d) - 1)
      let zc = 1
      for (let s = 0; s < d; s++) if (!((A >> s) & 1)) zc *= z[lo + s]!
      const out = -zc * table[to + A]!
      for (let s = 0; s < d; s++) {
        const f = base + feat[lo + s]!
        if ((A >> s) & 1) phi[f] = phi[f]! + (1 - z[lo + s]!) * zc * table[to + (A ^ (1 << s))]!
        else phi[f] = phi[f]! + out
      }
    }
  }
}
