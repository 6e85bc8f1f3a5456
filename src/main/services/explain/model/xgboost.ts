/**
 * XGBoost `save_model("….json")`: learner.gradient_booster.model.trees[] (gbtree; dart keeps it under .gbtree with
 * weight_drop). A leaf's value is its split_conditions entry; a split sends x < condition left, missing values to
 * the default child; categorical splits (split_type 1) send the listed categories right. base_score is in output
 * space ("5E-1", or "[5E-1]" since 3.1) and becomes a margin through the objective's link (a logit for logistic).
 */
import { isObject, type Json } from './json'
import {
  emptyTree,
  finishTree,
  MISSING_DEFAULT,
  ModelFormatError,
  SPLIT_CAT_RIGHT,
  SPLIT_LT,
  type Link,
  type Tree,
  type TreeModel
} from './types'

const LOGIT = new Set(['binary:logistic', 'reg:logistic', 'binary:logitraw'])
const LOG = new Set(['count:poisson', 'reg:gamma', 'reg:tweedie', 'survival:cox', 'survival:aft'])

function linkOf(objective: string): Link {
  if (objective === 'binary:logistic' || objective === 'reg:logistic') return 'logistic'
  if (objective.startsWith('multi:')) return 'softmax'
  if (LOG.has(objective)) return 'exp'
  return 'identity'
}

/** base_score in output space → margin, as XGBoost's ProbToMargin does for the objective. */
export function baseMarginOf(objective: string, baseScore: number): number {
  if (LOGIT.has(objective)) {
    if (!(baseScore > 0 && baseScore < 1))
      throw new ModelFormatError(`base_score ${baseScore} is not a probability (objective ${objective})`)
    return Math.log(baseScore / (1 - baseScore))
  }
  if (LOG.has(objective)) {
    if (!(baseScore > 0)) throw new ModelFormatError(`base_score ${baseScore} must be positive for objective ${objective}`)
    return Math.log(baseScore)
  }
  return baseScore
}

/** "5E-1", "[5E-1]", "[1E0,2E0]" or a number → numbers. */
export function parseBaseScore(raw: unknown): number[] {
  if (typeof raw === 'number') return [raw]
  if (typeof raw !== 'string') throw new ModelFormatError('learner.learner_model_param.base_score is missing')
  const s = raw.trim().replace(/^\[|\]$/g, '')
  const parts = s.split(',').map((p) => Number(p.trim()))
  if (!parts.length || parts.some((p) => !Number.isFinite(p))) throw new ModelFormatError(`base_score "${raw}" is not a number`)
  return parts
}

const need = (o: Json, key: string, where: string): unknown => {
  if (!(key in o)) throw new ModelFormatError(`XGBoost model: ${where}.${key} is missing`)
  return o[key]
}

const numArray = (o: Json, key: string, where: string, n: number): number[] => {
  const v = need(o, key, where)
  if (!Array.isArray(v)) throw new ModelFormatError(`XGBoost model: ${where}.${key} is not an array`)
  if (v.length !== n) throw new ModelFormatError(`XGBoost model: ${where}.${key} has ${v.length} entries, expected ${n}`)
  return v.map((x) => (x === null ? NaN : typeof x === 'boolean' ? Number(x) : Number(x)))
}

function readTree(raw: unknown, i: number, group: number, weight: number, numFeature: number): Tree {
  const where = `trees[${i}]`
  if (!isObject(raw)) throw new ModelFormatError(`XGBoost model: ${where} is not an object`)
  const left = need(raw, 'left_children', where)
  if (!Array.isArray(left)) throw new ModelFormatError(`XGBoost model: ${where}.left_children is not an array`)
  const n = left.length
  if (n === 0) throw new ModelFormatError(`XGBoost model: ${where} has no nodes`)
  const param = isObject(raw.tree_param) ? raw.tree_param : {}
  const leafVector = Number(param.size_leaf_vector ?? 0)
  if (leafVector > 1)
    throw new ModelFormatError(
      `XGBoost model: ${where} has vector leaves (size_leaf_vector ${leafVector}, multi_strategy "multi_output_tree"); only one value per leaf is supported`
    )
  const l = numArray(raw, 'left_children', where, n)
  const r = numArray(raw, 'right_children', where, n)
  const feat = numArray(raw, 'split_indices', where, n)
  const cond = numArray(raw, 'split_conditions', where, n)
  const dflt = numArray(raw, 'default_left', where, n)
  const hess = numArray(raw, 'sum_hessian', where, n)
  const stype = 'split_type' in raw ? numArray(raw, 'split_type', where, n) : new Array<number>(n).fill(0)
  const t = emptyTree(n, group)
  for (let j = 0; j < n; j++) {
    t.cover[j] = hess[j]!
    if (l[j] === -1) {
      t.value[j] = cond[j]! * weight
      continue
    }
    if (!(l[j]! > 0 && l[j]! < n && r[j]! > 0 && r[j]! < n))
      throw new ModelFormatError(`XGBoost model: ${where} node ${j} points at a child that does not exist`)
    if (!(feat[j]! >= 0 && feat[j]! < numFeature))
      throw new ModelFormatError(`XGBoost model: ${where} node ${j} splits on feature ${feat[j]}, but the model has ${numFeature} features`)
    t.left[j] = l[j]!
    t.right[j] = r[j]!
    t.feature[j] = feat[j]!
    t.threshold[j] = cond[j]!
    t.defaultLeft[j] = dflt[j] ? 1 : 0
    t.missing[j] = MISSING_DEFAULT
    t.split[j] = stype[j] === 1 ? SPLIT_CAT_RIGHT : SPLIT_LT
  }
  if (stype.some((s) => s === 1)) {
    const nodes = numArray(raw, 'categories_nodes', where, (raw.categories_nodes as unknown[] | undefined)?.length ?? 0)
    const seg = numArray(raw, 'categories_segments', where, nodes.length)
    const size = numArray(raw, 'categories_sizes', where, nodes.length)
    const cats = need(raw, 'categories', where) as number[]
    nodes.forEach((node, k) => {
      const set = new Set<number>(cats.slice(seg[k]!, seg[k]! + size[k]!).map(Number))
      t.cats[node] = set
    })
    for (let j = 0; j < n; j++)
      if (t.split[j] === SPLIT_CAT_RIGHT && !t.cats[j])
        throw new ModelFormatError(`XGBoost model: ${where} node ${j} is categorical but lists no categories`)
  }
  return finishTree(t)
}

