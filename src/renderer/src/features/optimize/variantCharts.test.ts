import { describe, expect, it } from 'vitest'
import type { VariantComparison } from '../../../../shared/contract/optimize'
import { batches, fmtBytes, fmtPct, latencyOption } from './variantCharts'
import { emptyVariantDraft, variantDraftErrors, variantInputOf } from './variantDraft'

const lat = (batch: number, p: number) => ({ batch, samples: 10, p50: p, p95: p * 1.5, p99: p * 2 })
const c: VariantComparison = {
  id: 1,
  name: 'c',
  task: 'classification',
  metricKey: 'accuracy',
  rows: 10,
  latencySource: null,
  gate: { maxAccuracyDrop: 0.01, minLatencyGain: 0.2 },
  base: { versionId: 1, label: 'm v1', sizeBytes: 4000, metric: 0.8, latency: [lat(1, 10), lat(32, 100)] },
  variants: [
    {
      versionId: 2,
      label: 'm v2',
      sizeBytes: 1000,
      metric: 0.8,
      latency: [lat(1, 6)],
      kind: 'quantised',
      metricDiff: 0,
      diffCi: [-0.01, 0.01],
      sameTop1: 0.99,
      maxScoreDiff: 0.01,
      latencyGain: 0.66,
      sizeRatio: 0.25,
      pass: true,
      reasons: []
    }
  ],
  createdAt: 0
}

describe('optimised-versus-base views', () => {
  it('draws p50/p95/p99 per version at a batch size, with gaps where a batch was not measured', () => {
    expect(batches(c)).toEqual([1, 32])
    const o1 = latencyOption(c, 1) as { series: { name: string; data: (number | null)[] }[]; xAxis: { data: string[] } }
    expect(o1.xAxis.data).toEqual(['m v1 (base)', 'm v2 (quantised)'])
    expect(o1.series.map((s) => s.name)).toEqual(['p50', 'p95', 'p99'])
    expect(o1.series[1]!.data).toEqual([15, 9])
    const o32 = latencyOption(c, 32) as { series: { data: (number | null)[] }[] }
    expect(o32.series[0]!.data).toEqual([100, null])
  })

  it('formats sizes and shares with units', () => {
    expect(fmtBytes(10_500)).toBe('10.5 kB')
    expect(fmtBytes(null)).toBe('—')
    expect(fmtPct(0.2)).toBe('+20.0 %')
    expect(fmtPct(-0.1736)).toBe('-17.4 %')
  })

  it('validates the form and turns the gain percentage into a share', () => {
    expect(Object.keys(variantDraftErrors(emptyVariantDraft())).sort()).toEqual([
      'base.column',
      'base.versionId',
      'holdoutPath',
      'name',
      'variants.0.column',
      'variants.0.versionId'
    ])
    const d = {
      ...emptyVariantDraft(),
      name: 'n',
      holdoutPath: '/h.csv',
      base: { versionId: '1', column: 'b', artifactPath: '', kind: 'quantised' as const },
      variants: [{ versionId: '2', column: 'q', artifactPath: '/q.onnx', kind: 'pruned' as const }]
    }
    expect(variantDraftErrors(d)).toEqual({})
    expect(variantInputOf(d)).toMatchObject({
      minLatencyGain: 0.2,
      maxAccuracyDrop: 0.01,
      variants: [{ versionId: 2, kind: 'pruned', artifactPath: '/q.onnx' }]
    })
    expect(variantDraftErrors({ ...d, variants: [{ ...d.variants[0]!, versionId: '1' }] })).toEqual({
      'variants.0.versionId': 'already compared'
    })
  })
})
