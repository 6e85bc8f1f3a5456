/** Chart options of the metrics area: time series panels and a forecast with its interval and anomaly band. */
import type { Forecast, MetricSeries } from '../../../../shared/contract/metrics'
import type { ChartOption } from '../../components/echarts'
import { axisTimeLabel, tooltipTime } from '../../lib/chartTime'
import { groupedMarkLines, LABEL_GAP_SHARE, markerTooltip } from '../../lib/deployMarkers'
import { formatValue, seriesName } from './format'

/** More lines than this are not drawn (the legend scrolls). */
export const MAX_LINES = 200

export const PALETTE = ['#1f6feb', '#2da44e', '#bf8700', '#8250df', '#cf222e', '#1b7c83', '#d4a72c', '#6e7781']

function spanOf(series: { points: [number, number | null][] }[]): number {
  const ts = series.flatMap((s) => [s.points[0]?.[0], s.points.at(-1)?.[0]]).filter((t): t is number => t !== undefined)
  return ts.length ? Math.max(...ts) - Math.min(...ts) : 0
}

const timeAxis = (span: number) => ({
  type: 'time' as const,
  axisLabel: { hideOverlap: true, formatter: (t: number) => axisTimeLabel(t, span) }
})
const valueAxis = (unit: string) => ({
  type: 'value' as const,
  name: unit,
  nameLocation: 'end' as const,
  // ratios start at 0, so a steady 5 % does not look like noise
  scale: unit !== 'ratio',
  axisLabel: { formatter: (v: number) => formatValue(v, unit) }
})
const tooltip = (unit: string) => ({
  trigger: 'axis' as const,
  axisPointer: { label: { formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? tooltipTime(p.value) : String(p.value)) } },
  valueFormatter: (v: unknown) => (typeof v === 'number' ? formatValue(v, unit) : '—')
})

/** Lines of a panel (one per series), time on x, the unit on y; deploy markers as vertical lines. */
export function buildSeriesOption(
  series: MetricSeries[],
  unit: string,
  opts: { markers?: { t: number; label: string }[]; animation?: boolean } = {}
): ChartOption {
  const span = spanOf(series)
  const lines = series.slice(0, MAX_LINES).map((s, i) => ({
    name: seriesName(s.labels),
    type: 'line' as const,
    showSymbol: false,
    connectNulls: false,
    data: s.points,
    ...(i === 0 && opts.markers?.length
      ? {
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}' },
            lineStyle: { type: 'dashed' as const },
            tooltip: markerTooltip,
            data: groupedMarkLines(
              opts.markers.map((m) => ({ x: m.t, label: m.label })),
              span * LABEL_GAP_SHARE
            )
          }
        }
      : {})
  }))
  return {
    animation: opts.animation ?? true,
    color: PALETTE,
    grid: { left: 8, right: 24, top: 48, bottom: 24, containLabel: true },
    legend: { top: 0, type: 'scroll', data: lines.map((l) => l.name) },
    tooltip: tooltip(unit),
    xAxis: timeAxis(span),
    yAxis: valueAxis(unit),
    series: lines
  }
}

/** History, fitted anomaly band (99 %), anomalies, forecast mean and its 95 % interval, and the threshold. */
export function buildForecastOption(f: Forecast, unit: string, opts: { threshold?: number; animation?: boolean } = {}): ChartOption {
  const span = (f.times.at(-1) ?? 0) - (f.history[0]?.[0] ?? 0)
  const band = (lo: number[], hi: number[], times: number[], name: string, color: string) => [
    {
      name: `${name}-base`,
      type: 'line' as const,
      stack: name,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      data: times.map((t, i) => [t, lo[i]]),
      tooltip: { show: false }
    },
    {
      name,
      type: 'line' as const,
      stack: name,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      itemStyle: { color },
      areaStyle: { color },
      data: times.map((t, i) => [t, hi[i]! - lo[i]!]),
      tooltip: { show: false }
    }
  ]
  const histT = f.history.map(([t]) => t)
  const byT = new Map(f.history)
  return {
    animation: opts.animation ?? true,
    color: ['#1f6feb', '#bf8700'],
    grid: { left: 8, right: 24, top: 72, bottom: 24, containLabel: true },
    legend: { top: 0, data: ['Actual', 'Forecast', '95 % interval', 'Anomaly band (99 %)', 'Anomalies'] },
    tooltip: tooltip(unit),
    xAxis: timeAxis(span),
    yAxis: valueAxis(unit),
    series: [
      {
        name: 'Actual',
        type: 'line',
        showSymbol: false,
        data: f.history,
        ...(opts.threshold !== undefined
          ? {
              markLine: {
                symbol: 'none',
                label: { formatter: `threshold ${formatValue(opts.threshold, unit)}` },
                lineStyle: { color: '#cf222e' },
                data: [{ yAxis: opts.threshold }]
              }
            }
          : {})
      },
      {
        name: 'Forecast',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: [f.history.at(-1)!, ...f.times.map((t, i) => [t, f.mean[i]!])]
      },
      ...band(f.lo, f.hi, f.times, '95 % interval', 'rgba(191,135,0,0.22)'),
      ...band(f.anomalyLo, f.anomalyHi, histT, 'Anomaly band (99 %)', 'rgba(140,149,159,0.18)'),
      {
        name: 'Anomalies',
        type: 'scatter',
        symbolSize: 8,
        itemStyle: { color: '#cf222e' },
        data: f.anomalies.map((t) => [t, byT.get(t) ?? null])
      }
    ]
  }
}
