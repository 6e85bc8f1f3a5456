/**
 * Path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution for tree
 * ensembles", algorithm 2): exact Shapley values of v(S) = E[f(x) | x_S], the expectation taken over the tree's own
 * training covers, in O(T·L·D²) per row. The path of unique features travels down the recursion as a stack of
 * copies in one buffer; a feature met twice on a path is unwound and extended again with the product of its
 * fractions. The conditioned variant (condition = ±1 on one feature) gives SHAP interaction values.
 */
import { childFor } from '../model/predict'
import type { Tree, TreeModel } from '../model/types'

export class PathDependentShap {
  private pf: Int32Array
  private pz: Float64Array
  private po: Float64Array
  private pw: Float64Array
  // the tree being walked and where its values go
  private t!: Tree
  private x!: ArrayLike<number>
  private phi!: Float64Array
  private base = 0
  private condFeature = -1
  private condition = 0

  constructor(private model: TreeModel) {
    const depth = Math.max(0, ...model.trees.map((t) => t.maxDepth))
    const size = ((depth + 2) * (depth + 3)) / 2 + depth + 4
    this.pf = new Int32Array(size)
    this.pz = new Float64Array(size)
    this.po = new Float64Array(size)
    this.pw = new Float64Array(size)
  }

  /** Adds each feature's SHAP value of row `x` (prepared) to `phi[k * M + j]` for output k, feature j. */
  explain(x: ArrayLike<number>, phi: Float64Array): void {
    const M = this.model.features.length
    this.x = x
    this.phi = phi
    this.condition = 0
    this.condFeature = -1
    for (const t of this.model.trees) {
      if (t.left[0]! < 0) continue // a single leaf moves E[f] only
      this.t = t
      this.base = t.group * M
      this.recurse(0, 0, 0, 1, 1, -1, 1)
    }
  }

  /** One tree's part of `explain` (for trees the table algorithm leaves to this one). */
  explainTree(t: Tree, x: ArrayLike<number>, phi: Float64Array): void {
    this.x = x
    this.phi = phi
    this.condition = 0
    this.condFeature = -1
    this.t = t
    this.base = t.group * this.model.features.length
    this.recurse(0, 0, 0, 1, 1, -1, 1)
  }

  /**
   * SHAP interaction values of row `x` into `out[k * M * M + i * M + j]` (symmetric; the diagonal holds the main
   * effects, so each row of the matrix sums to φ_i). `scratch` needs 2·outputs·M numbers.
   */
  interactions(
    x: ArrayLike<number>,
    out: Float64Array,
    phi: Float64Array = new Float64Array(this.model.outputs * this.model.features.length)
  ): void {
    const M = this.model.features.length
    const K = this.model.outputs
    phi.fill(0)
    this.explain(x, phi)
    const on = new Float64Array(M)
    const off = new Float64Array(M)
    this.x = x
    for (const t of this.model.trees) {
      if (t.left[0]! < 0) continue
      this.t = t
      this.base = 0
      const row = t.group * M * M
      for (const j of t.features) {
        on.fill(0)
        off.fill(0)
        this.condFeature = j
        this.condition = 1
        this.phi = on
        this.recurse(0, 0, 0, 1, 1, -1, 1)
        this.condition = -1
        this.phi = off
        this.recurse(0, 0, 0, 1, 1, -1, 1)
        for (const i of t.features) {
          if (i === j) continue
          const v = (on[i]! - off[i]!) / 2
          out[row + i * M + j] = out[row + i * M + j]! + v
        }
      }
    }
    this.condition = 0
    this.condFeature = -1
    for (let k = 0; k < K; k++)
      for (let i = 0; i < M; i++) {
        let rest = 0
        const r = k * M * M + i * M
        for (let j = 0; j < M; j++) if (j !== i) rest += out[r + j]!
        out[r + i] = phi[k * M + i]! - rest
      }
  }

