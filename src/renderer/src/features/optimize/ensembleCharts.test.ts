import { describe, expect, it } from 'vitest'
import type { EnsembleDetail } from '../../../../shared/contract/optimize'
import { caruanaTraceOption, lossOption, weightsOption } from './ensembleCharts'
import { emptyEnsembleDraft, ensembleDraftErrors, ensembleInputOf } from './ensembleDraft'

const metric = (value: number, ci: [number, number] | null = null) => [{ key: 'rmse', value, ci, higherIsBetter: false }]
const detail: EnsembleDetail = {
  summary: {
    id: 1,
    name: 'blend',
    task: 'regression',
    method: 'nnls',
    members: [
      { versionId: 1, label: 'a v1', champion: true },
      { versionId: 2, label: 'a v2', champion: false }
    ],
    lossKey: 'rmse',
    ensembleLoss: 1.1,
    championLoss: 1.7,
    championLabel: 'a v1',
    beatsChampion: true,
    registeredVersionId: null,
    createdAt: 0
  },
  holdoutPath: '/h.csv',
  rows: 10,
  fitRows: 5,
  evalRows: 5,
  rounds: 3,
  weights: { average: [0.5, 0.5], nnls: [0.7, 0.4], caruana: [2 / 3, 1 / 3] },
  caruanaTrace: [1.7, 1.3, 1.2],
  evaluated: [
    { key: 'v1', label: 'a v1', kind: 'member', metrics: metric(1.7, [1.5, 1.9]) },
    { key: 'v2', label: 'a v2', kind: 'member', metrics: metric(2.1) },
    { key: 'nnls', label: 'ensemble (NNLS weights)', kind: 'ensemble', metrics: metric(1.1, [1.0, 1.2]) }
  ],
  paired: null,
  notes: []
}

describe('ensemble charts', () => {
  it('draws one bar series per method with the members on the axis', () => {
    const o = weightsOption(detail) as { series: { name: string; data: number[] }[]; xAxis: { data: string[] } }
    expect(o.xAxis.data).toEqual(['a v1', 'a v2'])
    expect(o.series.map((s) => s.name)).toEqual(['Simple average', 'NNLS weights', 'Caruana selection'])
    expect(o.series[1]!.data).toEqual([0.7, 0.4])
  })

  it('puts members and ensembles in their own series, with interval ends per row', () => {
    const o = lossOption(detail) as { series: { name: string; data: unknown[] }[]; xAxis: { name: string } }
    expect(o.series[0]!.data).toEqual([1.7, 2.1, null])
    expect(o.series[1]!.data).toEqual([null, null, 1.1])
    expect(o.series[2]!.data).toEqual([
      [1.5, 0],
      [1.9, 0],
      [1.0, 2],
      [1.2, 2]
    ])
    expect(o.xAxis.name).toMatch(/rmse on 5 held-out rows/)
  })

  it('traces the Caruana rounds', () => {
    const o = caruanaTraceOption(detail) as { xAxis: { data: number[] }; series: { data: number[] }[] }
    expect(o.xAxis.data).toEqual([1, 2, 3])
    expect(o.series[0]!.data).toEqual([1.7, 1.3, 1.2])
  })
})

describe('ensemble draft', () => {
  it('names each missing or repeated field, and builds the input', () => {
    const d = emptyEnsembleDraft()
    expect(Object.keys(ensembleDraftErrors(d)).sort()).toEqual(['holdoutPath', 'members.0.versionId', 'members.1.versionId', 'name'])
    const ok = {
      ...d,
      name: 'b',
      holdoutPath: '/h.csv',
      members: [
        { versionId: '3', path: '', column: 'p' },
        { versionId: '3', path: 'rel.csv', column: 'p' }
      ]
    }
    expect(ensembleDraftErrors(ok)).toEqual({
      'members.1.versionId': 'already in the ensemble',
      'members.1.path': 'an absolute path (or empty: the holdout)'
    })
    const good = { ...ok, members: [ok.members[0]!, { versionId: '4', path: '/m.csv', column: 'p' }] }
    expect(ensembleDraftErrors(good)).toEqual({})
    expect(ensembleInputOf(good)).toMatchObject({
      members: [
        { versionId: 3, column: 'p' },
        { versionId: 4, path: '/m.csv' }
      ],
      method: 'nnls',
      rounds: 25
    })
    expect(ensembleInputOf(good).members[0]).not.toHaveProperty('path')
  })
})
