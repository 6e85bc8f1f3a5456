import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { sharedData } from '../../../../tests/helpers/data'
import { AppError } from '../../../shared/errors'

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__/treeshap')
const DATA = path.join(FIX, 'churn_data.csv')
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(FIX, `${name}.expected.json`), 'utf8')) as {
    bruteForce: number[][][]
    xgboost: { predContribs: number[][][] }
  }

let t: TestApp
afterEach(async () => t?.cleanup())

/** A registry model "churn" with two versions whose artifacts are the reference script's models. */
function registry(app: TestApp['app']): { v1: number; v2: number; bare: number } {
  const m = app.models.create({ name: 'churn', description: '', owner: '', tags: {} })
  const v1 = app.models.createVersion({
    modelId: m.id,
    artifactPath: path.join(FIX, 'churn_v1.model.json'),
    description: '',
    notes: '',
    tags: {}
  })
  const v2 = app.models.createVersion({
    modelId: m.id,
    artifactPath: path.join(FIX, 'churn_v2.model.json'),
    description: '',
    notes: '',
    tags: {}
  })
  const bare = app.models.createVersion({ modelId: m.id, description: '', notes: '', tags: {} })
  return { v1: v1.id, v2: v2.id, bare: bare.id }
}

const base = { rows: 1000, interactions: false, algorithm: 'tree-path' as const, backgroundRows: 100, maxEvals: 500, seed: 42, exclude: [] }

