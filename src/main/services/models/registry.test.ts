import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import type { EventPayload } from '../../../shared/events'

let t: TestApp
afterEach(async () => t?.cleanup())

describe('registry: stages, aliases, lineage, events', () => {
  it('records transitions with comments, moves aliases, publishes models:changed, finds palette items', async () => {
    t = tempApp()
    const events: EventPayload<'models:changed'>[] = []
    t.app.bus.subscribe((name, p) => name === 'models:changed' && events.push(p as EventPayload<'models:changed'>))
    const m = t.app.models.create({ name: 'fraud', description: 'scores card payments', owner: 'risk', tags: { team: 'risk' } })
    const v1 = t.app.models.createVersion({ modelId: m.id, description: '', notes: '', tags: {} })
    const v2 = t.app.models.createVersion({ modelId: m.id, parentVersionId: v1.id, description: '', notes: '', tags: {} })
    expect(v2.version).toBe(2)
    t.app.models.transition({ id: v1.id, stage: 'Production', comment: 'first', archiveOthers: false })
    t.app.models.transition({ id: v2.id, stage: 'Production', comment: 'better recall', archiveOthers: true })
    expect(t.app.models.version(v1.id)).toMatchObject({
      stage: 'Archived',
      transitions: [
        expect.objectContaining({ from: 'Production', to: 'Archived' }),
        expect.objectContaining({ to: 'Production', comment: 'first' })
      ]
    })
    expect(() => t.app.models.transition({ id: v2.id, stage: 'Production', comment: '', archiveOthers: false })).toThrow(
      /already in Production/
    )
    t.app.models.setAlias(v1.id, 'champion')
    t.app.models.setAlias(v2.id, 'champion')
    expect(t.app.models.get(m.id).aliases).toEqual([{ alias: 'champion', version: 2 }])
    expect(events.filter((e) => e.kind === 'stage').map((e) => e.description)).toEqual([
      'fraud v1: None → Production (“first”)',
      'fraud v2: None → Production (“better recall”)',
      'fraud v1: Production → Archived'
    ])
    expect(events.filter((e) => e.kind === 'alias').at(-1)).toMatchObject({
      modelId: m.id,
      versionId: v2.id,
      description: 'fraud@champion → v2 (was v1)'
    })
    expect(t.app.models.version(v2.id).parent).toEqual({ id: v1.id, version: 1 })
    expect(() => t.app.models.updateVersion({ id: v1.id, parentVersionId: v2.id })).toThrow(/cycle/)
    expect(t.app.palette.search('fraud', 10).map((p) => p.kind)).toEqual(['model', 'model version', 'model version'])
    expect(() => t.app.models.create({ name: 'fraud', description: '', owner: '', tags: {} })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', field: 'name' })
    )
    t.app.models.update({ id: m.id, card: '# Fraud\n<script>alert(1)</script>' })
    expect(t.app.models.get(m.id).card).toContain('<script>')
  })

  it('compare validates its items and marks nothing best when all are equal', () => {
    t = tempApp()
    const m = t.app.models.create({ name: 'x', description: '', owner: '', tags: {} })
    const v = t.app.models.createVersion({ modelId: m.id, description: '', notes: '', tags: {} })
    expect(() =>
      t.app.models.compare({
        items: [
          { kind: 'version', id: v.id },
          { kind: 'version', id: v.id }
        ]
      })
    ).toThrow(/picked twice/)
    expect(() =>
      t.app.models.compare({
        items: [
          { kind: 'version', id: v.id },
          { kind: 'run', id: 999 }
        ]
      })
    ).toThrow(/run 999 not found/)
  })
})

describe('the models port (what other areas may read)', () => {
  it('gives a version’s label, stage and artifact, and nothing for an unknown version', () => {
    t = tempApp()
    const m = t.app.models.create({ name: 'churn', description: '', owner: '', tags: {} })
    const file = path.join(t.dir, 'model.json')
    fs.writeFileSync(file, '{}')
    const v = t.app.models.createVersion({ modelId: m.id, artifactPath: file, description: '', notes: '', tags: {} })
    const port = t.app.ports.get('models')
    expect(port.versionArtifact(v.id)).toMatchObject({
      versionId: v.id,
      modelName: 'churn',
      version: 1,
      label: 'churn v1',
      stage: 'None',
      artifactPath: file
    })
    expect(port.versionArtifact(v.id)!.artifactSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(port.versionArtifact(9999)).toBeUndefined()
  })
})

describe('lineage port (used by the feature store)', () => {
  it('looks versions up and records a training set as a version’s training data, with its tags and an event', async () => {
    t = tempApp()
    const port = t.app.ports.get('models')
    const m = t.app.models.create({ name: 'eta', description: '', owner: '', tags: {} })
    const v = t.app.models.createVersion({ modelId: m.id, description: '', notes: '', tags: { team: 'maps' } })
    expect(port.version(v.id)).toMatchObject({ id: v.id, modelId: m.id, modelName: 'eta', version: 1 })
    expect(port.version(v.id + 100)).toBeUndefined()
    const events: EventPayload<'models:changed'>[] = []
    t.app.bus.subscribe((name, p) => name === 'models:changed' && events.push(p as EventPayload<'models:changed'>))
    port.setTrainingData(v.id, {
      trainingSetId: 7,
      name: 'eta_train',
      rows: 1200,
      views: ['trips@v2', 'zones@v0'],
      path: '/data/eta_train.parquet'
    })
    const detail = t.app.models.version(v.id)
    expect(detail.trainingSet).toEqual({ id: 7, name: 'eta_train', views: ['trips@v2', 'zones@v0'] })
    expect(detail.dataset).toBe('eta_train: feature store training set, 1,200 rows from trips@v2, zones@v0 (/data/eta_train.parquet)')
    expect(detail.tags).toMatchObject({ team: 'maps', 'feature_store.training_set_id': '7' })
    expect(events).toEqual([{ modelId: m.id, versionId: v.id, kind: 'version', description: 'eta v1: training data set to eta_train' }])
    expect(
      t.app.models.version(t.app.models.createVersion({ modelId: m.id, description: '', notes: '', tags: {} }).id).trainingSet
    ).toBeNull()
  })
})
