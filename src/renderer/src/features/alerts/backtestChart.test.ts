import { describe, expect, it } from 'vitest'
import { buildBacktestOption, type BacktestResult } from './backtestChart'

const H = 3_600_000
const result: BacktestResult = {
  supported: true,
  reason: null,
  fired: 1,
  firings: [{ at: 2 * H, resolvedAt: 3 * H, target: 'checkout' }],
  bucketMs: H,
  t: [0, H, 2 * H, 3 * H],
  conditionTrue: [0, 4, 12, 0],
  firing: [0, 0, 1, 0],
  samples: 240
}

type Opt = {
  legend: { data: string[] }
  tooltip: { trigger: string }
  xAxis: { type: string; name: string; min: number; max: number }
  yAxis: { name: string; min: number }[]
  series: { name: string; type: string; yAxisIndex: number; data: [number, number][] }[]
}

describe('buildBacktestOption', () => {
  const o = buildBacktestOption(result) as unknown as Opt

  it('plots condition-true as bars and firing as a step line, per bucket start', () => {
    expect(o.series.map((s) => [s.name, s.type, s.yAxisIndex])).toEqual([
      ['Condition true', 'bar', 0],
      ['Firing', 'line', 1]
    ])
    expect(o.series[0]!.data).toEqual([
      [0, 0],
      [H, 4],
      [2 * H, 12],
      [3 * H, 0]
    ])
    expect(o.series[1]!.data).toEqual([
      [0, 0],
      [H, 0],
      [2 * H, 1],
      [3 * H, 0]
    ])
  })

  it('names its axes, covers the last bucket, and has a legend and tooltip', () => {
    expect(o.xAxis).toMatchObject({ type: 'time', name: 'Time', min: 0, max: 4 * H })
    expect(o.yAxis.map((y) => y.name)).toEqual(['Results with condition true', 'Firing'])
    expect((o.yAxis[1] as unknown as { max: number }).max).toBe(1)
    expect(o.yAxis.every((y) => y.min === 0)).toBe(true)
    expect(o.legend.data).toEqual(['Condition true', 'Firing'])
    expect(o.tooltip.trigger).toBe('axis')
  })

  it('treats missing values as zero and copes with no buckets', () => {
    const short = buildBacktestOption({ ...result, conditionTrue: [1], firing: [] }) as unknown as Opt
    expect(short.series[0]!.data).toEqual([
      [0, 1],
      [H, 0],
      [2 * H, 0],
      [3 * H, 0]
    ])
    const empty = buildBacktestOption({ ...result, t: [], conditionTrue: [], firing: [] }) as unknown as Opt
    expect(empty.series[0]!.data).toEqual([])
    expect(empty.xAxis.max).toBeUndefined()
  })
})
