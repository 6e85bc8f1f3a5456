import { describe, expect, it } from 'vitest'
import type { Beeswarm, ExplainComparison, RowDetail } from '../../../../shared/contract/explain'
import {
  buildBeeswarmOption,
  buildForceOption,
  buildImportanceOption,
  buildShiftOption,
  forceSegments,
  waterfallSteps,
  buildWaterfallOption
} from './explainCharts'
import { comparisonCsv, rowCsv } from './explainCsv'
import { algorithmsFor, emptyDraft, toInput } from './explainDraft'

const row: RowDetail = {
  output: 0,
  rowId: 7,
  position: 2,
  expected: -1,
  fx: 0.5,
  prediction: 1 / (1 + Math.exp(-0.5)),
  link: 'logistic',
  contributions: [
    { feature: 'calls', value: 4, phi: 1.2, se: null },
    { feature: 'tenure', value: 3, phi: 0.6, se: null },
    { feature: 'charges', value: null, phi: -0.25, se: null },
    { feature: 'age', value: 40, phi: -0.05, se: null }
  ]
}

describe('waterfall and force plot', () => {
  it('walks from E[f] to f(x), smallest contributions first, folding the rest into one step', () => {
    const s = waterfallSteps(row, 2)
    expect(s.map((x) => x.label)).toEqual(['2 other features', 'tenure = 3', 'calls = 4'])
    expect(s[0]!.start).toBe(-1)
    expect(s[0]!.phi).toBeCloseTo(-0.3, 12)
    expect(s[s.length - 1]!.end).toBeCloseTo(0.5, 12)
    const o = buildWaterfallOption(row) as any
    expect(o.yAxis.data).toEqual(['age = 40', 'charges = missing', 'tenure = 3', 'calls = 4'])
    expect(o.series.map((x: any) => x.name)).toEqual(['raises the prediction', 'lowers the prediction'])
    expect(o.series[0].data.map((d: number[]) => d[3])).toEqual([0.6, 1.2])
    expect(o.series[0].markLine.data.map((d: any) => d.xAxis)).toEqual([-1, 0.5])
    expect(o.xAxis.name).toMatch(/margin, before the logistic link/)
  })

  it('a sampled value carries its standard error into the waterfall (label and tooltip)', () => {
    const sampled = { ...row, contributions: row.contributions.map((c) => (c.feature === 'calls' ? { ...c, se: 0.05 } : c)) }
    const steps = waterfallSteps(sampled)
    expect(steps.find((x) => x.label === 'calls = 4')!.se).toBe(0.05)
    expect(steps.find((x) => x.label === 'age = 40')!.se).toBeNull()
    const o = buildWaterfallOption(sampled) as any
    expect(o.series[0].data.find((d: number[]) => d[3] === 1.2)[4]).toBe(0.05)
    expect(o.tooltip.formatter({ data: [3] })).toContain('± 0.05 (standard error)')
  })

  it('force segments meet at f(x): raising ones to its left, lowering ones to its right', () => {
    const f = forceSegments(row)
    const up = f.filter((s) => s.phi > 0)
    const down = f.filter((s) => s.phi < 0)
    expect(up[0]!.to).toBe(0.5)
    expect(up[up.length - 1]!.from).toBeCloseTo(0.5 - 1.8, 12)
    expect(down[0]!.from).toBe(0.5)
    expect(down[down.length - 1]!.to).toBeCloseTo(0.8, 12)
    const o = buildForceOption(row) as any
    expect(o.series).toHaveLength(2)
    expect(o.legend.data).toEqual(['raises the prediction', 'lowers the prediction'])
  })
})

