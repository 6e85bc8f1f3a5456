import { describe, expect, it } from 'vitest'
import type { ResourceSeries } from '../../../../shared/contract'
import { buildDiskOption, buildMemoryOption } from './resourcesChart'

const MB = 1024 * 1024
const series: ResourceSeries = {
  at: [1_000, 61_000, 121_000],
  rss: [150 * MB, 151 * MB, 150.5 * MB],
  heapUsed: [40 * MB, 42 * MB, 41 * MB],
  external: [6 * MB, 6 * MB, 6 * MB],
  handles: [20, 21, 20],
  dbBytes: [10 * MB, 11 * MB, 12 * MB],
  walBytes: [4 * MB, 0, 2 * MB],
  eldP99Ms: [2, 3, 2]
}
const limits = { rssMb: 1024, workspaceMb: 20, walMb: 256, freeDiskMb: 1024 }

type Opt = {
  legend: { data: string[] }
  xAxis: { type: string; name: string }
  yAxis: { name: string; axisLabel: { formatter: string } }[]
  tooltip: { trigger: string }
  series: {
    name: string
    yAxisIndex: number
    data: [number, number][]
    tooltip: { valueFormatter: (v: unknown) => string }
    markLine?: { data: { yAxis: number }[] }
  }[]
}

describe('console resource charts', () => {
  it('memory: RSS, heap and external in MB over time, with axes, legend and MB tooltips', () => {
    const o = buildMemoryOption(series, limits) as unknown as Opt
    expect(o.legend.data).toEqual(['Resident (RSS)', 'V8 heap used', 'External (buffers)'])
    expect(o.xAxis).toMatchObject({ type: 'time', name: 'Time' })
    expect(o.yAxis[0]).toMatchObject({ name: 'MB', axisLabel: { formatter: '{value} MB' } })
    expect(o.tooltip.trigger).toBe('axis')
    expect(o.series[0]!.data).toEqual([
      [1_000, 150],
      [61_000, 151],
      [121_000, 150.5]
    ])
    expect(o.series[0]!.tooltip.valueFormatter(150.5)).toBe('150.5 MB')
    // a limit far above the data is left out of the chart rather than squashing it
    expect(o.series[0]!.markLine).toBeUndefined()
  })

  it('disk: workspace on the left axis, WAL on the right, the workspace limit drawn once it is in view', () => {
    const o = buildDiskOption(series, limits) as unknown as Opt
    expect(o.yAxis.map((a) => a.name)).toEqual(['workspace (MB)', 'WAL (MB)'])
    expect(o.series.map((s) => [s.name, s.yAxisIndex])).toEqual([
      ['Workspace file', 0],
      ['WAL', 1]
    ])
    expect(o.series[0]!.markLine!.data).toEqual([{ yAxis: 20 }])
    expect(o.series[1]!.data.map((d) => d[1])).toEqual([4, 0, 2])
    expect(o.series[1]!.tooltip.valueFormatter(null)).toBe('no sample')
  })
})
