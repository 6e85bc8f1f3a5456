import { describe, expect, it } from 'vitest'
import type { Comparison } from '../../../../shared/contract'
import {
  buildCalibrationOption,
  buildHistoryOption,
  buildParallelOption,
  comparisonCsv,
  formatItems,
  isSingleValued,
  parseItems
} from './modelCharts'

const cmp: Comparison = {
  items: [
    { kind: 'version', id: 1, label: 'm v1', runId: 1, versionId: 1, stage: 'None' },
    { kind: 'run', id: 2, label: 'run, "b"', runId: 2, versionId: null, stage: null }
  ],
  baseline: 0,
  metrics: [
    {
      key: 'loss',
      higherIsBetter: false,
      directionSource: 'name',
      source: 'run',
      values: [0.5, 0.4],
      deltas: [0, -0.1],
      best: [false, true],
      bestTied: false
    }
  ],
  params: [
    { key: 'depth', values: ['3', '5'], differs: true },
    { key: 'algo', values: ['rf', null], differs: true }
  ],
  tags: [],
  history: [{ key: 'loss', series: [{ steps: [0, 1], values: [1, 0.5], n: 2 }, null] }],
  evaluation: null
}

describe('model charts', () => {
  it('history overlay has axes, legend, tooltip and one series per item', () => {
    const o = buildHistoryOption(cmp, 'loss') as {
      series: { name: string; data: unknown[] }[]
      xAxis: { name: string }
      legend: unknown
      tooltip: unknown
    }
    expect(o.series.map((s) => s.name)).toEqual(['m v1', 'run, "b"'])
    expect(o.series[0]!.data).toEqual([
      [0, 1],
      [1, 0.5]
    ])
    expect(o.series[1]!.data).toEqual([])
    expect(o.xAxis.name).toBe('step')
    expect(o.legend && o.tooltip).toBeTruthy()
  })
  it('a metric logged once per item is drawn as values per item, not as one-point lines on a made-up axis', () => {
    const once: Comparison = {
      ...cmp,
      history: [
        {
          key: 'accuracy',
          series: [
            { steps: [0], values: [1], n: 1 },
            { steps: [0], values: [0.96], n: 1 }
          ]
        }
      ]
    }
    const o = buildHistoryOption(once, 'accuracy') as {
      xAxis: { type: string; data: string[] }
      yAxis: { min: number; max: number; name: string }
      series: { type: string; data: { value: number }[]; label: { show: boolean } }[]
    }
    expect(o.series).toHaveLength(1)
    expect(o.series[0]!.type).toBe('bar')
    expect(o.series[0]!.label.show).toBe(true)
    expect(o.xAxis).toMatchObject({ type: 'category', data: ['m v1', 'run, "b"'] })
    expect(o.series[0]!.data.map((d) => d.value)).toEqual([1, 0.96])
    // the axis starts at zero and ends at the largest value: no 0.4–1.6 axis around a single point
    expect(o.yAxis.min).toBe(0)
    expect(o.yAxis.max).toBe(1)
    expect(isSingleValued(once, 'accuracy')).toBe(true)
    expect(isSingleValued(cmp, 'loss')).toBe(false)
  })
  it('parallel coordinates: numeric and categorical params, the metric last', () => {
    const o = buildParallelOption(cmp, 'loss') as {
      parallelAxis: { name: string; type: string }[]
      series: { data: { value: unknown[] }[] }[]
    }
    expect(o.parallelAxis.map((a) => a.type)).toEqual(['value', 'category', 'value'])
    expect(o.parallelAxis[2]!.name).toBe('loss ↓')
    expect(o.series[0]!.data[1]!.value).toEqual([5, '(none)', 0.4])
  })
  it('calibration has the diagonal and one line per version', () => {
    const o = buildCalibrationOption({
      versions: [
        {
          versionId: 1,
          label: 'a',
          metrics: [],
          confusion: null,
          calibration: { meanPredicted: [0.1], fractionPositive: [0.2], counts: [5] }
        }
      ]
    }) as { series: { name: string }[] }
    expect(o.series.map((s) => s.name)).toEqual(['perfectly calibrated', 'a'])
  })
  it('CSV quotes and lists deltas', () => {
    const csv = comparisonCsv(cmp).split('\n')
    expect(csv[0]).toBe('section,key,better,m v1,m v1 Δ vs m v1,"run, ""b""","run, ""b"" Δ vs m v1"')
    expect(csv[1]).toBe('metric,loss,lower,0.5,0,0.4,-0.1')
    expect(csv[3]).toBe('param,algo,,rf,,,')
  })
  it('items round-trip through the URL', () => {
    expect(parseItems('v1,r22,x,v3')).toEqual([
      { kind: 'version', id: 1 },
      { kind: 'run', id: 22 },
      { kind: 'version', id: 3 }
    ])
    expect(formatItems(parseItems('v1,r22'))).toBe('v1,r22')
  })
})
