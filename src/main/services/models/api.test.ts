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