describe('summary charts', () => {
  it('importance puts the largest mean |φ| on top, with axis names and a tooltip', () => {
    const o = buildImportanceOption([
      { feature: 'a', meanAbs: 3, mean: 1, meanSe: null },
      { feature: 'b', meanAbs: 1, mean: -1, meanSe: 0.1 }
    ]) as any
    expect(o.yAxis.data).toEqual(['b', 'a'])
    expect(o.series[0].data).toEqual([1, 3])
    expect(o.xAxis.name).toMatch(/mean \|SHAP value\|/)
    expect(o.tooltip.formatter([{ dataIndex: 0 }])).toContain('mean standard error: 0.1')
  })

  it('beeswarm: a row per feature, colour by value, missing values grey, one row outlined', () => {
    const b: Beeswarm = {
      output: 0,
      rows: 3,
      shown: 3,
      rowIds: [10, 11, 12],
      otherFeatures: 4,
      features: [
        { name: 'x', meanAbs: 1, phi: [1, -1, 0.5], value: [3, 1, null], color: [1, 0, null], jitter: [0, 0.1, -0.1] },
        { name: 'y', meanAbs: 0.5, phi: [0.2, 0.1, 0], value: [1, 2, 3], color: [0, 0.5, 1], jitter: [0, 0, 0] }
      ]
    }
    const o = buildBeeswarmOption(b, 11) as any
    expect(o.series[0].large).toBeUndefined()
    expect(o.series[0].data).toHaveLength(5)
    expect(o.series[1].data).toHaveLength(1) // x missing on row 12
    expect(o.series[2].data.map((d: any[]) => d[4])).toEqual([11, 11])
    expect(o.visualMap.dimension).toBe(2)
    expect(o.yAxis.axisLabel.formatter(1)).toBe('x')
    expect(o.yAxis.axisLabel.customValues).toEqual([0, 1])
  })

  it('shift in mean |φ| marks drifted features and splits more and less weight', () => {
    const c = {
      a: { versionLabel: 'v1' },
      b: { versionLabel: 'v2' },
      features: [
        { feature: 'p', rankA: 1, rankB: 2, meanAbsA: 1, meanAbsB: 0.5, shift: -0.5, ks: { statistic: 0.3, pValue: 1e-9 }, drifted: true },
        { feature: 'q', rankA: 2, rankB: 1, meanAbsA: 0.4, meanAbsB: 0.9, shift: 0.5, ks: { statistic: 0.01, pValue: 0.9 }, drifted: false }
      ]
    } as unknown as ExplainComparison
    const o = buildShiftOption(c) as any
    expect(o.yAxis.data).toEqual(['q', '⚠ p'])
    expect(o.series[0].data).toEqual([0.5, 0])
    expect(o.series[1].data).toEqual([0, -0.5])
    expect(comparisonCsv(c).split('\n')[1]).toBe('p,1,2,1,0.5,-0.5,0.3,1e-9,true')
    expect(rowCsv(row).split('\n')[3]).toBe('charges,,-0.25,')
  })
})

describe('the new-explanation form', () => {
  it('sends only what the algorithm uses, and names each bad field', () => {
    const d = { ...emptyDraft(), versionId: '3', dataPath: '/data/x.csv', exclude: 'id, label' }
    expect(toInput(d)).toEqual({
      errors: null,
      input: {
        versionId: 3,
        dataPath: '/data/x.csv',
        algorithm: 'tree-path',
        interactions: false,
        rows: 1000,
        seed: 42,
        exclude: ['id', 'label']
      }
    })
    const k = toInput({ ...d, algorithm: 'kernel', nsamples: '', backgroundRows: '200' })
    expect(k.input).toMatchObject({ algorithm: 'kernel', backgroundRows: 200 })
    expect(k.input).not.toHaveProperty('nsamples')
    const bad = toInput({ ...emptyDraft(), source: 'endpoint', dataPath: 'x.csv', rows: '0', algorithm: 'tree-path', interactions: true })
    expect(bad.errors).toEqual({
      endpointId: 'pick an endpoint (add one under Endpoints)',
      dataPath: 'an absolute path to a CSV or Parquet file',
      algorithm: 'an endpoint or batch folder is explained with permutation or kernel SHAP',
      rows: 'a whole number from 1 to 100,000'
    })
    expect(algorithmsFor('batch')).toEqual(['permutation', 'kernel'])
  })
})