  private extend(off: number, d: number, zero: number, one: number, feature: number): void {
    const pw = this.pw
    this.pf[off + d] = feature
    this.pz[off + d] = zero
    this.po[off + d] = one
    pw[off + d] = d === 0 ? 1 : 0
    for (let i = d - 1; i >= 0; i--) {
      pw[off + i + 1] = pw[off + i + 1]! + (one * pw[off + i]! * (i + 1)) / (d + 1)
      pw[off + i] = (zero * pw[off + i]! * (d - i)) / (d + 1)
    }
  }

  private unwind(off: number, d: number, at: number): void {
    const pw = this.pw
    const one = this.po[off + at]!
    const zero = this.pz[off + at]!
    let next = pw[off + d]!
    for (let i = d - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = pw[off + i]!
        pw[off + i] = (next * (d + 1)) / ((i + 1) * one)
        next = tmp - (pw[off + i]! * zero * (d - i)) / (d + 1)
      } else pw[off + i] = (pw[off + i]! * (d + 1)) / (zero * (d - i))
    }
    for (let i = at; i < d; i++) {
      this.pf[off + i] = this.pf[off + i + 1]!
      this.pz[off + i] = this.pz[off + i + 1]!
      this.po[off + i] = this.po[off + i + 1]!
    }
  }

  private unwoundSum(off: number, d: number, at: number): number {
    const pw = this.pw
    const one = this.po[off + at]!
    const zero = this.pz[off + at]!
    let total = 0
    if (one !== 0) {
      let next = pw[off + d]!
      for (let i = d - 1; i >= 0; i--) {
        const tmp = next / ((i + 1) * one)
        total += tmp
        next = pw[off + i]! - tmp * zero * (d - i)
      }
    } else for (let i = d - 1; i >= 0; i--) total += pw[off + i]! / (zero * (d - i))
    return total * (d + 1)
  }

  /**
   * `parent`: offset of the parent's path in the buffer; `d`: this node's path length − 1 before extending;
   * (pz, po, pf): the fractions and feature of the edge that led here; `cf`: the share of the conditioned weight.
   */
  private recurse(node: number, d: number, parent: number, pz: number, po: number, pf: number, cf: number): void {
    if (cf === 0) return
    const t = this.t
    const off = parent + d + 1
    for (let i = 0; i <= d; i++) {
      this.pf[off + i] = this.pf[parent + i]!
      this.pz[off + i] = this.pz[parent + i]!
      this.po[off + i] = this.po[parent + i]!
      this.pw[off + i] = this.pw[parent + i]!
    }
    if (this.condition === 0 || this.condFeature !== pf) this.extend(off, d, pz, po, pf)
    const left = t.left[node]!
    if (left < 0) {
      const v = t.value[node]! * cf
      const phi = this.phi
      for (let i = 1; i <= d; i++) {
        const w = this.unwoundSum(off, d, i)
        const f = this.pf[off + i]!
        phi[this.base + f] = phi[this.base + f]! + w * (this.po[off + i]! - this.pz[off + i]!) * v
      }
      return
    }
    const split = t.feature[node]!
    const hot = childFor(t, node, this.x[split]!)
    const cold = hot === left ? t.right[node]! : left
    const hotZero = t.frac[hot]!
    const coldZero = t.frac[cold]!
    let inZero = 1
    let inOne = 1
    let at = 0
    for (; at <= d; at++) if (this.pf[off + at] === split) break
    if (at !== d + 1) {
      inZero = this.pz[off + at]!
      inOne = this.po[off + at]!
      this.unwind(off, d, at)
      d -= 1
    }
    let hotCf = cf
    let coldCf = cf
    if (this.condition > 0 && split === this.condFeature) {
      coldCf = 0
      d -= 1
    } else if (this.condition < 0 && split === this.condFeature) {
      hotCf *= hotZero
      coldCf *= coldZero
      d -= 1
    }
    // a branch with neither weight (no training cover, and x does not take it) adds nothing: skip it
    if (hotZero * inZero > 0 || inOne > 0) this.recurse(hot, d + 1, off, hotZero * inZero, inOne, split, hotCf)
    if (coldZero * inZero > 0) this.recurse(cold, d + 1, off, coldZero * inZero, 0, split, coldCf)
  }
}
