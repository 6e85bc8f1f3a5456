/**
 * LightGBM `Booster.dump_model()` JSON: tree_info[].tree_structure, nested nodes. Numeric splits send x <= threshold
 * left; categorical splits (decision_type "==") send the categories listed in "1||3" left; missing values follow
 * missing_type ("None": read as 0, "Zero": 0 and NaN to the default child, "NaN": NaN to the default child);
 * a tree may be a single leaf. There is no base score: the first tree carries the average.
 */
import { isObject, type Json } from './json'
import {
  emptyTree,
  finishTree,
  MISSING_AS_ZERO,
  MISSING_DEFAULT,
  MISSING_RIGHT,
  MISSING_ZERO_DEFAULT,
  ModelFormatError,
  SPLIT_CAT_LEFT,
  SPLIT_LE,
  type Link,
  type Tree,
  type TreeModel
} from './types'

function linkOf(objective: string): Link {
  const o = objective.split(/\s+/)[0] ?? ''
  if (o === 'binary' || o === 'multiclassova' || o === 'cross_entropy' || o === 'xentropy') return 'logistic'
  if (o === 'multiclass' || o === 'softmax') return 'softmax'
  if (o === 'poisson' || o === 'gamma' || o === 'tweedie') return 'exp'
  return 'identity'
}

const MISSING: Record<string, number> = { None: MISSING_AS_ZERO, Zero: MISSING_ZERO_DEFAULT, NaN: MISSING_DEFAULT }

interface Flat {
  nodes: Json[]
  left: number[]
  right: number[]
}

function flatten(root: Json, where: string): Flat {
  const f: Flat = { nodes: [], left: [], right: [] }
  const visit = (n: unknown, path: string): number => {
    if (!isObject(n)) throw new ModelFormatError(`LightGBM model: ${path} is not a node`)
    const i = f.nodes.length
    f.nodes.push(n)
    f.left.push(-1)
    f.right.push(-1)
    if ('split_feature' in n) {
      if (!('left_child' in n) || !('right_child' in n)) throw new ModelFormatError(`LightGBM model: ${path} has a split but no children`)
      f.left[i] = visit(n.left_child, `${path}.left_child`)
      f.right[i] = visit(n.right_child, `${path}.right_child`)
    } else if (!('leaf_value' in n)) throw new ModelFormatError(`LightGBM model: ${path} has neither split_feature nor leaf_value`)
    return i
  }
  visit(root, where)
  return f
}

function readTree(info: Json, i: number, group: number, scale: number, numFeatures: number): Tree {
  const where = `tree_info[${i}].tree_structure`
  if (info.is_linear === true)
    throw new ModelFormatError(`LightGBM model: tree ${i} is a linear tree (linear_tree=true): leaves with linear models are not supported`)
  if (!isObject(info.tree_structure)) throw new ModelFormatError(`LightGBM model: ${where} is missing`)
  const f = flatten(info.tree_structure, where)
  const t = emptyTree(f.nodes.length, group)
  f.nodes.forEach((n, j) => {
    if (f.left[j]! < 0) {
      if ('leaf_coeff' in n) throw new ModelFormatError(`LightGBM model: tree ${i} has linear leaves (leaf_coeff), which are not supported`)
      t.value[j] = Number(n.leaf_value) * scale
      t.cover[j] = Number(n.leaf_count ?? n.leaf_weight ?? 0)
      return
    }
    const feat = Number(n.split_feature)
    if (!(feat >= 0 && feat < numFeatures))
      throw new ModelFormatError(
        `LightGBM model: tree ${i} splits on feature ${n.split_feature}, but the model has ${numFeatures} features`
      )
    t.left[j] = f.left[j]!
    t.right[j] = f.right[j]!
    t.feature[j] = feat
    t.cover[j] = Number(n.internal_count ?? n.internal_weight ?? 0)
    t.defaultLeft[j] = n.default_left === true ? 1 : 0
    const dt = String(n.decision_type ?? '<=')
    if (dt === '==') {
      t.split[j] = SPLIT_CAT_LEFT
      t.missing[j] = MISSING_RIGHT
      const cats = String(n.threshold)
        .split('||')
        .map((c) => Number(c))
      if (cats.some((c) => !Number.isInteger(c)))
        throw new ModelFormatError(`LightGBM model: tree ${i} has a categorical split on "${String(n.threshold)}"`)
      t.cats[j] = new Set(cats)
    } else if (dt === '<=') {
      t.split[j] = SPLIT_LE
      const mt = String(n.missing_type ?? 'None')
      if (!(mt in MISSING)) throw new ModelFormatError(`LightGBM model: tree ${i} has missing_type "${mt}" (expected None, Zero or NaN)`)
      t.missing[j] = MISSING[mt]!
      t.threshold[j] = Number(n.threshold)
      if (Number.isNaN(t.threshold[j])) throw new ModelFormatError(`LightGBM model: tree ${i} has a threshold that is not a number`)
    } else throw new ModelFormatError(`LightGBM model: tree ${i} has decision_type "${dt}" (expected <= or ==)`)
  })
  return finishTree(t)
}

