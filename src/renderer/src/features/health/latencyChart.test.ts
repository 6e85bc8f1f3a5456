import { describe, expect, it } from 'vitest'
import { STATUS_COLORS } from '../../components/statusColors'
import { buildLatencyOption, hasLatency } from './latencyChart'
import { seriesFixture } from './seriesFixture'

type Opt = {
  legend: { data: string[] }
  yAxis: { name: string; axisLabel: { formatter: string } }
  xAxis: { type: string; name: string }
  series: { name: string; data: [number, number | null][]; connectNulls: boolean; color: string }[]
  dataZoom: { type: string }[]
  tooltip: { valueFormatter: (v: unknown) => string }
}

describe('buildLatencyOption', () => {
  const s = seriesFixture()
  const opt = buildLatencyOption(s, STATUS_COLORS.dark) as unknown as Opt

  it('draws p50, p95 and p99 against time, in ms', () => {
    expect(opt.series.map((x) => x.name)).toEqual(['p50', 'p95', 'p99'])
    expect(opt.legend.data).toEqual(['p50', 'p95', 'p99'])
    expect(opt.xAxis.type).toBe('time')
    expect(opt.yAxis.name).toBe('Latency (ms)')
    expect(opt.yAxis.axisLabel.formatter).toContain('ms')
    expect(opt.series[1]!.data[0]).toEqual([s.t[0], 20])
    expect(opt.series[2]!.color).toBe(STATUS_COLORS.dark.p99)
  })
  it('keeps empty buckets as gaps', () => {
    expect(opt.series[1]!.data[2]).toEqual([s.t[2], null])
    expect(opt.series.every((x) => x.connectNulls === false)).toBe(true)
  })
  it('dots a lone value between gaps so it stays visible', () => {
    const lone = buildLatencyOption(seriesFixture({ p95: [null, 40, null, null] })) as unknown as Opt
    expect(lone.series[1]!.data[1]).toEqual({ value: [s.t[1], 40], symbol: 'circle', symbolSize: 5 })
  })
  it('zooms and formats tooltips with units', () => {
    expect(opt.dataZoom.map((d) => d.type)).toEqual(['inside', 'slider'])
    expect(opt.tooltip.valueFormatter(40)).toBe('40 ms')
    expect(opt.tooltip.valueFormatter(null)).toBe('no data')
  })
  it('knows when there is nothing to draw', () => {
    expect(hasLatency(s)).toBe(true)
    expect(hasLatency(seriesFixture({ p50: [null], p95: [null], p99: [null], t: [0], count: [0] }))).toBe(false)
  })
})
