import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { predictMargin, prepareRow } from './predict'
import { readModelFile, readModelText } from './read'
import { syntheticModel, toXgboostJson } from './synthetic'
import { baseMarginOf, parseBaseScore } from './xgboost'

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '../__fixtures__/treeshap')
const text = (name: string): string => fs.readFileSync(path.join(FIX, name), 'utf8')

describe('XGBoost base_score', () => {
  it('reads "5E-1" and the 3.1 vector form "[5E-1]" alike, and turns it into a margin through the objective', () => {
    expect(parseBaseScore('5E-1')).toEqual([0.5])
    expect(parseBaseScore('[5E-1]')).toEqual([0.5])
    expect(parseBaseScore('[1E0,2E0,3E0]')).toEqual([1, 2, 3])
    expect(baseMarginOf('binary:logistic', 0.3)).toBeCloseTo(Math.log(0.3 / 0.7), 15)
    expect(baseMarginOf('count:poisson', 2)).toBeCloseTo(Math.log(2), 15)
    expect(baseMarginOf('reg:squarederror', 0.3)).toBe(0.3)
    expect(() => parseBaseScore('abc')).toThrow(/base_score "abc" is not a number/)
  })

  it('a model saved as "[3E-1]" predicts what the same model with "3E-1" predicts', () => {
    const src = text('xgb_binary.model.json')
    const scalar = readModelText(src)
    const m = /"base_score":"([^"]+)"/.exec(src)![1]!
    const vector = readModelText(src.replace(`"base_score":"${m}"`, `"base_score":"[${m}]"`))
    expect(scalar.baseMargin[0]).toBeCloseTo(Math.log(0.3 / 0.7), 6)
    expect(vector.baseMargin).toEqual(scalar.baseMargin)
    const x = prepareRow(scalar, [0.1, -0.3, 1, NaN, 0.2, 0.4, -1, 2])
    expect(predictMargin(vector, x)).toEqual(predictMargin(scalar, x))
  })
})

describe('readers refuse what they cannot explain, naming what is missing', () => {
  const reg = JSON.parse(text('xgb_regression.model.json')) as { learner: Record<string, any> }
  const variant = (edit: (d: any) => void): string => {
    const d = structuredClone(reg) as any
    edit(d)
    return JSON.stringify(d)
  }
  it.each([
    ['no trees', variant((d) => delete d.learner.gradient_booster.model.trees), /learner\.gradient_booster\.model\.trees is missing/],
    ['no learner_model_param', variant((d) => delete d.learner.learner_model_param), /learner_model_param is missing/],
    ['an unknown booster', variant((d) => (d.learner.gradient_booster.name = 'gbforest')), /booster "gbforest" is not supported/],
    [
      'vector leaves',
      variant((d) => (d.learner.gradient_booster.model.trees[0].tree_param.size_leaf_vector = '3')),
      /vector leaves.*multi_output_tree/
    ],
    [
      'a split on a feature the model lacks',
      variant((d) => (d.learner.gradient_booster.model.trees[0].split_indices[0] = 99)),
      /feature 99, but the model has 6/
    ],
    [
      'a short array',
      variant((d) => d.learner.gradient_booster.model.trees[1].sum_hessian.pop()),
      /trees\[1\]\.sum_hessian has \d+ entries, expected/
    ],
    ['a LightGBM text model', 'tree\nversion=v3\nnum_class=1\n', /LightGBM text model.*dump_model/],
    ['a binary XGBoost model', 'binf\u0000\u0000\u0000', /binary XGBoost model.*save_model/],
    ['some other JSON', '{"hello": 1}', /"learner\.gradient_booster".*"tree_info"/],
    [
      'a LightGBM linear tree',
      JSON.stringify({
        name: 'tree',
        version: 'v4',
        max_feature_idx: 0,
        tree_info: [{ tree_index: 0, is_linear: true, tree_structure: { leaf_value: 1 } }]
      }),
      /linear tree/
    ],
    [
      'a LightGBM node without a leaf value',
      JSON.stringify({
        name: 'tree',
        max_feature_idx: 0,
        tree_info: [{ tree_index: 0, tree_structure: { split_feature: 0, left_child: { leaf_value: 1 }, right_child: {} } }]
      }),
      /right_child has neither split_feature nor leaf_value/
    ]
  ])('%s', (_name, body, message) => {
    expect(() => readModelText(body)).toThrow(message)
  })

  it('reads bare NaN and Infinity as XGBoost writes them', () => {
    const m = readModelText(toXgboostJson(syntheticModel({ trees: 2, depth: 2, features: 3, seed: 5, categoricalChance: 1 })))
    expect(m.trees).toHaveLength(2)
  })
})

describe('model files and folders', () => {
  it('finds the model in an MLflow model folder (MLmodel names it) or the one JSON model in a folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-explain-model-'))
    try {
      fs.writeFileSync(path.join(dir, 'MLmodel'), 'flavors:\n  xgboost:\n    data: model.xgb\n    model_class: xgboost.core.Booster\n')
      fs.writeFileSync(path.join(dir, 'model.xgb'), text('xgb_dart.model.json'))
      fs.writeFileSync(path.join(dir, 'conda.json'), '{"name": "env"}')
      const a = readModelFile(dir)
      expect(a.path).toBe(path.join(dir, 'model.xgb'))
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/)
      fs.rmSync(path.join(dir, 'MLmodel'))
      fs.renameSync(path.join(dir, 'model.xgb'), path.join(dir, 'model.json'))
      expect(readModelFile(dir).path).toBe(path.join(dir, 'model.json'))
      fs.rmSync(path.join(dir, 'model.json'))
      expect(() => readModelFile(dir)).toThrow(/holds no XGBoost or LightGBM JSON model \(conda\.json are not models\)/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
