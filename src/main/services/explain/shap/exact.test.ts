import { describe, expect, it } from 'vitest'
import { expectedMargin, predictMargin, prepareRow } from '../model/predict'
import { syntheticModel, syntheticRows } from '../model/synthetic'
import type { TreeModel } from '../model/types'
import { bruteForceInteractions, bruteForceInterventional, bruteForcePathDependent, usedFeatures } from './bruteForce'
import { InterventionalShap } from './interventional'
import { FastPathShap } from './fastPath'
import { PathDependentShap } from './pathDependent'

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!))
  return d
}

const MODELS: [string, TreeModel][] = [
  ['full depth-4 trees, 8 features', syntheticModel({ trees: 6, depth: 4, features: 8, seed: 1 })],
  [
    'ragged trees, features repeated on paths',
    syntheticModel({ trees: 5, depth: 6, features: 10, seed: 2, leafChance: 0.25, featuresPerTree: 3 })
  ],
  ['categorical splits and missing values', syntheticModel({ trees: 5, depth: 4, features: 7, seed: 3, categoricalChance: 0.6 })],
  ['three classes', syntheticModel({ trees: 9, depth: 3, features: 6, seed: 4, outputs: 3, featuresPerTree: 4 })]
]

describe.each(MODELS)('exact TreeSHAP on %s', (_name, model) => {
  const M = model.features.length
  const K = model.outputs
  const rows = syntheticRows(model, 12, 99).map((r) => prepareRow(model, r))

  it.each([
    ['recursive', (m: TreeModel) => new PathDependentShap(m)],
    ['per-leaf tables', (m: TreeModel) => new FastPathShap(m)]
  ])('path-dependent values (%s) equal brute force (2^M cover-weighted games) to 1e-9, with local accuracy', (_alg, make) => {
    const shap = make(model)
    const e = expectedMargin(model)
    expect(usedFeatures(model).length).toBeLessThanOrEqual(10)
    for (const x of rows) {
      const phi = new Float64Array(K * M)
      shap.explain(x, phi)
      expect(maxAbsDiff(phi, bruteForcePathDependent(model, x))).toBeLessThan(1e-9)
      const f = predictMargin(model, x)
      for (let k = 0; k < K; k++) {
        const sum = phi.slice(k * M, (k + 1) * M).reduce((a, b) => a + b, 0)
        expect(Math.abs(e[k]! + sum - f[k]!)).toBeLessThan(1e-9)
      }
    }
  })

  it('interventional values equal brute force against a background to 1e-9, summing to f(x) − mean f(background)', () => {
    const background = syntheticRows(model, 15, 7).map((r) => prepareRow(model, r))
    const shap = new InterventionalShap(model, background)
    const mean = new Float64Array(K)
    for (const r of background) predictMargin(model, r).forEach((v, k) => (mean[k] = mean[k]! + v / background.length))
    for (const x of rows.slice(0, 6)) {
      const phi = new Float64Array(K * M)
      shap.explain(x, phi)
      expect(maxAbsDiff(phi, bruteForceInterventional(model, x, background))).toBeLessThan(1e-9)
      const f = predictMargin(model, x)
      for (let k = 0; k < K; k++) {
        const sum = phi.slice(k * M, (k + 1) * M).reduce((a, b) => a + b, 0)
        expect(Math.abs(mean[k]! + sum - f[k]!)).toBeLessThan(1e-9)
      }
    }
  })

  it('interaction values equal the brute-force Shapley interaction index and each row sums to φ_i', () => {
    const shap = new PathDependentShap(model)
    for (const x of rows.slice(0, 4)) {
      const out = new Float64Array(K * M * M)
      shap.interactions(x, out)
      expect(maxAbsDiff(out, bruteForceInteractions(model, x))).toBeLessThan(1e-9)
      const phi = new Float64Array(K * M)
      shap.explain(x, phi)
      for (let k = 0; k < K; k++)
        for (let i = 0; i < M; i++) {
          let s = 0
          for (let j = 0; j < M; j++) s += out[k * M * M + i * M + j]!
          expect(Math.abs(s - phi[k * M + i]!)).toBeLessThan(1e-9)
          for (let j = 0; j < M; j++) expect(out[k * M * M + i * M + j]).toBeCloseTo(out[k * M * M + j * M + i]!, 12)
        }
    }
  })
})

describe('per-leaf tables', () => {
  it('fall back to the recursive algorithm for paths with more distinct features than a table holds, with equal values', () => {
    const deep = syntheticModel({ trees: 2, depth: 18, features: 40, seed: 21, leafChance: 0.3 })
    const fast = new FastPathShap(deep)
    expect(fast.recursiveTrees).toBeGreaterThan(0)
    const slow = new PathDependentShap(deep)
    for (const r of syntheticRows(deep, 5, 3)) {
      const x = prepareRow(deep, r)
      const a = new Float64Array(40)
      const b = new Float64Array(40)
      fast.explain(x, a)
      slow.explain(x, b)
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-12)
    }
  })
})
