/**
 * TreeSHAP against scripts/reference/explain_treeshap_reference.py: brute-force Shapley values computed in Python
 * with its own tree readers (to 1e-9), and XGBoost 1.7's own pred_contribs / pred_interactions (float32 C++, to 1e-5),
 * for the shared sample models and models trained by the script.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { listAtLeast, sharedData } from '../../../../../tests/helpers/data'
import { expectedMargin, predictMargin, prepareRow } from '../model/predict'
import { readModelFile } from '../model/read'
import type { TreeModel } from '../model/types'
import { InterventionalShap } from './interventional'
import { FastPathShap } from './fastPath'
import { PathDependentShap } from './pathDependent'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..')
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../__fixtures__/treeshap')

type Nums = (number | null)[]
interface Fixture {
  model: string
  format: string
  rows: Nums[]
  margin: number[][]
  expectedValue: number[]
  bruteForce: number[][][]
  background?: Nums[]
  interventional?: number[][][]
  backgroundMean?: number[]
  interactions?: number[][][][]
  xgboost?: { margin: number[][]; predContribs: number[][][]; predInteractions?: number[][][][] }
}

const row = (r: Nums): Float64Array => Float64Array.from(r, (v) => (v === null ? NaN : v))
const fixtures = listAtLeast(DIR, 12, (f) => f.endsWith('.expected.json') && f !== 'ks.expected.json').map(
  (f) => [f.replace('.expected.json', ''), JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Fixture] as const
)
/** A fixture's model: one the script trained (beside the fixtures) or a shared sample (../shared/data, found by the helper). */
const SHARED = '../shared/data/'
const modelFile = (m: string): string => (m.startsWith(SHARED) ? sharedData(...m.slice(SHARED.length).split('/')) : path.resolve(ROOT, m))

describe.each(fixtures)('%s', (name, fx) => {
  const load = () => readModelFile(modelFile(fx.model)).model
  const it_ = it

  it_('reads the model: margins equal the reference routing and E[f] the cover-weighted expectation', () => {
    const m = load()
    fx.rows.forEach((r, i) => {
      const f = predictMargin(m, prepareRow(m, row(r)))
      fx.margin[i]!.forEach((v, k) => expect(Math.abs(f[k]! - v)).toBeLessThan(1e-9))
    })
    expectedMargin(m).forEach((e, k) => expect(Math.abs(e - fx.expectedValue[k]!)).toBeLessThan(1e-9))
  })

  it_.each([
    ['recursive', (m: TreeModel) => new PathDependentShap(m)],
    ['per-leaf tables', (m: TreeModel) => new FastPathShap(m)]
  ])('path-dependent TreeSHAP (%s) equals brute force to 1e-9 with local accuracy on every row', (_alg, make) => {
    const m = load()
    const M = m.features.length
    const shap = make(m)
    const e = expectedMargin(m)
    fx.rows.forEach((r, i) => {
      const x = prepareRow(m, row(r))
      const phi = new Float64Array(m.outputs * M)
      shap.explain(x, phi)
      const f = predictMargin(m, x)
      for (let k = 0; k < m.outputs; k++) {
        let sum = 0
        for (let j = 0; j < M; j++) {
          expect(Math.abs(phi[k * M + j]! - fx.bruteForce[i]![k]![j]!)).toBeLessThan(1e-9)
          sum += phi[k * M + j]!
        }
        expect(Math.abs(e[k]! + sum - f[k]!)).toBeLessThan(1e-9)
      }
    })
  })

  if (fx.xgboost) {
    const xg = fx.xgboost
    it_('agrees with XGBoost’s own pred_contribs (values and the bias column) and margins', () => {
      const m = load()
      const M = m.features.length
      const shap = new FastPathShap(m)
      const e = expectedMargin(m)
      const tol = 1e-5 * Math.max(1, ...fx.bruteForce.flat(2).map(Math.abs))
      fx.rows.forEach((r, i) => {
        const x = prepareRow(m, row(r))
        const phi = new Float64Array(m.outputs * M)
        shap.explain(x, phi)
        const f = predictMargin(m, x)
        for (let k = 0; k < m.outputs; k++) {
          expect(Math.abs(f[k]! - xg.margin[i]![k]!)).toBeLessThan(tol)
          for (let j = 0; j < M; j++) expect(Math.abs(phi[k * M + j]! - xg.predContribs[i]![k]![j]!)).toBeLessThan(tol)
          expect(Math.abs(e[k]! - xg.predContribs[i]![k]![M]!)).toBeLessThan(tol)
        }
      })
    })
  }

  if (fx.interventional && fx.background) {
    const bg = fx.background
    const want = fx.interventional
    it_('interventional TreeSHAP equals brute force against the background to 1e-9', () => {
      const m = load()
      const M = m.features.length
      const shap = new InterventionalShap(
        m,
        bg.map((r) => prepareRow(m, row(r)))
      )
      fx.rows.forEach((r, i) => {
        const phi = new Float64Array(m.outputs * M)
        shap.explain(prepareRow(m, row(r)), phi)
        for (let k = 0; k < m.outputs; k++)
          for (let j = 0; j < M; j++) expect(Math.abs(phi[k * M + j]! - want[i]![k]![j]!)).toBeLessThan(1e-9)
      })
    })
  }

  if (fx.interactions) {
    const want = fx.interactions
    it_('interaction values equal the brute-force interaction index (1e-9) and XGBoost’s pred_interactions (1e-5)', () => {
      const m = load()
      const M = m.features.length
      const K = m.outputs
      const shap = new PathDependentShap(m)
      const tol = 1e-5 * Math.max(1, ...fx.bruteForce.flat(2).map(Math.abs))
      fx.rows.forEach((r, i) => {
        const out = new Float64Array(K * M * M)
        shap.interactions(prepareRow(m, row(r)), out)
        for (let k = 0; k < K; k++)
          for (let a = 0; a < M; a++)
            for (let b = 0; b < M; b++) {
              const v = out[k * M * M + a * M + b]!
              expect(Math.abs(v - want[i]![k]![a]![b]!)).toBeLessThan(1e-9)
              if (fx.xgboost?.predInteractions) expect(Math.abs(v - fx.xgboost.predInteractions[i]![k]![a]![b]!)).toBeLessThan(tol)
            }
      })
    })
  }
})

describe('model files that cannot be explained say what is missing', () => {
  const shared = path.resolve(ROOT, '../shared/data/treemodels')
  const it_ = fs.existsSync(shared) ? it : it.skip
  it_('a gblinear booster names the missing trees', () => {
    expect(() => readModelFile(path.join(shared, 'xgboost/xgblin_agaricus.json'))).toThrow(
      /gblinear.*no trees.*gradient_booster\.model\.trees/
    )
  })
})
