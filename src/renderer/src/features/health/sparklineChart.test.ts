import { describe, expect, it } from 'vitest'
import { buildSparklineOption, hourLabel, sparklineNote } from './sparklineChart'

type Opt = {
  xAxis: { data: string[] }
  yAxis: { name: string }
  series: { data: unknown[]; connectNulls: boolean; color: string }[]
  tooltip: { formatter: (p: { dataIndex: number; value: number | null }[]) => string }
}

describe('buildSparklineOption', () => {
  const opt = buildSparklineOption([12.34, null, 250], '#123456') as unknown as Opt
  it('keeps hourly p95 values with gaps, dotting lone values', () => {
    expect(opt.series[0]!.data).toEqual([
      { value: 12.3, symbol: 'circle', symbolSize: 5 },
      null,
      { value: 250, symbol: 'circle', symbolSize: 5 }
    ])
    expect((buildSparklineOption([1, 2], '#000') as unknown as Opt).series[0]!.data).toEqual([1, 2])
    expect(opt.series[0]!.connectNulls).toBe(false)
    expect(opt.series[0]!.color).toBe('#123456')
    expect(opt.yAxis.name).toBe('ms')
  })
  it('names each hour and shows ms in the tooltip', () => {
    expect(opt.xAxis.data).toEqual(['2 h ago', '1 h ago', 'this hour'])
    expect(opt.tooltip.formatter([{ dataIndex: 0, value: 12.3 }])).toBe('2 h ago: p95 12 ms')
    expect(opt.tooltip.formatter([{ dataIndex: 1, value: null }])).toBe('1 h ago: p95 no data')
    expect(hourLabel(23, 24)).toBe('this hour')
  })
})

describe('sparklineNote: no empty box on a card', () => {
  it('notes a service without two hours of data in the caption instead of drawing', () => {
    expect(sparklineNote(new Array(24).fill(null))).toBe('no latency data yet')
    expect(sparklineNote([...new Array(23).fill(null), 12])).toBe('hourly trend from the 2nd hour')
    expect(sparklineNote([...new Array(22).fill(null), 12, 14])).toBeNull()
  })
})
