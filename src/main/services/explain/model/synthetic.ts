/**
 * Random tree ensembles for tests and the benchmark: full or ragged trees with covers that add up, repeated features
 * on a path, missing-value defaults and (optionally) categorical splits. `toXgboostJson` writes one as an XGBoost
 * 1.7 save_model file, so XGBoost itself can read the same model.
 */
import { Rng } from '../random'
import { emptyTree, finishTree, MISSING_DEFAULT, SPLIT_CAT_RIGHT, SPLIT_LT, type Tree, type TreeModel } from './types'

export interface SyntheticSpec {
  trees: number
  depth: number
  features: number
  seed: number
  outputs?: number
  /** Chance that a node ends early (ragged trees). */
  leafChance?: number
  /** Chance that a split is categorical (XGBoost style: listed categories go right). */
  categoricalChance?: number
  /** Only these many distinct features per tree, so features repeat on a path. */
  featuresPerTree?: number
  baseMargin?: number
  objective?: string
}

export function syntheticModel(spec: SyntheticSpec): TreeModel {
  const rng = new Rng(spec.seed)
  const K = spec.outputs ?? 1
  const catFeatures = new Set<number>()
  if (spec.categoricalChance) for (let j = 0; j < spec.features; j += 3) catFeatures.add(j)
  const trees: Tree[] = []
  for (let i = 0; i < spec.trees; i++) {
    const pool = spec.featuresPerTree ? rng.sample(spec.features, spec.featuresPerTree) : null
    const nodes: { depth: number; cover: number }[] = [{ depth: 0, cover: 200 + rng.int(800) }]
    const left: number[] = [-1]
    const right: number[] = [-1]
    for (let n = 0; n < nodes.length; n++) {
      const { depth, cover } = nodes[n]!
      if (depth >= spec.depth || (depth > 0 && rng.next() < (spec.leafChance ?? 0))) continue
      const share = 0.1 + 0.8 * rng.next()
      left[n] = nodes.length
      nodes.push({ depth: depth + 1, cover: cover * share })
      left.push(-1)
      right.push(-1)
      right[n] = nodes.length
      nodes.push({ depth: depth + 1, cover: cover * (1 - share) })
      left.push(-1)
      right.push(-1)
    }
    const t = emptyTree(nodes.length, i % K)
    nodes.forEach((nd, n) => {
      t.cover[n] = nd.cover
      if (left[n]! < 0) {
        t.value[n] = Math.fround(rng.normal() * 0.3)
        return
      }
      t.left[n] = left[n]!
      t.right[n] = right[n]!
      const f = pool ? pool[rng.int(pool.length)]! : rng.int(spec.features)
      t.feature[n] = f
      t.defaultLeft[n] = rng.next() < 0.5 ? 1 : 0
      t.missing[n] = MISSING_DEFAULT
      if (catFeatures.has(f) && rng.next() < (spec.categoricalChance ?? 0)) {
        t.split[n] = SPLIT_CAT_RIGHT
        const set = new Set(rng.sample(6, 1 + rng.int(3)))
        t.cats[n] = set
      } else {
        t.split[n] = SPLIT_LT
        t.threshold[n] = Math.fround(rng.normal())
      }
    })
    trees.push(finishTree(t))
  }
  const features = Array.from({ length: spec.features }, (_, j) => `f${j}`)
  return {
    format: 'xgboost',
    formatVersion: '1.7.4',
    objective: spec.objective ?? (K > 1 ? 'multi:softprob' : 'reg:squarederror'),
    link: K > 1 ? 'softmax' : spec.objective === 'binary:logistic' ? 'logistic' : 'identity',
    outputs: K,
    outputNames: K === 1 ? ['output'] : Array.from({ length: K }, (_, k) => `class ${k}`),
    baseMargin: new Array<number>(K).fill(spec.baseMargin ?? 0.5),
    features,
    featureTypes: features.map((_, j) => (catFeatures.has(j) ? 'categorical' : 'numeric')),
    namedFeatures: false,
    trees,
    float32Inputs: true,
    notes: []
  }
}

