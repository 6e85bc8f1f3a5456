import { describe, expect, it } from 'vitest'
import type { BudgetView, CostSeries, ForecastView } from '../../../../shared/contract/costs'
import { bucketOfDay, buildBudgetOption, buildCostOverTimeOption, buildForecastOption, buildSavingsOption, buildTopOption } from './charts'
import { compactMoney, formatMoney, monthRange } from './format'

type Opt = {
  series: { name: string; type: string; data: unknown[]; stack?: string }[]
  yAxis: { name?: string }
  xAxis: { data?: string[]; name?: string }
  legend: { data: string[] }
  tooltip: { valueFormatter: (v: unknown) => string }
}

const series: CostSeries = {
  currency: 'USD',
  buckets: ['2024-09-02', '2024-09-09'],
  series: [
    { name: 'Compute', values: [10, 20] },
    { name: 'Other', values: [1, 2] }
  ],
  totals: [11, 22],
  anomalies: [{ day: '2024-09-12', value: 9, median: 3, mad: 1, direction: 'high' }],
  fromRollup: true
}

describe('costs charts', () => {
  it('stacks cost over time, labels the currency axis and marks anomalies on their bucket', () => {
    const o = buildCostOverTimeOption(series, 'week') as unknown as Opt
    expect(o.yAxis.name).toBe('USD')
    expect(o.series.filter((s) => s.stack === 'cost').map((s) => s.name)).toEqual(['Compute', 'Other'])
    const anomaly = o.series.find((s) => s.name === 'Anomaly')!
    expect(anomaly.data).toEqual([null, 22])
    expect(o.legend.data).toContain('Anomaly')
    expect(o.tooltip.valueFormatter(1234.5)).toBe('1,235 USD')
    expect(bucketOfDay('2024-09-12', 'month')).toBe('2024-09')
    expect(bucketOfDay('2024-09-15', 'week')).toBe('2024-09-09')
  })

  it('draws the forecast after the history with a band from lo to hi', () => {
    const f: ForecastView = {
      currency: 'EUR',
      basis: 'billed',
      method: 'holt-winters',
      trend: 'damped',
      reliable: true,
      unreliableReason: null,
      params: { alpha: 0.3, beta: 0.1, gamma: 0.1, phi: 0.9 },
      history: { days: ['2024-09-01', '2024-09-02'], values: [5, 6], fitted: [null, 5.5] },
      forecast: { days: ['2024-09-03', '2024-09-04'], mean: [7, 8], lo: [6, 6], hi: [8, 10] },
      asOf: '2024-09-02',
      monthEnd: null,
      nextMonths: [],
      backtest: { mape: 0.1, holdoutDays: 14 },
      sigma: 1
    }
    const o = buildForecastOption(f) as unknown as Opt
    expect(o.xAxis.data).toEqual(['2024-09-01', '2024-09-02', '2024-09-03', '2024-09-04'])
    expect(o.series[0]!.data).toEqual([5, 6, null, null])
    expect(o.series[1]!.data).toEqual([null, 6, 7, 8])
    expect(o.series[3]!.data).toEqual([null, null, 2, 4])
    expect(o.yAxis.name).toBe('EUR')
  })

  it('compares budgets, savings and top services in currency units', () => {
    const b = {
      name: 'All',
      amount: 100,
      status: { period: '2024-09', actual: 80, forecast: { mean: 120, lo: 100, hi: 140 } }
    } as unknown as BudgetView
    const o = buildBudgetOption([b], 'USD') as unknown as Opt
    expect(o.series.map((s) => s.data[0])).toEqual([80, 120, 100])
    expect(o.xAxis.name).toBe('USD')
    const s = buildSavingsOption(
      { targetPct: 20, months: [{ month: '2024-07', actual: 100, target: 80, met: false }] },
      'USD'
    ) as unknown as Opt
    expect(s.legend.data).toEqual(['Effective cost', 'Target (−20 %)'])
    const top = buildTopOption(
      [
        { key: 'a', amount: 1 },
        { key: 'b', amount: 3 }
      ],
      'USD'
    ) as unknown as { yAxis: { data: string[] } }
    expect(top.yAxis.data).toEqual(['a', 'b'])
  })

  it('formats money', () => {
    expect(formatMoney(20.52022, 'USD')).toBe('20.52 USD')
    expect(formatMoney(0.0016, 'USD')).toBe('0.0016 USD')
    expect(compactMoney(12500)).toBe('12.5k')
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
  })
})
