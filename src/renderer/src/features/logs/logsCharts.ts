/** Chart options for the logs views: the histogram above results, metric query series, an issue's hourly counts. */
import type { Histogram, SearchResult } from '../../../../shared/contract/logs'
import type { ChartOption } from '../../components/echarts'
import { axisTimeLabel, tooltipTime } from '../../lib/chartTime'
import { formatBucket } from '../../lib/format'
import { LEVEL_COLORS, LEVEL_ORDER } from './lineMarks'

const PALETTE = ['#1f6feb', '#2da44e', '#bf8700', '#8250df', '#cf222e', '#1b7c83', '#d4a72c', '#6e7781', '#bc4c00', '#0969da']

/** Lines per bucket stacked by level; the wheel zooms into a span, which the page can then search. */
export function buildHistogramOption(h: Histogram): ChartOption {
  const levels = Object.keys(h.levels).sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))
  const span = h.t.length ? h.t[h.t.length - 1]! - h.t[0]! + h.bucketMs : 0
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 30, bottom: 4, containLabel: true },
    legend: { top: 0, data: levels },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const ps = params as { dataIndex: number; seriesName: string; value: number; marker: string }[]
        const i = ps[0]?.dataIndex ?? 0
        const rows = ps.filter((p) => p.value > 0).map((p) => `${p.marker} ${p.seriesName}: ${p.value.toLocaleString()} lines`)
        return [`${tooltipTime(h.t[i]!)} (${formatBucket(h.bucketMs)})`, ...rows].join('<br/>')
      }
    },
    xAxis: { type: 'category', data: h.t.map((t) => axisTimeLabel(t, span)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: 'lines', minInterval: 1 },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, zoomOnMouseWheel: true, moveOnMouseMove: true }],
    series: levels.map((l) => ({
      name: l,
      type: 'bar',
      stack: 'lines',
      barCategoryGap: '10%',
      itemStyle: { color: LEVEL_COLORS[l] ?? '#8c959f' },
      data: h.levels[l]!
    }))
  }
}

const seriesName = (labels: Record<string, string>): string => {
  const e = Object.entries(labels)
  return e.length ? `{${e.map(([k, v]) => `${k}="${v}"`).join(', ')}}` : '{}'
}

/** A metric query's series as lines over time (values per step). */
export function buildMetricOption(r: Extract<SearchResult, { kind: 'matrix' }>, unit: string): ChartOption {
  const names = r.series.map((s) => seriesName(s.labels))
  return {
    animation: false,
    color: PALETTE,
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { type: 'scroll', top: 0, data: names },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${Number(v.toFixed(4))} ${unit}` : '—') },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: unit },
    series: r.series.map((s, i) => ({
      name: names[i]!,
      type: 'line',
      showSymbol: s.t.length < 60,
      connectNulls: false,
      data: s.t.map((t, j) => [t, s.v[j] ?? null])
    }))
  }
}

/** An issue's occurrences per hour. */
export function buildIssueHoursOption(t: number[], count: number[]): ChartOption {
  const span = t.length ? t[t.length - 1]! - t[0]! + 3_600_000 : 0
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (params as { dataIndex: number; value: number }[])[0]
        return p ? `${tooltipTime(t[p.dataIndex]!)}: ${p.value} occurrences` : ''
      }
    },
    xAxis: { type: 'category', data: t.map((x) => axisTimeLabel(x, span)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: 'per hour', minInterval: 1 },
    series: [{ name: 'occurrences', type: 'bar', itemStyle: { color: LEVEL_COLORS.error }, data: count }]
  }
}
