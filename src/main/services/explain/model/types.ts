/**
 * One in-memory shape for every tree ensemble the explain area reads (XGBoost JSON, LightGBM dump_model JSON):
 * flat typed arrays per tree, so prediction and TreeSHAP walk them without allocating.
 */

/** How a node splits: XGBoost `x < t`, LightGBM `x <= t`, or a category set (XGBoost: in the set → right; LightGBM: → left). */
export const SPLIT_LT = 0
export const SPLIT_LE = 1
export const SPLIT_CAT_RIGHT = 2
export const SPLIT_CAT_LEFT = 3

/** What a missing value (NaN) does at a node. */
export const MISSING_DEFAULT = 0 // to the default child (XGBoost; LightGBM missing_type "NaN")
export const MISSING_AS_ZERO = 1 // read as 0.0 and compared (LightGBM missing_type "None")
export const MISSING_ZERO_DEFAULT = 2 // NaN and 0.0 go to the default child (LightGBM missing_type "Zero")
export const MISSING_RIGHT = 3 // to the right child (LightGBM categorical splits)

export interface Tree {
  /** Child node indexes; -1 on leaves. */
  left: Int32Array
  right: Int32Array
  feature: Int32Array
  threshold: Float64Array
  split: Uint8Array
  missing: Uint8Array
  defaultLeft: Uint8Array
  /** Category sets of categorical nodes (undefined elsewhere). */
  cats: (Set<number> | undefined)[]
  /** Leaf values (0 on internal nodes), already scaled (DART weights, averaged forests). */
  value: Float64Array
  /** Training cover per node (XGBoost sum_hessian, LightGBM counts): the weights of the conditional expectation. */
  cover: Float64Array
  /** cover[node] / cover[parent] (1 at the root): the probability of taking a branch when its feature is unknown. */
  frac: Float64Array
  /** Output (class) this tree adds to. */
  group: number
  /** Edges on the longest root-to-leaf path. */
  maxDepth: number
  /** Distinct features the tree splits on. */
  features: Int32Array
}

export type Link = 'identity' | 'logistic' | 'exp' | 'softmax'

export interface TreeModel {
  format: 'xgboost' | 'lightgbm'
  /** Version written in the file, e.g. "1.4.1" or "v2". */
  formatVersion: string
  objective: string
  /** How a margin becomes a prediction; SHAP values are in margin (raw) space. */
  link: Link
  /** Number of outputs (classes of a multiclass model, else 1). */
  outputs: number
  outputNames: string[]
  /** Base margin per output (XGBoost base_score turned into margin space; 0 for LightGBM). */
  baseMargin: number[]
  features: string[]
  featureTypes: ('numeric' | 'categorical')[]
  /** False when the file had no names and they were made up (f0…, Column_0…). */
  namedFeatures: boolean
  trees: Tree[]
  /** XGBoost compares float32 values: inputs are rounded to float32 before splitting. */
  float32Inputs: boolean
  /** Things worth telling the user (no objective in the file, etc.). */
  notes: string[]
}

/** A model file that cannot be explained: the message says what is missing or unsupported. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError'
}

/** Leaf-to-root bookkeeping shared by the readers: depth and the distinct split features. */
export function finishTree(t: Omit<Tree, 'maxDepth' | 'features' | 'frac'>): Tree {
  const n = t.left.length
  const depth = new Int32Array(n)
  const frac = new Float64Array(n)
  frac[0] = 1
  let maxDepth = 0
  const feats = new Set<number>()
  const stack = [0]
  while (stack.length) {
    const i = stack.pop()!
    if (t.left[i]! < 0) continue
    feats.add(t.feature[i]!)
    const l = t.left[i]!
    const r = t.right[i]!
    const w = t.cover[i]!
    const sum = t.cover[l]! + t.cover[r]!
    // a node without cover (never seen in training) splits what reaches it by its children's covers, else evenly
    frac[l] = w > 0 ? t.cover[l]! / w : sum > 0 ? t.cover[l]! / sum : 0.5
    frac[r] = w > 0 ? t.cover[r]! / w : sum > 0 ? t.cover[r]! / sum : 0.5
    for (const c of [l, r]) {
      depth[c] = depth[i]! + 1
      if (depth[c]! > maxDepth) maxDepth = depth[c]!
      stack.push(c)
    }
  }
  return { ...t, frac, maxDepth, features: Int32Array.from([...feats].sort((a, b) => a - b)) }
}

export function emptyTree(n: number, group: number): Omit<Tree, 'maxDepth' | 'features' | 'frac'> {
  return {
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    feature: new Int32Array(n),
    threshold: new Float64Array(n),
    split: new Uint8Array(n),
    missing: new Uint8Array(n),
    defaultLeft: new Uint8Array(n),
    cats: new Array<Set<number> | undefined>(n),
    value: new Float64Array(n),
    cover: new Float64Array(n),
    group
  }
}
