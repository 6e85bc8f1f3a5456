import { describe, expect, it } from 'vitest'
import { buildCategoryOption, buildEcdfOption, buildHistogramOption, buildScoreOption } from './driftCharts'
import { decision, formatStat, neighbours, summarize } from './driftFormat'

const run = (id: number, at: number, share: number | null, state: 'done' | 'failed' = 'done') => ({
  id,
  checkId: 1,
  trigger: 'manual' as const,
  state,
  startedAt: at,
  finishedAt: at + 1,
  share,
  tested: 10,
  drifted: share === null ? 0 : share * 10,
  datasetDrift: (share ?? 0) >= 0.5,
  predictionDrift: null,
  targetDrift: null,
  referenceRows: 1,
  currentRows: 1,
  error: null
})

describe('drift charts', () => {
  it('score over time: finished runs only, oldest first, drift_share line, legend and axes', () => {
    const o = buildScoreOption([run(2, 2000, 0.6), run(1, 1000, 0.1), run(3, 3000, null, 'failed')], 0.5) as any
    expect(o.series[0].data.map((d: any) => d.value)).toEqual([
      [1000, 0.1],
      [2000, 0.6]
    ])
    expect(o.series[0].markLine.data).toEqual([{ yAxis: 0.5 }])
    expect(o.legend.data).toHaveLength(1)
    expect(o.yAxis.max).toBe(1)
  })

  it('previous and next columns of a run', () => {
    expect(neighbours(['a', 'b', 'c'], 'b')).toEqual({ previous: 'a', next: 'c' })
    expect(neighbours(['a', 'b', 'c'], 'a')).toEqual({ previous: null, next: 'b' })
    expect(neighbours(['a', 'b', 'c'], 'c')).toEqual({ previous: 'b', next: null })
    expect(neighbours(['a'], 'zz')).toEqual({ previous: null, next: null })
  })

  it('score over time: one run is not drawn (a value, not a one-point line)', () => {
    expect(buildScoreOption([run(1, 1000, 0.8)], 0.5)).toBeNull()
    expect(buildScoreOption([run(1, 1000, 0.8), run(2, 2000, null, 'failed')], 0.5)).toBeNull()
  })

  const numeric = {
    edges: [0, 1, 2],
    reference: [0.5, 0.5],
    current: [0.2, 0.8],
    ecdf: { x: [0, 1, 2], reference: [0.1, 0.5, 1], current: [0, 0.2, 1] },
    referenceStats: { n: 2, mean: 1, std: 0, min: 0, max: 2 },
    currentStats: { n: 2, mean: 1, std: 0, min: 0, max: 2 }
  }
  it('histograms overlay on shared bins; ECDF as steps', () => {
    const h = buildHistogramOption(numeric, 'numeric') as any
    expect(h.xAxis.data).toEqual(['0 – 1', '1 – 2'])
    expect(h.series.map((s: any) => [s.name, s.barGap])).toEqual([
      ['Reference', '-100%'],
      ['Current', '-100%']
    ])
    const e = buildEcdfOption(numeric, 'datetime') as any
    expect(e.series[1].data).toEqual([
      [0, 0],
      [1, 0.2],
      [2, 1]
    ])
    expect(e.xAxis.axisLabel.formatter(0)).toBe('1970-01-01')
  })

  it('categories side by side', () => {
    const c = buildCategoryOption({ labels: ['a', 'b'], reference: [0.7, 0.3], current: [0.4, 0.6] }) as any
    expect(c.xAxis.data).toEqual(['a', 'b'])
    expect(c.series.map((s: any) => s.barGap)).toEqual([undefined, undefined])
  })

  it('formats statistics and decisions in plain language', () => {
    expect(formatStat(0.000001234)).toBe('1.2e-6')
    expect(formatStat(0.12345)).toBe('0.123')
    expect(decision({ score: 0.003, scoreKind: 'pvalue', threshold: 0.05, drifted: true })).toBe('p = 0.003 < 0.05')
    expect(decision({ score: 0.05, scoreKind: 'distance', threshold: 0.1, drifted: false })).toBe('0.05 < 0.1')
    expect(summarize({ share: 0.6, tested: 10, drifted: 6, driftShare: 0.5, datasetDrift: true })).toBe(
      'The dataset has drifted: 6 of 10 tested columns drifted (60 %; the check flags the dataset at 50 %).'
    )
  })
})
