import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { sharedData } from '../../../../tests/helpers/data'
import { marks } from './compare'

let t: TestApp
afterEach(async () => t?.cleanup())

describe('ranking versions and runs by their metrics', () => {
  it('lists runs with metric columns, filters with an MLflow search and refuses a bad one on its field', async () => {
    t = tempApp()
    await t.app.models.importMlruns(sharedData('mlruns-a'))
    const all = t.app.models.table({ kind: 'run', search: '', includeDeleted: false, limit: 1000 })
    expect(all.rows.length).toBe(all.total)
    expect(all.metrics.map((m) => m.key)).toEqual(expect.arrayContaining(['accuracy', 'f1_score']))
    const acc = all.metrics.findIndex((m) => m.key === 'accuracy')
    expect(all.metrics[acc]!.higherIsBetter).toBe(true)

    const high = t.app.models.table({ kind: 'run', search: 'metrics.accuracy > 0.95', includeDeleted: false, limit: 1000 })
    expect(high.rows.length).toBeGreaterThan(0)
    expect(high.rows.length).toBeLessThan(all.rows.length)
    const col = high.metrics.findIndex((m) => m.key === 'accuracy')
    expect(high.rows.every((r) => r.values[col]! > 0.95)).toBe(true)
    // the same number of rows as counting by hand over the unfiltered table
    expect(high.rows.length).toBe(all.rows.filter((r) => (r.values[acc] ?? -1) > 0.95).length)

    const byParam = t.app.models.table({ kind: 'run', search: 'params.n_estimators = 100', includeDeleted: false, limit: 1000 })
    expect(byParam.rows.length).toBeGreaterThan(0)
    const byTag = t.app.models.table({ kind: 'run', search: 'tags.mlflow.runName like "RF%"', includeDeleted: false, limit: 1000 })
    expect(byTag.rows.every((r) => r.runName!.startsWith('RF'))).toBe(true)

    expect(() => t.app.models.table({ kind: 'run', search: 'accuracy > 0.9', includeDeleted: false, limit: 10 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'search', message: expect.stringContaining('start with metrics.') })
    )

    // versions of one model carry their run's metrics; plain text finds by name
    const model = t.app.models.list('iris-classifier')[0]!
    const versions = t.app.models.table({ kind: 'version', modelId: model.id, search: '', includeDeleted: false, limit: 1000 })
    expect(versions.rows.length).toBe(model.versionCount)
    expect(versions.rows.every((r) => r.modelId === model.id && r.label.startsWith('iris-classifier v'))).toBe(true)
    expect(versions.rows.some((r) => r.values.some((v) => v !== null))).toBe(true)
    const named = t.app.models.table({ kind: 'version', search: 'iris-classifier v1', includeDeleted: false, limit: 1000 })
    expect(named.rows.map((r) => r.label)).toContain('iris-classifier v1')

    // two runs with the same name are told apart in a comparison by their short run id
    const [a, b] = all.rows
    const cmp = t.app.models.compare({
      items: [
        { kind: 'run', id: a!.id },
        { kind: 'run', id: b!.id }
      ]
    })
    expect(a!.label).toBe(b!.label)
    expect(cmp.items.map((i) => i.label)).toEqual([`${a!.label} · ${a!.runUuid!.slice(0, 8)}`, `${b!.label} · ${b!.runUuid!.slice(0, 8)}`])
  })

  it('marks a tie for best as a tie', () => {
    expect(marks([0.9, 0.9, 0.8], 0, true)).toMatchObject({ best: [true, true, false], bestTied: true })
    expect(marks([0.9, 0.95, 0.8], 0, true)).toMatchObject({ best: [false, true, false], bestTied: false })
    expect(marks([0.5, 0.5], 0, true)).toMatchObject({ best: [false, false], bestTied: false })
  })
})
