/** Routing a value through a node, and the margin of a row: the one definition prediction and TreeSHAP share. */
import {
  MISSING_AS_ZERO,
  MISSING_DEFAULT,
  MISSING_RIGHT,
  SPLIT_CAT_LEFT,
  SPLIT_CAT_RIGHT,
  SPLIT_LE,
  SPLIT_LT,
  type Tree,
  type TreeModel
} from './types'

const LGBM_ZERO = 1e-35

/** The child of internal node `n` that value `v` goes to. */
export function childFor(t: Tree, n: number, v: number): number {
  const kind = t.split[n]!
  const miss = t.missing[n]!
  if (v !== v) {
    if (miss === MISSING_DEFAULT) return t.defaultLeft[n] ? t.left[n]! : t.right[n]!
    if (miss === MISSING_RIGHT) return t.right[n]!
    if (miss === MISSING_AS_ZERO) v = 0
    else return t.defaultLeft[n] ? t.left[n]! : t.right[n]!
  } else if (miss === 2 /* MISSING_ZERO_DEFAULT */ && Math.abs(v) <= LGBM_ZERO) return t.defaultLeft[n] ? t.left[n]! : t.right[n]!
  if (kind === SPLIT_LT) return v < t.threshold[n]! ? t.left[n]! : t.right[n]!
  if (kind === SPLIT_LE) return v <= t.threshold[n]! ? t.left[n]! : t.right[n]!
  if (kind === SPLIT_CAT_RIGHT) {
    // XGBoost (as 1.7 predicts): listed categories go right, every other value (unseen, negative) left
    return t.cats[n]!.has(Math.trunc(v)) ? t.right[n]! : t.left[n]!
  }
  if (kind === SPLIT_CAT_LEFT) {
    // LightGBM: negative categories go right, listed ones left
    const c = Math.trunc(v)
    if (c < 0) return t.right[n]!
    return t.cats[n]!.has(c) ? t.left[n]! : t.right[n]!
  }
  throw new Error(`unknown split kind ${kind}`)
}

/** The leaf a row reaches. */
export function leafOf(t: Tree, x: ArrayLike<number>): number {
  let n = 0
  while (t.left[n]! >= 0) n = childFor(t, n, x[t.feature[n]!]!)
  return n
}

/** Raw margins (one per output) of one row; `x` already prepared (see prepareRow). */
export function predictMargin(m: TreeModel, x: ArrayLike<number>, out: Float64Array = new Float64Array(m.outputs)): Float64Array {
  for (let k = 0; k < m.outputs; k++) out[k] = m.baseMargin[k]!
  for (const t of m.trees) out[t.group] = out[t.group]! + t.value[leafOf(t, x)]!
  return out
}

/** XGBoost compares float32 values: a row is rounded to float32 once, before any tree sees it. */
export function prepareRow(m: TreeModel, x: ArrayLike<number>, out: Float64Array = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = m.float32Inputs ? Math.fround(x[i]!) : x[i]!
  return out
}

/** Margins to predictions: sigmoid, exp or softmax. */
export function applyLink(m: TreeModel, margin: ArrayLike<number>): number[] {
  const v = Array.from(margin)
  if (m.link === 'logistic') return v.map((z) => 1 / (1 + Math.exp(-z)))
  if (m.link === 'exp') return v.map((z) => Math.exp(z))
  if (m.link === 'softmax') {
    const mx = Math.max(...v)
    const e = v.map((z) => Math.exp(z - mx))
    const s = e.reduce((a, b) => a + b, 0)
    return e.map((z) => z / s)
  }
  return v
}

/** Cover-weighted mean leaf value of a tree: E[f_t] under the training distribution the covers describe. */
export function treeExpectation(t: Tree, n = 0): number {
  if (t.left[n]! < 0) return t.value[n]!
  const l = t.left[n]!
  const r = t.right[n]!
  return t.frac[l]! * treeExpectation(t, l) + t.frac[r]! * treeExpectation(t, r)
}

/** E[f] per output in margin space (base margin plus each tree's cover-weighted expectation). */
export function expectedMargin(m: TreeModel): number[] {
  const out = [...m.baseMargin]
  for (const t of m.trees) out[t.group] = out[t.group]! + treeExpectation(t)
  return out
}