export function readXgboost(doc: Json): TreeModel {
  const learner = doc.learner
  if (!isObject(learner)) throw new ModelFormatError('XGBoost model: "learner" is missing')
  const booster = learner.gradient_booster
  if (!isObject(booster)) throw new ModelFormatError('XGBoost model: learner.gradient_booster is missing')
  const name = String(booster.name ?? '')
  if (name === 'gblinear')
    throw new ModelFormatError(
      'XGBoost model: the booster is gblinear (a linear model): it has no trees (learner.gradient_booster.model.trees), so TreeSHAP cannot explain it; use a model endpoint with Permutation or Kernel SHAP'
    )
  let model: unknown
  let weights: number[] | null = null
  if (name === 'dart') {
    const inner = booster.gbtree
    if (!isObject(inner)) throw new ModelFormatError('XGBoost model: dart booster without learner.gradient_booster.gbtree')
    model = inner.model
    const wd = booster.weight_drop
    if (!Array.isArray(wd)) throw new ModelFormatError('XGBoost model: dart booster without weight_drop')
    weights = wd.map(Number)
  } else if (name === 'gbtree' || name === '') model = booster.model
  else throw new ModelFormatError(`XGBoost model: booster "${name}" is not supported (gbtree and dart are)`)
  if (!isObject(model)) throw new ModelFormatError('XGBoost model: learner.gradient_booster.model is missing')
  const trees = model.trees
  if (!Array.isArray(trees)) throw new ModelFormatError('XGBoost model: learner.gradient_booster.model.trees is missing')

  const mp = isObject(learner.learner_model_param) ? learner.learner_model_param : null
  if (!mp) throw new ModelFormatError('XGBoost model: learner.learner_model_param is missing')
  const numFeature = Number(mp.num_feature)
  if (!(numFeature > 0)) throw new ModelFormatError('XGBoost model: learner.learner_model_param.num_feature is missing')
  const numClass = Number(mp.num_class ?? 0)
  const numTarget = Number(mp.num_target ?? 1)
  const outputs = Math.max(1, numClass, numTarget)
  const objective = isObject(learner.objective) && typeof learner.objective.name === 'string' ? learner.objective.name : ''
  const notes: string[] = []
  if (!objective) notes.push('the file names no objective: margins are shown as they are (identity link)')
  const base = parseBaseScore(mp.base_score).map((b) => baseMarginOf(objective, b))
  if (base.length !== 1 && base.length !== outputs)
    throw new ModelFormatError(`XGBoost model: base_score has ${base.length} values for ${outputs} outputs`)
  const baseMargin = Array.from({ length: outputs }, (_, k) => base[base.length === 1 ? 0 : k]!)

  let info: number[]
  if (Array.isArray(model.tree_info)) info = model.tree_info.map(Number)
  else if (outputs === 1) info = trees.map(() => 0)
  else throw new ModelFormatError('XGBoost model: learner.gradient_booster.model.tree_info is missing (needed to know each tree’s class)')
  if (info.length !== trees.length)
    throw new ModelFormatError(`XGBoost model: tree_info has ${info.length} entries for ${trees.length} trees`)
  if (weights && weights.length !== trees.length)
    throw new ModelFormatError(`XGBoost model: weight_drop has ${weights.length} entries for ${trees.length} trees`)
  const parsed = trees.map((t, i) => {
    const g = info[i]!
    if (!(g >= 0 && g < outputs))
      throw new ModelFormatError(`XGBoost model: tree ${i} belongs to output ${g}, but the model has ${outputs}`)
    return readTree(t, i, g, weights ? weights[i]! : 1, numFeature)
  })

  const names = Array.isArray(learner.feature_names) ? learner.feature_names.map(String) : []
  const types = Array.isArray(learner.feature_types) ? learner.feature_types.map(String) : []
  const named = names.length === numFeature
  const features = named ? names : Array.from({ length: numFeature }, (_, j) => `f${j}`)
  const catNodes = new Set<number>()
  for (const t of parsed) for (let j = 0; j < t.left.length; j++) if (t.split[j] === SPLIT_CAT_RIGHT) catNodes.add(t.feature[j]!)
  const featureTypes = features.map(
    (_, j) => (types[j] === 'c' || catNodes.has(j) ? 'categorical' : 'numeric') as 'numeric' | 'categorical'
  )
  const version = Array.isArray(doc.version) ? doc.version.join('.') : 'unknown'
  return {
    format: 'xgboost',
    formatVersion: version,
    objective: objective || 'unknown',
    link: linkOf(objective),
    outputs,
    outputNames: outputs === 1 ? ['output'] : Array.from({ length: outputs }, (_, k) => `class ${k}`),
    baseMargin,
    features,
    featureTypes,
    namedFeatures: named,
    trees: parsed,
    float32Inputs: true,
    notes
  }
}
