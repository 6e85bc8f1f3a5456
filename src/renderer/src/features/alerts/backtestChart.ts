import type { ChannelOutput } from '../../../../shared/contract'
import type { ChartOption } from '../../components/echarts'
import { STATUS_COLORS, type StatusColors } from '../../components/statusColors'
import { axisTimeLabel, spanOf, tooltipTime } from '../../lib/chartTime'

export type BacktestResult = ChannelOutput<'alerts:backtest'>

export const CONDITION_SERIES = 'Condition true'
export const FIRING_SERIES = 'Firing'

/**
 * Per bucket: how many check results found the condition true (bars, left axis) and whether the rule was firing
 * (step line, right axis: 0 or 1). Bars sit above the firing band so a short outage inside one bucket stays visible.
 */
export function buildBacktestOption(r: BacktestResult, colors: StatusColors = STATUS_COLORS.light): ChartOption {
  const span = spanOf(r.t, r.bucketMs)
  const pairs = (values: number[]): [number, number][] => r.t.map((t, i) => [t, values[i] ?? 0])
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 40, bottom: 28, containLabel: true },
    legend: { top: 0, data: [CONDITION_SERIES, FIRING_SERIES] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow', label: { formatter: (p: { value: unknown }) => tooltipTime(Number(p.value)) } }
    },
    xAxis: {
      type: 'time',
      name: 'Time',
      nameLocation: 'middle',
      nameGap: 28,
      min: r.t[0],
      max: r.t.length ? r.t[r.t.length - 1]! + r.bucketMs : undefined,
      axisLabel: { hideOverlap: true, formatter: (v: number) => axisTimeLabel(v, span) }
    },
    yAxis: [
      { type: 'value', name: 'Results with condition true', nameTextStyle: { align: 'left' }, minInterval: 1, min: 0 },
      {
        type: 'value',
        name: 'Firing',
        nameTextStyle: { align: 'right' },
        min: 0,
        max: 1,
        interval: 1,
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => (v >= 1 ? 'yes' : 'no') }
      }
    ],
    series: [
      {
        name: CONDITION_SERIES,
        type: 'bar',
        yAxisIndex: 0,
        color: colors.degraded,
        barMaxWidth: 14,
        barMinWidth: 4,
        z: 3,
        data: pairs(r.conditionTrue)
      },
      {
        name: FIRING_SERIES,
        type: 'line',
        yAxisIndex: 1,
        step: 'end',
        showSymbol: false,
        z: 2,
        color: colors.down,
        areaStyle: { opacity: 0.15 },
        data: pairs(r.firing)
      }
    ]
  }
}
