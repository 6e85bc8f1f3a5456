import type { Series } from '../../../../shared/contract'
import type { ChartOption } from '../../components/echarts'
import { STATUS_COLORS, type StatusColors } from '../../components/statusColors'
import { formatMs } from '../../lib/format'
import { tooltipTime, withIsolatedDots } from '../../lib/chartTime'

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10)

/** p50/p95/p99 latency lines over time; empty buckets stay gaps (no line drawn across an outage of data). */
export function buildLatencyOption(series: Series, colors: StatusColors = STATUS_COLORS.light): ChartOption {
  const line = (name: string, values: (number | null)[], color: string) => ({
    name,
    type: 'line',
    showSymbol: true,
    symbol: 'none',
    connectNulls: false,
    lineStyle: { width: name === 'p95' ? 2 : 1.25 },
    color,
    data: withIsolatedDots(
      series.t.map((_, i) => round(values[i] ?? null)),
      (i, v) => [series.t[i]!, v]
    )
  })
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 40, bottom: 64, containLabel: true },
    legend: { top: 0, icon: 'roundRect', data: ['p50', 'p95', 'p99'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line' },
      valueFormatter: (v: unknown) => (v === null || v === undefined || Number.isNaN(Number(v)) ? 'no data' : formatMs(Number(v)))
    },
    xAxis: {
      type: 'time',
      name: 'Time',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { hideOverlap: true },
      axisPointer: { label: { formatter: (p: { value: number }) => tooltipTime(p.value) } }
    },
    yAxis: { type: 'value', name: 'Latency (ms)', nameLocation: 'end', min: 0, axisLabel: { formatter: '{value} ms' } },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, height: 18, bottom: 6, filterMode: 'none' }
    ],
    series: [line('p50', series.p50, colors.p50), line('p95', series.p95, colors.p95), line('p99', series.p99, colors.p99)]
  }
}

/** True when no bucket has a latency value (the panel then shows an empty state instead of blank axes). */
export const hasLatency = (series: Series): boolean => series.p95.some((v) => v !== null) || series.p50.some((v) => v !== null)
