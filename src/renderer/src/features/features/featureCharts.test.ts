import { describe, expect, it } from 'vitest'
import type { FeatureStats } from '../../../../shared/contract/features'
import { buildDistributionOption, buildNullRateOption, buildTopOption, formatValue } from './featureCharts'

const stats = (over: Partial<FeatureStats>): FeatureStats => ({
  count: 10,
  nulls: 0,
  mean: null,
  sd: null,
  min: null,
  max: null,
  p50: null,
  p75: null,
  p90: null,
  p95: null,
  p99: null,
  histogram: null,
  baselineBins: null,
  top: null,
  ...over
})

describe('feature charts', () => {
  it('overlays the window on the baseline’s bins as shares, with axes, legend and tooltip', () => {
    const base = stats({ histogram: { edges: [0, 1, 2], counts: [6, 4] }, baselineBins: [6, 4] })
    const win = stats({ baselineBins: [1, 3] })
    const o = buildDistributionOption('amount', 'Last 7 days', win, base) as any
    expect(o.xAxis.data).toEqual(['0 – 1', '1 – 2'])
    expect(o.series.map((s: any) => s.data)).toEqual([
      [0.6, 0.4],
      [0.25, 0.75]
    ])
    expect(o.legend.data).toEqual(['All history (baseline)', 'Last 7 days'])
    expect(o.yAxis.name).toBe('Share of values')
    expect(o.tooltip.valueFormatter(0.25)).toBe('25.0 %')
    expect(buildDistributionOption('city', 'x', stats({}), stats({}))).toBeNull()
  })

  it('compares top values by share of present values', () => {
    const o = buildTopOption(
      'city',
      '7d',
      stats({ count: 5, nulls: 1, top: [{ value: 'b', count: 3 }] }),
      stats({
        count: 10,
        top: [
          { value: 'a', count: 5 },
          { value: 'b', count: 5 }
        ]
      })
    ) as any
    expect(o.xAxis.data).toEqual(['b', 'a'])
    expect(o.series[0].data).toEqual([0.5, 0.5])
    expect(o.series[1].data).toEqual([0.75, 0])
  })

  it('null rates as bars in manifest order; compact numbers', () => {
    const o = buildNullRateOption([{ ref: 'v:a', column: 'a', view: 'v', version: 0, type: 'int64', nulls: 2, nullRate: 0.4 }]) as any
    expect(o.yAxis.data).toEqual(['a'])
    expect(o.series[0].data).toEqual([0.4])
    expect([formatValue(1234567), formatValue(0.0001), formatValue(12.3456), formatValue(null), formatValue(2500)]).toEqual([
      '1.23e+6',
      '1.00e-4',
      '12.35',
      '—',
      '2,500'
    ])
  })
})
