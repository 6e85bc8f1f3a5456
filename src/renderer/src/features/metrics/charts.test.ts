import { describe, expect, it } from 'vitest'
import type { Forecast } from '../../../../shared/contract/metrics'
import { buildForecastOption, buildSeriesOption } from './charts'
import { formatValue, seriesName } from './format'

describe('metrics charts', () => {
  it('draws one line per series with the unit on the axis and deploy markers', () => {
    const o = buildSeriesOption(
      [
        {
          labels: { __name__: 'up', job: 'a' },
          points: [
            [1, 1],
            [2, null]
          ]
        },
        { labels: { legend: 'p95' }, points: [[1, 0.2]] }
      ],
      's',
      { markers: [{ t: 1, label: 'deploy v2' }], animation: false }
    ) as any
    expect(o.legend.data).toEqual(['up{job="a"}', 'p95'])
    expect(o.yAxis.name).toBe('s')
    expect(o.series[0].markLine.data).toEqual([{ name: 'deploy v2', xAxis: 1 }])
    expect(o.series[0].data[1]).toEqual([2, null])
  })

  it('stacks the interval as lo + (hi − lo) after the history and marks anomalies', () => {
    const f: Forecast = {
      labels: {},
      stepS: 60,
      history: [
        [0, 1],
        [60_000, 5]
      ],
      fitted: [1, 1],
      anomalyLo: [0, 0],
      anomalyHi: [2, 2],
      anomalies: [60_000],
      times: [120_000],
      mean: [3],
      lo: [2],
      hi: [4.5],
      model: 'AAN',
      candidates: [],
      crossing: null
    }
    const o = buildForecastOption(f, 'bytes', { threshold: 4, animation: false }) as any
    const base = o.series.find((s: any) => s.name === '95 % interval-base')
    const width = o.series.find((s: any) => s.name === '95 % interval')
    expect(base.data).toEqual([[120_000, 2]])
    expect(width.data).toEqual([[120_000, 2.5]])
    expect(o.series.find((s: any) => s.name === 'Forecast').data).toEqual([
      [60_000, 5],
      [120_000, 3]
    ])
    expect(o.series.find((s: any) => s.name === 'Anomalies').data).toEqual([[60_000, 5]])
    expect(o.series[0].markLine.data).toEqual([{ yAxis: 4 }])
  })

  it('formats values with their units', () => {
    expect(formatValue(0.0234, 'ratio')).toBe('2.34 %')
    expect(formatValue(0.25, 's')).toBe('250 ms')
    expect(formatValue(NaN, 's')).toBe('—')
    expect(formatValue(Infinity, 'req/s')).toBe('+Inf')
    expect(seriesName({ __name__: 'x' })).toBe('x')
  })
})
