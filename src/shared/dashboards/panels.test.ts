import { describe, expect, it } from 'vitest'
import { DashboardPanel, type PanelData } from '../contract/dashboards'
import { buildPanelOption, formatValue, reduceValue, thresholdColor, toTable } from './panels'

const panel = (over: Record<string, unknown> = {}) =>
  DashboardPanel.parse({ id: 'p1', title: 'Uptime', type: 'timeseries', x: 0, y: 0, w: 6, h: 4, query: { source: 'none' }, ...over })
const series = (points: [number, number | null][]): PanelData => ({
  kind: 'series',
  unit: '%',
  series: [{ name: 'api', points }],
  from: 0,
  to: 100
})

describe('panel display', () => {
  it('formats values with their units, and colours them by threshold', () => {
    expect(formatValue(99.954, '%')).toBe('99.95 %')
    expect(formatValue(123.4, 'ms')).toBe('123 ms')
    expect(formatValue(12_500, 'ms')).toBe('12.5 s')
    expect(formatValue(1234.5, 'USD')).toBe('1,234.50 USD')
    expect(formatValue(3 * 1024 * 1024, 'bytes')).toBe('3.0 MiB')
    expect(formatValue(null, '%')).toBe('—')
    const steps = [
      { value: 95, color: '#bf8700' },
      { value: 99, color: '#2da44e' }
    ]
    expect([90, 95, 98, 99.5].map((v) => thresholdColor(v, steps))).toEqual([null, '#bf8700', '#bf8700', '#2da44e'])
  })

  it('reduces data to the one number of a stat, and to a table', () => {
    expect(
      reduceValue(
        series([
          [1, 90],
          [2, 95],
          [3, null]
        ])
      )
    ).toBe(95)
    expect(reduceValue({ kind: 'categories', unit: 'count', categories: ['a', 'b'], values: [2, 3] })).toBe(5)
    expect(
      reduceValue({
        kind: 'status',
        items: [
          { name: 'a', status: 'up', detail: '' },
          { name: 'b', status: 'down', detail: '' }
        ]
      })
    ).toBe(50)
    expect(
      toTable(
        series([
          [1, 90],
          [2, 95]
        ]),
        '%',
        1
      )
    ).toEqual({ columns: ['Series', 'Last', 'Min', 'Max'], rows: [['api', '95.0 %', '90.0 %', '95.0 %']] })
  })

  it('draws time series over the range asked for, with a threshold line, and sparse series point by point', () => {
    const opt = buildPanelOption(
      panel({ unit: '%', thresholds: [{ value: 99, color: '#cf222e' }] }),
      series([
        [10, 98],
        [20, null],
        [30, 99.5]
      ])
    ) as any
    expect(opt.xAxis).toMatchObject({ type: 'time', min: 0, max: 100 })
    expect(opt.yAxis).toMatchObject({ name: '%', min: 0, max: 100 })
    expect(opt.series[0].data).toEqual([
      [10, 98],
      [30, 99.5]
    ])
    expect(opt.series[0].showSymbol).toBe(true)
    expect(opt.series[0].markLine.data).toEqual([{ yAxis: 99, lineStyle: { color: '#cf222e', type: 'dashed' } }])
    expect(opt.tooltip.valueFormatter(99.5)).toBe('99.50 %')
    // one point, at 100 % and at the end of the range: drawn (not clipped at the grid's edge)
    const one = buildPanelOption(panel({ unit: '%' }), series([[100, 100]])) as any
    expect(one.xAxis).toMatchObject({ min: 0, max: 100 })
    expect(one.series[0]).toMatchObject({ showSymbol: true, clip: false, data: [[100, 100]] })
  })

  it('colours bars by threshold and bands a gauge by its steps', () => {
    const bars = buildPanelOption(panel({ type: 'bar', thresholds: [{ value: 2, color: '#cf222e' }] }), {
      kind: 'categories',
      unit: 'count',
      categories: ['warning', 'critical'],
      values: [1, 3]
    }) as any
    expect(bars.series[0].data.map((d: any) => d.itemStyle.color)).toEqual(['#1f6feb', '#cf222e'])
    const gauge = buildPanelOption(
      panel({ type: 'gauge', unit: '%', thresholds: [{ value: 90, color: '#cf222e' }] }),
      series([[1, 42]])
    ) as any
    expect(gauge.series[0]).toMatchObject({ type: 'gauge', min: 0, max: 100, data: [{ value: 42, name: '%' }] })
    expect(gauge.series[0].axisLine.lineStyle.color).toEqual([
      [0.9, '#2da44e'],
      [1, '#cf222e']
    ])
    expect(buildPanelOption(panel({ type: 'stat' }), series([[1, 1]]))).toBeNull()
  })
})