describe('explanations of a version over a data file', () => {
  it('stores SHAP values equal to brute force and XGBoost’s pred_contribs, with the version, the data’s hash and the settings', async () => {
    t = tempApp()
    const { v1 } = registry(t.app)
    const done = await t.app.explain.explain({ ...base, versionId: v1, dataPath: DATA, rows: 5000 })
    const d = t.app.explain.get(done.explanationId)
    expect(d).toMatchObject({
      state: 'done',
      versionId: v1,
      versionLabel: 'churn v1',
      modelKind: 'xgboost',
      algorithm: 'tree-path',
      rows: 2000,
      dataSha256: createHash('sha256').update(fs.readFileSync(DATA)).digest('hex'),
      features: ['age', 'tenure_months', 'monthly_charges', 'support_calls', 'plan', 'usage_gb'],
      outputs: ['output'],
      link: 'logistic'
    })
    expect(d.modelSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(d.settings).toMatchObject({ algorithm: 'tree-path', rows: 5000, seed: 42 })
    expect(d.localAccuracy).toBeLessThan(1e-9)
    expect(d.importance[0]!.map((i) => i.meanAbs)).toEqual([...d.importance[0]!.map((i) => i.meanAbs)].sort((a, b) => b - a))
    const fx = fixture('churn_v1')
    for (let pos = 0; pos < 12; pos++) {
      const row = t.app.explain.row(done.explanationId, 0, pos)
      expect(row.rowId).toBe(pos)
      for (const c of row.contributions) {
        const j = d.features.indexOf(c.feature)
        expect(Math.abs(c.phi - fx.bruteForce[pos]![0]![j]!)).toBeLessThan(1e-9)
        expect(Math.abs(c.phi - fx.xgboost.predContribs[pos]![0]![j]!)).toBeLessThan(1e-5)
      }
      expect(row.expected + row.contributions.reduce((s, c) => s + c.phi, 0)).toBeCloseTo(row.fx, 9)
      expect(row.prediction).toBeCloseTo(1 / (1 + Math.exp(-row.fx)), 12)
    }
    const csv = t.app.explain.csv(done.explanationId, 0)
    expect(csv.filename).toMatch(/^shap-churn_v1.*\.csv$/)
    const lines = csv.csv.trim().split('\n')
    expect(lines).toHaveLength(2001)
    expect(lines[0]).toBe(
      'row,age,tenure_months,monthly_charges,support_calls,plan,usage_gb,shap_age,shap_tenure_months,shap_monthly_charges,shap_support_calls,shap_plan,shap_usage_gb,expected_value,f_x'
    )
  })

  it('gives the views their data: beeswarm coloured by value, dependence with the strongest interaction, the comparison of two versions', async () => {
    t = tempApp()
    const { v1, v2 } = registry(t.app)
    const a = await t.app.explain.explain({ ...base, versionId: v1, dataPath: DATA })
    const b = await t.app.explain.explain({ ...base, versionId: v2, dataPath: DATA })
    const bee = t.app.explain.beeswarm(a.explanationId, 0, 10, 400)
    expect(bee).toMatchObject({ rows: 1000, shown: 400, otherFeatures: 0 })
    expect(bee.features).toHaveLength(6)
    expect(bee.features[0]!.name).toBe(t.app.explain.get(a.explanationId).importance[0]![0]!.feature)
    for (const f of bee.features) {
      expect(f.phi).toHaveLength(400)
      expect(f.color.every((c) => c === null || (c >= 0 && c <= 1))).toBe(true)
      expect(f.jitter.every((j) => Math.abs(j) <= 0.4)).toBe(true)
    }
    const dep = t.app.explain.dependence(a.explanationId, 0, 'support_calls', undefined, 3000)
    expect(dep.colorSource).toBe('approximation')
    expect(dep.colorFeature).not.toBe('support_calls')
    expect(dep.x).toHaveLength(1000)

    const cmp = t.app.explain.compare(a.explanationId, b.explanationId, 0, 0.05)
    expect(cmp.sameData).toBe(true)
    expect(cmp.features).toHaveLength(6)
    const calls = cmp.features.find((f) => f.feature === 'support_calls')!
    expect(calls.shift).toBeCloseTo(calls.meanAbsB! - calls.meanAbsA!, 12)
    expect(cmp.features.every((f) => f.rankA !== null && f.rankB !== null && f.ks !== null)).toBe(true)
    // v2 learnt another interaction with support calls: its attributions of support_calls differ from v1's
    expect(calls.drifted).toBe(true)
    expect(cmp.drifted).toBeGreaterThan(0)
    expect(cmp.rankCorrelation).not.toBeNull()
  })

  it('interaction values colour the dependence plot; interventional values sum to f(x) minus the background mean', async () => {
    t = tempApp()
    const { v1 } = registry(t.app)
    const inter = await t.app.explain.explain({ ...base, versionId: v1, dataPath: DATA, rows: 300, interactions: true })
    expect(t.app.explain.get(inter.explanationId).interactions).toBe(true)
    const dep = t.app.explain.dependence(inter.explanationId, 0, 'support_calls', undefined, 3000)
    expect(dep.colorSource).toBe('interaction values')
    const iv = await t.app.explain.explain({
      ...base,
      versionId: v1,
      dataPath: DATA,
      rows: 50,
      algorithm: 'tree-interventional',
      backgroundRows: 100
    })
    const d = t.app.explain.get(iv.explanationId)
    expect(d.localAccuracy).toBeLessThan(1e-9)
    expect(d.settings).toMatchObject({ algorithm: 'tree-interventional', backgroundRows: 100 })
  })

  it('refuses what it cannot explain, naming the field', async () => {
    t = tempApp()
    const { bare } = registry(t.app)
    const refuse = (input: Record<string, unknown>, field: string, message: RegExp) => {
      try {
        t.app.explain.startExplain({ ...base, dataPath: DATA, ...input } as never)
        throw new Error('accepted')
      } catch (err) {
        expect(err).toBeInstanceOf(AppError)
        expect((err as AppError).field).toBe(field)
        expect((err as AppError).message).toMatch(message)
      }
    }
    refuse({ versionId: bare }, 'versionId', /churn v3 has no model artifact/)
    refuse({ versionId: 999 }, 'versionId', /no version 999/)
    refuse({}, 'modelPath', /name a version, a model file, an endpoint or a batch folder/)
    refuse({ modelPath: path.join(FIX, 'churn_v1.model.json'), dataPath: '/nowhere.csv' }, 'dataPath', /not a file/)
    refuse(
      { modelPath: path.join(FIX, 'churn_v1.model.json'), interactions: true, algorithm: 'kernel' },
      'interactions',
      /path-dependent TreeSHAP only/
    )
    refuse({ endpointId: 5, algorithm: 'permutation' }, 'endpointId', /no such endpoint/)
    const gblinear = sharedData('treemodels', 'xgboost', 'xgblin_agaricus.json')
    await expect(t.app.explain.explain({ ...base, modelPath: gblinear, dataPath: DATA })).rejects.toThrow(/gblinear.*no trees/)
    expect(t.app.explain.list()[0]).toMatchObject({ state: 'failed', error: expect.stringMatching(/gblinear/) })
  })
})

describe('one row as JSON (the seed’s /api/ml/explain)', () => {
  it('explains a row by feature name, with missing values, and says what the row lacks', async () => {
    t = tempApp()
    const { v2 } = registry(t.app)
    const r = await t.app.explain.explainRow({
      versionId: v2,
      row: { age: 30, tenure_months: 3, monthly_charges: 99.5, support_calls: 4, plan: 0, usage_gb: null },
      algorithm: 'tree-path',
      backgroundRows: 100,
      maxEvals: 500,
      seed: 42,
      exclude: []
    })
    expect(r.features).toHaveLength(6)
    expect(r.values[5]).toBeNull()
    expect(r.expected[0]! + r.phi[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(r.fx[0]!, 9)
    expect(r.prediction[0]).toBeCloseTo(1 / (1 + Math.exp(-r.fx[0]!)), 12)
    await expect(
      t.app.explain.explainRow({
        versionId: v2,
        row: { age: 30 },
        algorithm: 'tree-path',
        backgroundRows: 100,
        maxEvals: 500,
        seed: 42,
        exclude: []
      })
    ).rejects.toThrow(/the row has no column for 5 of the model's 6 features: tenure_months/)
  })
})