/** Rows with values around the thresholds, a share of missing values and small integer categories. */
export function syntheticRows(m: TreeModel, n: number, seed: number, missingChance = 0.05): Float64Array[] {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () =>
    Float64Array.from(m.features, (_, j) =>
      rng.next() < missingChance ? NaN : m.featureTypes[j] === 'categorical' ? rng.int(7) : Math.fround(rng.normal() * 1.2)
    )
  )
}

const f32 = (v: number): string => {
  if (Number.isNaN(v)) return 'NaN'
  const s = String(Math.fround(v))
  return /^-?\d+$/.test(s) ? `${s}.0` : s // XGBoost's JSON reader wants a fraction or an exponent in a float
}

/** The model as an XGBoost 1.7 save_model JSON text (gbtree; reg:squarederror, binary:logistic or multi:softprob). */
export function toXgboostJson(m: TreeModel): string {
  const trees = m.trees.map((t, id) => {
    const n = t.left.length
    const parents = new Array<number>(n).fill(2147483647)
    for (let j = 0; j < n; j++)
      if (t.left[j]! >= 0) {
        parents[t.left[j]!] = j
        parents[t.right[j]!] = j
      }
    const catNodes: number[] = []
    const cats: number[] = []
    const segs: number[] = []
    const sizes: number[] = []
    for (let j = 0; j < n; j++)
      if (t.split[j] === SPLIT_CAT_RIGHT && t.left[j]! >= 0) {
        const c = [...t.cats[j]!].sort((a, b) => a - b)
        catNodes.push(j)
        segs.push(cats.length)
        sizes.push(c.length)
        cats.push(...c)
      }
    const cond = Array.from({ length: n }, (_, j) =>
      t.left[j]! < 0 ? t.value[j]! : t.split[j] === SPLIT_CAT_RIGHT ? NaN : t.threshold[j]!
    )
    return `{"base_weights":[${Array.from({ length: n }, (_, j) => f32(t.value[j]!)).join(',')}],"categories":[${cats.join(',')}],"categories_nodes":[${catNodes.join(',')}],"categories_segments":[${segs.join(',')}],"categories_sizes":[${sizes.join(',')}],"default_left":[${Array.from(t.defaultLeft, (d, j) => (t.left[j]! >= 0 && d ? 'true' : 'false')).join(',')}],"id":${id},"left_children":[${t.left.join(',')}],"loss_changes":[${new Array(n).fill('0.0').join(',')}],"parents":[${parents.join(',')}],"right_children":[${t.right.join(',')}],"split_conditions":[${cond.map(f32).join(',')}],"split_indices":[${Array.from(t.feature, (f, j) => (t.left[j]! >= 0 ? f : 0)).join(',')}],"split_type":[${Array.from(t.split, (s, j) => (t.left[j]! >= 0 && s === SPLIT_CAT_RIGHT ? 1 : 0)).join(',')}],"sum_hessian":[${Array.from(t.cover, f32).join(',')}],"tree_param":{"num_deleted":"0","num_feature":"${m.features.length}","num_nodes":"${n}","size_leaf_vector":"0"}}`
  })
  const K = m.outputs
  const base = m.objective === 'binary:logistic' ? 1 / (1 + Math.exp(-m.baseMargin[0]!)) : m.baseMargin[0]!
  const types = m.featureTypes.map((t) => (t === 'categorical' ? '"c"' : '"float"'))
  return `{"learner":{"attributes":{},"feature_names":[${m.namedFeatures ? m.features.map((f) => JSON.stringify(f)).join(',') : ''}],"feature_types":[${m.namedFeatures || m.featureTypes.includes('categorical') ? types.join(',') : ''}],"gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"${m.trees.length}","size_leaf_vector":"0"},"tree_info":[${m.trees.map((t) => t.group).join(',')}],"trees":[${trees.join(',')}]},"name":"gbtree"},"learner_model_param":{"base_score":"${base}","boost_from_average":"1","num_class":"${K > 1 ? K : 0}","num_feature":"${m.features.length}","num_target":"1"},"objective":{"name":"${m.objective}"${K > 1 ? `,"softmax_multiclass_param":{"num_class":"${K}"}` : ''}${m.objective === 'binary:logistic' || m.objective === 'reg:squarederror' ? ',"reg_loss_param":{"scale_pos_weight":"1"}' : ''}}},"version":[1,7,4]}`
}
