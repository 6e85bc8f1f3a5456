/** The registry port other areas use (experiments' "promote the winner"): read, move an alias, move to a stage. */
import { afterEach, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { modelsChannels } from '../../../shared/contract/models'

let t: TestApp | undefined
afterEach(async () => t?.cleanup())

it('reads versions, moves an alias and a stage, and archives the previous holder of the stage', () => {
  t = tempApp()
  const { app } = t
  const port = app.ports.get('models')
  const model = app.models.create(modelsChannels['models:create'].input.parse({ name: 'ranker' }))
  const add = (): number => app.models.createVersion(modelsChannels['models:createVersion'].input.parse({ modelId: model.id })).id
  const a = add()
  const b = add()
  expect(port.version(9999)).toBeUndefined()
  expect(port.version(a)).toMatchObject({ id: a, modelName: 'ranker', version: 1, stage: 'None', aliases: [] })
  port.setAlias(a, 'champion')
  expect(port.setAlias(b, 'champion').aliases).toEqual(['champion'])
  expect(port.version(a)!.aliases).toEqual([])
  port.moveToStage(a, 'Production', 'first')
  expect(port.moveToStage(b, 'Production', 'won the A/B test').stage).toBe('Production')
  expect(port.version(a)!.stage).toBe('Archived')
  // moving to the stage it is in already changes nothing
  expect(port.moveToStage(b, 'Production', 'again').stage).toBe('Production')
  expect(app.models.version(b).transitions.filter((x) => x.to === 'Production')).toHaveLength(1)
})

it('the training port registers nothing when the run folder holds no such run, and finds alias holders and lineage', async () => {
  t = tempApp()
  const { app } = t
  const port = app.ports.get('modelTraining')
  const fs = await import('node:fs')
  const path = await import('node:path')
  const root = path.join(t.dir, 'mlruns', '0')
  fs.mkdirSync(root, { recursive: true })
  fs.writeFileSync(path.join(root, 'meta.yaml'), "experiment_id: '0'\nname: Default\nlifecycle_stage: active\n")
  await expect(
    port.registerVersion({ modelName: 'fresh', mlrunsRoot: path.dirname(root), runUuid: 'nope', description: '', tags: {} })
  ).rejects.toThrow(/wrote no MLflow run nope/)
  expect(app.models.list()).toEqual([])
  const a = await port.registerVersion({ modelName: 'fresh', description: 'first', tags: { k: 'v' } })
  const b = await port.registerVersion({ modelName: 'fresh', parentVersionId: a.id, dataset: '/data/train.csv', description: '', tags: {} })
  app.ports.get('models').setAlias(b.id, 'champion')
  expect(port.holderOf('fresh', 'champion')?.id).toBe(b.id)
  expect(port.holderOf('fresh', 'Production')).toBeUndefined()
  expect(port.lineage('fresh').map((v) => [v.version, v.parentVersionId, v.dataset])).toEqual([
    [1, null, null],
    [2, a.id, '/data/train.csv']
  ])
  expect(port.lineage('missing')).toEqual([])
})
