import { describe, expect, it } from 'vitest'
import { buildUsageOption, errorRatePct } from './usageChart'
import { seriesFixture } from './seriesFixture'

type Axis = { name: string; axisLabel: { formatter: string } }
type Opt = {
  legend: { data: string[] }
  yAxis: Axis[]
  series: {
    name: string
    type: string
    yAxisIndex: number
    data: [number, number | null][]
    tooltip: { valueFormatter: (v: unknown) => string }
  }[]
}

describe('errorRatePct', () => {
  const s = seriesFixture()
  it('divides failures by results outside maintenance', () => {
    expect(errorRatePct(s, 0)).toBe(0)
    expect(errorRatePct(s, 1)).toBe(20)
  })
  it('is null for empty and all-maintenance buckets', () => {
    expect(errorRatePct(s, 2)).toBeNull()
    expect(errorRatePct(s, 3)).toBeNull()
  })
})

describe('buildUsageOption', () => {
  const s = seriesFixture()
  const opt = buildUsageOption(s) as unknown as Opt
  it('puts checks run on the left axis and error rate on the right, with units', () => {
    expect(opt.yAxis.map((a) => a.name)).toEqual(['checks', 'error rate (%)'])
    expect(opt.yAxis[1]!.axisLabel.formatter).toContain('%')
    expect(opt.series.map((x) => [x.type, x.yAxisIndex])).toEqual([
      ['bar', 0],
      ['line', 1]
    ])
    expect(opt.legend.data).toEqual(['Checks run (per 1 min)', 'Error rate'])
  })
  it('carries counts and rates per bucket with gaps', () => {
    expect(opt.series[0]!.data.map((d) => d[1])).toEqual([10, 10, 0, 8])
    expect(opt.series[1]!.data.map((d) => d[1])).toEqual([0, 20, null, null])
    expect(opt.series[1]!.tooltip.valueFormatter(20)).toBe('20.00 %')
    expect(opt.series[0]!.tooltip.valueFormatter(1200)).toMatch(/checks$/)
  })
  it('names hourly buckets in hours', () => {
    const hourly = buildUsageOption(seriesFixture({ bucketMs: 3_600_000 })) as unknown as Opt
    expect(hourly.legend.data[0]).toBe('Checks run (per 1 h)')
  })
})
