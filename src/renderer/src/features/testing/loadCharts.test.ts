import { describe, expect, it } from 'vitest'
import { buildLoadSeriesOption, buildPercentileOption, elapsedLabel } from './loadCharts'
import type { LoadReport } from './types'

const pcts = (base: number) => ({
  count: 10,
  min: base,
  mean: base,
  p50: base,
  p90: base * 2,
  p95: base * 3,
  p99: base * 4,
  p999: base * 5,
  max: base * 6
})
const START = new Date(2026, 11, 6, 7, 10, 3).getTime()
const report = (model: 'open' | 'closed'): LoadReport =>
  ({
    model,
    startedAt: START,
    endedAt: START + 1800,
    targetRate: model === 'open' ? 100 : null,
    latency: pcts(10),
    serviceTime: pcts(1),
    series: {
      t: [1, 2],
      targetRate: [100, 100],
      sent: [100, 98],
      completed: [99, 97],
      failed: [1, 0],
      dropped: [0, 2],
      vus: [3, 4],
      p50: [5, null],
      p95: [9, null],
      p99: [12, null]
    }
  }) as unknown as LoadReport

describe('load report charts', () => {
  it('plots rates on one axis and latencies on the other, with a target line in the open model', () => {
    const o = buildLoadSeriesOption(report('open')) as any
    expect(o.legend.data).toContain('target/s')
    expect(o.series.find((s: any) => s.name === 'p95').yAxisIndex).toBe(1)
    expect(o.series.find((s: any) => s.name === 'p95').data).toEqual([
      [START + 500, 9],
      [START + 1500, null]
    ])
    expect((buildLoadSeriesOption(report('closed')) as any).legend.data).not.toContain('target/s')
  })

  it('sets corrected percentiles beside uncorrected ones only when the run corrected them', () => {
    const open = buildPercentileOption(report('open')) as any
    expect(open.series.map((s: any) => s.data)).toEqual([
      [10, 20, 30, 40, 50, 60],
      [1, 2, 3, 4, 5, 6]
    ])
    expect((buildPercentileOption(report('closed')) as any).series).toHaveLength(1)
  })

  it('puts the run on the clock from its start to its end, the axis named with its unit and tooltips with the time elapsed', () => {
    const o = buildLoadSeriesOption(report('open')) as any
    expect(o.xAxis).toMatchObject({ type: 'time', min: START, max: START + 2000 })
    expect(o.xAxis.name).toBe('Time (local, hh:mm:ss) · load began 07:10:03')
    expect(o.xAxis.axisLabel.formatter(START + 1000)).toBe('07:10:04')
    expect(o.tooltip.axisPointer.label.formatter({ value: START + 125_000 })).toBe('07:12:08 (+2:05)')
    expect(elapsedLabel(45_200)).toBe('+45 s')
  })
})
