import type { ResourceLimits, ResourceSeries } from '../../../../shared/contract'
import type { ChartOption } from '../../components/echarts'
import { tooltipTime } from '../../lib/chartTime'

const MB = 1024 * 1024
const toMb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10
const mbLabel = (v: unknown): string => (v === null || v === undefined ? 'no sample' : `${Number(v).toFixed(1)} MB`)

type Line = { name: string; values: number[]; axis?: 0 | 1; limitMb?: number }

/** A time axis over the samples, MB on the y axis (or two), a legend, tooltips in MB; a limit line once it is in view. */
function lines(s: ResourceSeries, list: Line[], axes: string[]): ChartOption {
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 44, bottom: 36, containLabel: true },
    legend: { top: 0, data: list.map((l) => l.name) },
    tooltip: {
      trigger: 'axis',
      axisPointer: {
        type: 'cross',
        label: {
          formatter: (p: { axisDimension: string; value: number }) => (p.axisDimension === 'x' ? tooltipTime(p.value) : mbLabel(p.value))
        }
      }
    },
    xAxis: { type: 'time', name: 'Time', nameLocation: 'middle', nameGap: 26, axisLabel: { hideOverlap: true } },
    yAxis: axes.map((name, i) => ({
      type: 'value',
      name,
      min: 0,
      axisLabel: { formatter: '{value} MB' },
      ...(i > 0 ? { splitLine: { show: false } } : {})
    })),
    series: list.map((l) => {
      const values = l.values.map(toMb)
      const inView = l.limitMb !== undefined && l.limitMb <= 2 * Math.max(1, ...values)
      return {
        name: l.name,
        type: 'line',
        yAxisIndex: l.axis ?? 0,
        showSymbol: false,
        tooltip: { valueFormatter: mbLabel },
        data: s.at.map((t, i) => [t, values[i] ?? null]),
        ...(inView
          ? {
              markLine: {
                symbol: 'none',
                label: { formatter: `limit ${l.limitMb} MB` },
                lineStyle: { type: 'dashed' },
                data: [{ yAxis: l.limitMb }]
              }
            }
          : {})
      }
    })
  }
}

/** The console's memory over the samples: resident (RSS, against its limit), V8 heap used and external, in MB. */
export function buildMemoryOption(s: ResourceSeries, limits: ResourceLimits): ChartOption {
  return lines(
    s,
    [
      { name: 'Resident (RSS)', values: s.rss, limitMb: limits.rssMb },
      { name: 'V8 heap used', values: s.heapUsed },
      { name: 'External (buffers)', values: s.external }
    ],
    ['MB']
  )
}

/** The workspace file (left axis) and its write-ahead log (right axis), in MB, against their limits. */
export function buildDiskOption(s: ResourceSeries, limits: ResourceLimits): ChartOption {
  return lines(
    s,
    [
      { name: 'Workspace file', values: s.dbBytes, limitMb: limits.workspaceMb },
      { name: 'WAL', values: s.walBytes, axis: 1, limitMb: limits.walMb }
    ],
    ['workspace (MB)', 'WAL (MB)']
  )
}
