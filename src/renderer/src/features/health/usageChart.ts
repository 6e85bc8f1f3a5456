import type { Series } from '../../../../shared/contract'
import type { ChartOption } from '../../components/echarts'
import { STATUS_COLORS, type StatusColors } from '../../components/statusColors'
import { tooltipTime } from '../../lib/chartTime'

/** Error rate of a bucket in %, over results outside maintenance; null when nothing counted. */
export function errorRatePct(s: Series, i: number): number | null {
  const counted = (s.count[i] ?? 0) - (s.maintenance[i] ?? 0)
  return counted > 0 ? Math.round(((s.failures[i] ?? 0) / counted) * 10_000) / 100 : null
}

/** Checks run per bucket (bars, left axis) and error rate (line, right axis, %). */
export function buildUsageOption(series: Series, colors: StatusColors = STATUS_COLORS.light): ChartOption {
  const minutes = Math.max(1, Math.round(series.bucketMs / 60_000))
  const per = minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`
  const runName = `Checks run (per ${per})`
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 44, bottom: 64, containLabel: true },
    legend: { top: 0, data: [runName, 'Error rate'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: {
        type: 'cross',
        label: {
          formatter: (p: { axisDimension: string; value: number }) =>
            p.axisDimension === 'x' ? tooltipTime(p.value) : String(Math.round(p.value * 100) / 100)
        }
      }
    },
    xAxis: { type: 'time', name: 'Time', nameLocation: 'middle', nameGap: 28, axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: 'checks', min: 0, axisLabel: { formatter: '{value}' } },
      {
        type: 'value',
        name: 'error rate (%)',
        min: 0,
        max: (v: { max: number }) => Math.max(5, Math.ceil(v.max)),
        axisLabel: { formatter: '{value} %' },
        splitLine: { show: false }
      }
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, height: 18, bottom: 6, filterMode: 'none' }
    ],
    series: [
      {
        name: runName,
        type: 'bar',
        yAxisIndex: 0,
        color: colors.accent,
        barMaxWidth: 14,
        tooltip: { valueFormatter: (v: unknown) => `${Number(v).toLocaleString()} checks` },
        data: series.t.map((t, i) => [t, series.count[i] ?? 0])
      },
      {
        name: 'Error rate',
        type: 'line',
        yAxisIndex: 1,
        color: colors.down,
        showSymbol: false,
        connectNulls: false,
        tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? 'no data' : `${Number(v).toFixed(2)} %`) },
        data: series.t.map((t, i) => [t, errorRatePct(series, i)])
      }
    ]
  }
}
