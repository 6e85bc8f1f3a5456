import type { Series } from '../../../../shared/contract'
import type { ChartOption } from '../../components/echarts'
import { STATUS_COLORS, type StatusColors } from '../../components/statusColors'
import { axisTimeLabel, spanOf, tooltipTime } from '../../lib/chartTime'

export interface BucketShares {
  up: number
  degraded: number
  down: number
  maintenance: number
  noData: number
}

const pct = (n: number, of: number): number => Math.round((n / of) * 1000) / 10

/** Share of results per state in one bucket, in % (maintenance results count apart; an empty bucket is 100 % no data). */
export function bucketShares(s: Series, i: number): BucketShares {
  const count = s.count[i] ?? 0
  if (count <= 0) return { up: 0, degraded: 0, down: 0, maintenance: 0, noData: 100 }
  const down = s.failures[i] ?? 0
  const degraded = s.degraded[i] ?? 0
  const maintenance = s.maintenance[i] ?? 0
  const up = Math.max(0, count - down - degraded - maintenance)
  return { up: pct(up, count), degraded: pct(degraded, count), down: pct(down, count), maintenance: pct(maintenance, count), noData: 0 }
}

const STATES: { key: keyof BucketShares; name: string; color: keyof StatusColors }[] = [
  { key: 'up', name: 'Up', color: 'up' },
  { key: 'degraded', name: 'Degraded', color: 'degraded' },
  { key: 'down', name: 'Down', color: 'down' },
  { key: 'maintenance', name: 'Maintenance', color: 'maintenance' },
  { key: 'noData', name: 'No data', color: 'noData' }
]

/** Status timeline: one stacked 100 % bar per bucket, colored by the share of results in each state. */
export function buildTimelineOption(series: Series, colors: StatusColors = STATUS_COLORS.light): ChartOption {
  const shares = series.t.map((_, i) => bucketShares(series, i))
  const span = spanOf(series.t, series.bucketMs)
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 36, bottom: 24, containLabel: true },
    legend: { top: 0, data: STATES.map((s) => s.name) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => `${Number(v).toFixed(1)} %`
    },
    xAxis: {
      type: 'category',
      name: 'Time',
      nameLocation: 'middle',
      nameGap: 26,
      data: series.t,
      axisTick: { show: false },
      axisLabel: { hideOverlap: true, formatter: (v: string | number) => axisTimeLabel(Number(v), span) },
      axisPointer: { label: { formatter: (p: { value: string | number }) => tooltipTime(Number(p.value)) } }
    },
    yAxis: { type: 'value', name: '% of checks', min: 0, max: 100, interval: 50, axisLabel: { formatter: '{value} %' } },
    series: STATES.map((st) => ({
      name: st.name,
      type: 'bar',
      stack: 'status',
      barCategoryGap: '8%',
      color: colors[st.color],
      emphasis: { focus: 'series' },
      data: shares.map((s) => s[st.key])
    }))
  }
}