export function readLightgbm(doc: Json): TreeModel {
  const infos = doc.tree_info
  if (!Array.isArray(infos)) throw new ModelFormatError('LightGBM model: tree_info is missing')
  const maxIdx = Number(doc.max_feature_idx)
  const names = Array.isArray(doc.feature_names) ? doc.feature_names.map(String) : []
  const numFeatures = Number.isFinite(maxIdx) ? maxIdx + 1 : names.length
  if (!(numFeatures > 0)) throw new ModelFormatError('LightGBM model: max_feature_idx and feature_names are both missing')
  const perIter = Math.max(1, Number(doc.num_tree_per_iteration ?? doc.num_class ?? 1))
  const numClass = Math.max(1, Number(doc.num_class ?? 1))
  const outputs = Math.max(perIter, numClass)
  const objective = typeof doc.objective === 'string' ? doc.objective : ''
  const notes: string[] = []
  if (!objective) notes.push('the file names no objective: margins are shown as they are (identity link)')
  const sigmoid = /sigmoid:([\d.eE+-]+)/.exec(objective)
  if (sigmoid && Number(sigmoid[1]) !== 1)
    notes.push(`the binary objective scales margins by sigmoid:${sigmoid[1]} before the logistic link`)
  const average = doc.average_output === true
  const iterations = Math.ceil(infos.length / perIter)
  if (average) notes.push(`averaged output (random forest mode): each leaf counts 1/${iterations}`)
  const trees = infos.map((info, i) => {
    if (!isObject(info)) throw new ModelFormatError(`LightGBM model: tree_info[${i}] is not an object`)
    const idx = Number(info.tree_index ?? i)
    return readTree(info, i, idx % perIter, average ? 1 / iterations : 1, numFeatures)
  })
  const named = names.length === numFeatures && !names.every((n, j) => n === `Column_${j}`)
  const features = names.length === numFeatures ? names : Array.from({ length: numFeatures }, (_, j) => `Column_${j}`)
  const infosF = Array.isArray(doc.feature_infos) ? doc.feature_infos : isObject(doc.feature_infos) ? Object.values(doc.feature_infos) : []
  const catFeats = new Set<number>()
  for (const t of trees) for (let j = 0; j < t.left.length; j++) if (t.split[j] === SPLIT_CAT_LEFT) catFeats.add(t.feature[j]!)
  const featureTypes = features.map((_, j) => {
    const info = infosF[j]
    const cat =
      catFeats.has(j) || (typeof info === 'string' && /^-?\d+(:-?\d+)*$/.test(info) && info.includes(':') && !info.startsWith('['))
    return (cat ? 'categorical' : 'numeric') as 'numeric' | 'categorical'
  })
  return {
    format: 'lightgbm',
    formatVersion: String(doc.version ?? 'unknown'),
    objective: objective || 'unknown',
    link: linkOf(objective),
    outputs,
    outputNames: outputs === 1 ? ['output'] : Array.from({ length: outputs }, (_, k) => `class ${k}`),
    baseMargin: new Array<number>(outputs).fill(0),
    features,
    featureTypes,
    namedFeatures: named,
    trees,
    float32Inputs: false,
    notes
  }
}
