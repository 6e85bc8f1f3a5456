import { describe, expect, it } from 'vitest'
import { STATUS_COLORS } from '../../components/statusColors'
import { bucketShares, buildTimelineOption } from './timelineChart'
import { seriesFixture } from './seriesFixture'

type Opt = {
  legend: { data: string[] }
  xAxis: { type: string; data: number[]; axisLabel: { formatter: (v: number) => string } }
  yAxis: { name: string; max: number }
  series: { name: string; stack: string; data: number[]; color: string }[]
}

describe('bucketShares', () => {
  const s = seriesFixture()
  it('splits a bucket into up, degraded and down shares', () => {
    expect(bucketShares(s, 0)).toEqual({ up: 90, degraded: 10, down: 0, maintenance: 0, noData: 0 })
    expect(bucketShares(s, 1)).toEqual({ up: 80, degraded: 0, down: 20, maintenance: 0, noData: 0 })
  })
  it('marks empty buckets as no data and maintenance apart', () => {
    expect(bucketShares(s, 2)).toEqual({ up: 0, degraded: 0, down: 0, maintenance: 0, noData: 100 })
    expect(bucketShares(s, 3)).toEqual({ up: 0, degraded: 0, down: 0, maintenance: 100, noData: 0 })
  })
})

describe('buildTimelineOption', () => {
  const s = seriesFixture()
  const opt = buildTimelineOption(s, STATUS_COLORS.light) as unknown as Opt
  it('stacks one series per state with the state colors', () => {
    expect(opt.series.map((x) => x.name)).toEqual(['Up', 'Degraded', 'Down', 'Maintenance', 'No data'])
    expect(opt.legend.data).toEqual(['Up', 'Degraded', 'Down', 'Maintenance', 'No data'])
    expect(new Set(opt.series.map((x) => x.stack)).size).toBe(1)
    expect(opt.series[2]!.data).toEqual([0, 20, 0, 0])
    expect(opt.series[4]!.data).toEqual([0, 0, 100, 0])
    expect(opt.series[2]!.color).toBe(STATUS_COLORS.light.down)
  })
  it('labels axes: buckets on x, percent on y', () => {
    expect(opt.xAxis.type).toBe('category')
    expect(opt.xAxis.data).toEqual(s.t)
    expect(opt.yAxis.name).toBe('% of checks')
    expect(opt.yAxis.max).toBe(100)
    expect(opt.xAxis.axisLabel.formatter(s.t[0]!)).toMatch(/^\d\d:\d\d$/)
  })
})
