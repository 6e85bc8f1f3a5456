/**
 * Interventional TreeSHAP (Lundberg et al. 2020, "From local explanations to global understanding with explainable AI
 * for trees", the "independent" algorithm): exact Shapley values of v(S) = mean over background rows r of f(x_S, r_S̄).
 * For each (x, r) pair one walk of each tree: where x and r part ways the walk forks, once with the feature taken from
 * x and once from r; a leaf reached with p features from x and n from r gives each x-feature v·(p−1)!n!/(p+n)! and
 * takes v·p!(n−1)!/(p+n)! from each r-feature. O(T·L) per pair.
 */
import { childFor } from '../model/predict'
import type { Tree, TreeModel } from '../model/types'

export class InterventionalShap {
  private state: Uint8Array
  private xStack: Int32Array
  private rStack: Int32Array
  private posW: Float64Array[]
  private negW: Float64Array[]
  private t!: Tree
  private x!: ArrayLike<number>
  private r!: ArrayLike<number>
  private phi!: Float64Array
  private base = 0
  private scale = 1

  /** `background`: prepared rows (see prepareRow), 100–1,000 of them as a rule. */
  constructor(
    private model: TreeModel,
    private background: ArrayLike<number>[]
  ) {
    if (!background.length) throw new Error('interventional TreeSHAP needs at least one background row')
    const depth = Math.max(1, ...model.trees.map((t) => t.maxDepth)) + 1
    this.state = new Uint8Array(model.features.length)
    this.xStack = new Int32Array(depth)
    this.rStack = new Int32Array(depth)
    // (p−1)! n! / (p+n)! = 1 / (p · C(p+n, p)) and p! (n−1)! / (p+n)! = 1 / (n · C(p+n, n))
    const binom = (a: number, b: number): number => {
      let c = 1
      for (let i = 1; i <= b; i++) c = (c * (a - b + i)) / i
      return c
    }
    this.posW = Array.from({ length: depth + 1 }, (_, p) =>
      Float64Array.from({ length: depth + 1 }, (_, n) => (p > 0 ? 1 / (p * binom(p + n, p)) : 0))
    )
    this.negW = Array.from({ length: depth + 1 }, (_, p) =>
      Float64Array.from({ length: depth + 1 }, (_, n) => (n > 0 ? 1 / (n * binom(p + n, n)) : 0))
    )
  }

  /** Adds the SHAP values of prepared row `x` to `phi[k * M + j]`. */
  explain(x: ArrayLike<number>, phi: Float64Array): void {
    const M = this.model.features.length
    this.x = x
    this.phi = phi
    this.scale = 1 / this.background.length
    for (const r of this.background) {
      this.r = r
      for (const t of this.model.trees) {
        if (t.left[0]! < 0) continue
        this.t = t
        this.base = t.group * M
        this.recurse(0, 0, 0)
      }
    }
  }

  private recurse(node: number, pos: number, neg: number): void {
    const t = this.t
    if (t.left[node]! < 0) {
      const v = t.value[node]! * this.scale
      const phi = this.phi
      if (pos > 0) {
        const w = v * this.posW[pos]![neg]!
        for (let i = 0; i < pos; i++) phi[this.base + this.xStack[i]!] = phi[this.base + this.xStack[i]!]! + w
      }
      if (neg > 0) {
        const w = v * this.negW[pos]![neg]!
        for (let i = 0; i < neg; i++) phi[this.base + this.rStack[i]!] = phi[this.base + this.rStack[i]!]! - w
      }
      return
    }
    const f = t.feature[node]!
    const st = this.state[f]!
    if (st === 1) return this.recurse(childFor(t, node, this.x[f]!), pos, neg)
    if (st === 2) return this.recurse(childFor(t, node, this.r[f]!), pos, neg)
    const xc = childFor(t, node, this.x[f]!)
    const rc = childFor(t, node, this.r[f]!)
    if (xc === rc) return this.recurse(xc, pos, neg)
    this.state[f] = 1
    this.xStack[pos] = f
    this.recurse(xc, pos + 1, neg)
    this.state[f] = 2
    this.rStack[neg] = f
    this.recurse(rc, pos, neg + 1)
    this.state[f] = 0
  }
}
