/**
 * Ensembles over a real workspace: NNLS and Caruana weights against scipy's (scripts/reference/optimize_ensembles_reference.py),
 * evaluation on rows the weights never saw through the models area's evaluation, the ensemble beating its best member,
 * registration, the "ensemble beats the champion" alert, and clear errors.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RuleInput } from '../../../shared/contract/alerts'
import { modelsChannels } from '../../../shared/contract/models'
import { EnsembleInput } from '../../../shared/contract/optimize'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { nnls } from './ensembleMath'

const FIX = path.join(__dirname, '__fixtures__', 'ensembles')
interface TaskExpected {
  rows: number
  fitRows: number
  evalRows: number
  nnlsWeights: number[]
  caruanaWeights: number[]
  evalLoss: { members: number[]; average: number; nnls: number; caruana: number }
}
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as {
  regression: TaskExpected
  classification: TaskExpected
  nnlsCases: { columns: number[][]; y: number[]; weights: number[] }[]
}

let t: TestApp
afterEach(async () => t?.cleanup())

function versions(app: TestApp['app'], name: string, n: number): number[] {
  const model = app.models.create(modelsChannels['models:create'].input.parse({ name }))
  return Array.from(
    { length: n },
    () => app.models.createVersion(modelsChannels['models:createVersion'].input.parse({ modelId: model.id })).id
  )
}

const input = (task: 'regression' | 'classification', ids: number[], extra: Partial<EnsembleInput> = {}): EnsembleInput => ({
  name: `${task} blend`,
  task,
  holdoutPath: path.join(FIX, task, 'holdout.csv'),
  labelColumn: 'label',
  idColumn: 'id',
  members: ids.map((versionId, j) => ({ versionId, path: path.join(FIX, task, `m${j + 1}.csv`), column: 'prediction' })),
  resamples: 200,
  ...extra
})

describe('ensemble weights', () => {
  it('NNLS matches scipy.optimize.nnls, also where weights hit zero', () => {
    for (const c of expected.nnlsCases) {
      const w = nnls(
        c.columns.map((x) => Float64Array.from(x)),
        Float64Array.from(c.y)
      )
      c.weights.forEach((v, j) => expect(w[j]).toBeCloseTo(v, 9))
    }
  })

  for (const task of ['regression', 'classification'] as const)
    it(`${task}: weights fitted on even rows match numpy/scipy, evaluated on odd rows, and the ensemble beats its best member`, async () => {
      t = tempApp()
      const ids = versions(t.app, `${task}-model`, 3)
      const e = expected[task]
      const d = await t.app.optimize.ensembles.build(input(task, ids))
      expect([d.rows, d.fitRows, d.evalRows]).toEqual([e.rows, e.fitRows, e.evalRows])
      d.weights.nnls.forEach((w, j) => expect(w).toBeCloseTo(e.nnlsWeights[j]!, 9))
      d.weights.caruana.forEach((w, j) => expect(w).toBeCloseTo(e.caruanaWeights[j]!, 12))
      const key = task === 'regression' ? 'rmse' : 'log_loss'
      const loss = (k: string): number => d.evaluated.find((x) => x.key === k)!.metrics.find((m) => m.key === key)!.value!
      ids.forEach((id, j) => expect(loss(`v${id}`)).toBeCloseTo(e.evalLoss.members[j]!, 9))
      for (const m of ['average', 'nnls', 'caruana'] as const) expect(loss(m)).toBeCloseTo(e.evalLoss[m], 9)
      // intervals from the models area's bootstrap, on the evaluation rows
      const ci = d.evaluated.find((x) => x.key === 'nnls')!.metrics.find((m) => m.key === key)!.ci!
      expect(ci[0]).toBeLessThan(loss('nnls'))
      expect(ci[1]).toBeGreaterThan(loss('nnls'))
      const best = Math.min(...e.evalLoss.members)
      expect(d.summary).toMatchObject({ method: 'nnls', lossKey: key, beatsChampion: true })
      expect(d.summary.championLoss).toBeCloseTo(best, 9)
      expect(d.summary.ensembleLoss).toBeLessThan(best)
      expect(d.summary.members.filter((m) => m.champion)).toHaveLength(1)
      expect(d.paired?.pValue).toBeTypeOf('number')
      expect(t.app.optimize.ensembles.list()).toHaveLength(1)
    })
})

describe('ensembles in the console', () => {
  it('registers the ensemble as a version with its weights, and alerts when it beats the champion', async () => {
    t = tempApp()
    t.app.alerts.createRule(RuleInput.parse({ name: 'Blend wins', condition: { signal: 'ensemble' } }))
    const ids = versions(t.app, 'house-prices', 3)
    const d = await t.app.optimize.ensembles.build(input('regression', ids, { method: 'caruana', registerAs: 'house-prices' }))
    const v = t.app.models.version(d.summary.registeredVersionId!)
    expect(v).toMatchObject({ modelName: 'house-prices', version: 4 })
    expect(v.tags['ensemble.method']).toBe('caruana')
    expect(Number(v.tags['weight.house-prices v1'])).toBeCloseTo(expected.regression.caruanaWeights[0]!, 12)
    const alerts = t.app.alerts.list({ limit: 10 })
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.labels).toMatchObject({ ensemble: 'regression blend', champion: 'house-prices v1' })
    expect(t.app.optimize.ensembles.get(d.summary.id!).weights.caruana).toEqual(d.weights.caruana)
  })

  it('takes the member aliased "champion" as the champion, and does not alert when the ensemble loses to it', async () => {
    t = tempApp()
    t.app.alerts.createRule(RuleInput.parse({ name: 'Blend wins', condition: { signal: 'ensemble' } }))
    const ids = versions(t.app, 'prices', 3)
    t.app.models.setAlias(ids[0]!, 'champion')
    // the weakest member alone with the champion, averaged: worse than the champion
    const d = await t.app.optimize.ensembles.build({
      ...input('regression', ids, { method: 'average' }),
      members: [
        { versionId: ids[0]!, path: path.join(FIX, 'regression', 'm1.csv'), column: 'prediction' },
        { versionId: ids[2]!, path: path.join(FIX, 'regression', 'm3.csv'), column: 'prediction' }
      ]
    })
    expect(d.summary.championLabel).toBe('prices v1')
    expect(d.summary.championLoss).toBeCloseTo(expected.regression.evalLoss.members[0]!, 9)
    expect(d.summary.ensembleLoss).toBeGreaterThan(d.summary.championLoss)
    expect(d.summary.beatsChampion).toBe(false)
    expect(t.app.alerts.list({ limit: 10 })).toHaveLength(0)
  })

  it('names what is wrong', async () => {
    t = tempApp()
    const ids = versions(t.app, 'm', 2)
    expect(() => EnsembleInput.parse({ ...input('regression', ids), members: [input('regression', ids).members[0]] })).toThrow(/at least 2/)
    expect(() => t.app.optimize.ensembles.start(input('regression', [ids[0]!, 9999]))).toThrow(/no version with id 9999/)
    await expect(t.app.optimize.ensembles.build(input('regression', [ids[0]!, ids[0]!]))).rejects.toThrow(/twice/)
    await expect(
      t.app.optimize.ensembles.build({
        ...input('regression', ids),
        members: input('regression', ids).members.map((m) => ({ ...m, column: 'nope' }))
      })
    ).rejects.toThrow(/nope/)
    await expect(t.app.optimize.ensembles.build(input('classification', ids, { positiveLabel: 'maybe' }))).rejects.toThrow(/maybe/)
    expect(() => t.app.optimize.ensembles.get(42)).toThrow(/ensemble 42/)
    expect(t.app.optimize.ensembles.list()).toEqual([])
  })
})
