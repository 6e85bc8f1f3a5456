import type { ChartOption } from '../../components/echarts'
import { formatMs } from '../../lib/format'
import { withIsolatedDots } from '../../lib/chartTime'

/** Label of the i-th of n hourly points ending now: "now", "1 h ago", … */
export const hourLabel = (i: number, n: number): string => (n - 1 - i === 0 ? 'this hour' : `${n - 1 - i} h ago`)

/** With fewer than two hours there is no line to draw: a short note joins the caption instead of an empty box. */
export function sparklineNote(values: readonly (number | null)[]): string | null {
  const hours = values.filter((v) => v !== null).length
  if (hours === 0) return 'no latency data yet'
  if (hours === 1) return 'hourly trend from the 2nd hour'
  return null
}

/**
 * A card-sized p95 line: hourly points oldest first, gaps where an hour had no data. Axes are hidden at
 * this size; the tooltip names the hour and the value in ms.
 */
export function buildSparklineOption(values: (number | null)[], color: string): ChartOption {
  const n = values.length
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'line' },
      formatter: (params: { dataIndex: number; value: number | null | undefined }[]) => {
        const p = params[0]
        if (!p) return ''
        return `${hourLabel(p.dataIndex, n)}: p95 ${p.value === null || p.value === undefined || Number.isNaN(p.value) ? 'no data' : formatMs(p.value)}`
      }
    },
    xAxis: { type: 'category', show: false, boundaryGap: false, data: values.map((_, i) => hourLabel(i, n)) },
    yAxis: { type: 'value', show: false, min: 0, name: 'ms' },
    series: [
      {
        name: 'p95 latency (ms)',
        type: 'line',
        showSymbol: true,
        symbol: 'none',
        connectNulls: false,
        lineStyle: { width: 1.5, color },
        areaStyle: { color, opacity: 0.12 },
        color,
        data: withIsolatedDots(
          values.map((v) => (v === null ? null : Math.round(v * 10) / 10)),
          (_, v) => v
        )
      }
    ]
  }
}
