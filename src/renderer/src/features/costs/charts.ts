import type { BudgetView, CostSeries, ForecastView } from '../../../../shared/contract/costs'
import type { ChartOption } from '../../components/echarts'
import { compactMoney, formatMoney, weekStartOf } from './format'

export const PALETTE = ['#1f6feb', '#2da44e', '#bf8700', '#8250df', '#cf222e', '#1b7c83', '#d4a72c', '#6e7781', '#bc4c00', '#0969da']
const ANOMALY = '#cf222e'

const moneyAxis = (currency: string) => ({
  type: 'value' as const,
  name: currency,
  nameLocation: 'end' as const,
  axisLabel: { formatter: (v: number) => compactMoney(v) }
})

const tooltip = (currency: string) => ({
  trigger: 'axis' as const,
  axisPointer: { type: 'shadow' as const },
  valueFormatter: (v: unknown) => (typeof v === 'number' ? formatMoney(v, currency) : '—')
})

/** The bucket (day, ISO week start or month) an anomaly day falls into. */
export function bucketOfDay(day: string, granularity: 'day' | 'week' | 'month'): string {
  return granularity === 'day' ? day : granularity === 'month' ? day.slice(0, 7) : weekStartOf(day)
}

/** Cost over time stacked by a dimension, with anomaly markers on the totals. */
export function buildCostOverTimeOption(
  data: CostSeries,
  granularity: 'day' | 'week' | 'month',
  opts: { animation?: boolean; printable?: boolean } = {}
): ChartOption {
  const index = new Map(data.buckets.map((b, i) => [b, i]))
  const marks = new Map<number, { day: string; value: number; direction: string }[]>()
  for (const a of data.anomalies) {
    const i = index.get(bucketOfDay(a.day, granularity))
    if (i === undefined) continue
    marks.set(i, [...(marks.get(i) ?? []), a])
  }
  const anomalyData = data.buckets.map((_, i) => (marks.has(i) ? data.totals[i]! : null))
  return {
    animation: opts.animation ?? true,
    color: PALETTE,
    // on paper a scrolling legend would hide series: wrap it instead
    grid: {
      left: 8,
      right: 24,
      top: opts.printable ? 64 + 22 * Math.floor((data.series.length + 1) / 4) : 64,
      bottom: 28,
      containLabel: true
    },
    legend: {
      type: opts.printable ? 'plain' : 'scroll',
      top: 0,
      data: [...data.series.map((s) => s.name), ...(data.anomalies.length ? ['Anomaly'] : [])]
    },
    tooltip: tooltip(data.currency),
    xAxis: { type: 'category', data: data.buckets, axisLabel: { hideOverlap: true } },
    yAxis: moneyAxis(data.currency),
    series: [
      ...data.series.map((s) => ({
        name: s.name,
        type: 'bar',
        stack: 'cost',
        data: s.values,
        emphasis: { focus: 'series' },
        barMaxWidth: 48
      })),
      ...(data.anomalies.length
        ? [
            {
              name: 'Anomaly',
              type: 'scatter',
              data: anomalyData,
              symbol: 'triangle',
              symbolSize: 13,
              symbolOffset: [0, -10],
              itemStyle: { color: ANOMALY },
              tooltip: {
                valueFormatter: (v: unknown) => (typeof v === 'number' ? `${formatMoney(v, data.currency)} (outside median ± k·MAD)` : '—')
              },
              z: 5
            }
          ]
        : [])
    ]
  }
}

/** History, forecast mean and its 95 % band (a stacked area from lo to hi). */
export function buildForecastOption(f: ForecastView, opts: { historyDays?: number; animation?: boolean } = {}): ChartOption {
  const keep = opts.historyDays ?? 90
  const start = Math.max(0, f.history.days.length - keep)
  const histDays = f.history.days.slice(start)
  const days = [...histDays, ...f.forecast.days]
  const pad = (n: number): null[] => new Array<null>(n).fill(null)
  const lastActual = f.history.values.at(-1) ?? null
  return {
    animation: opts.animation ?? true,
    color: ['#1f6feb', '#bf8700', '#bf8700'],
    grid: { left: 8, right: 24, top: 64, bottom: 28, containLabel: true },
    legend: { top: 0, data: ['Actual', 'Forecast', '95 % interval'] },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? formatMoney(v, f.currency) : '—')
    },
    xAxis: { type: 'category', data: days, axisLabel: { hideOverlap: true } },
    yAxis: moneyAxis(f.currency),
    series: [
      { name: 'Actual', type: 'line', showSymbol: false, data: [...f.history.values.slice(start), ...pad(f.forecast.days.length)] },
      {
        name: 'Forecast',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: [...pad(histDays.length - 1), lastActual, ...f.forecast.mean]
      },
      {
        name: 'interval-base',
        type: 'line',
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        data: [...pad(histDays.length), ...f.forecast.lo],
        tooltip: { show: false }
      },
      {
        name: '95 % interval',
        type: 'line',
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(191,135,0,0.18)' },
        data: [...pad(histDays.length), ...f.forecast.hi.map((h, i) => Math.max(0, h - f.forecast.lo[i]!))],
        tooltip: { valueFormatter: () => '' }
      }
    ]
  }
}

/** Actual and forecast period-end spend against each budget. */
export function buildBudgetOption(budgets: BudgetView[], currency: string, opts: { animation?: boolean } = {}): ChartOption {
  const names = budgets.map((b) => `${b.name} (${b.status.period})`)
  return {
    animation: opts.animation ?? true,
    color: ['#1f6feb', '#bf8700', '#6e7781'],
    grid: { left: 8, right: 40, top: 40, bottom: 28, containLabel: true },
    legend: { top: 0, data: ['Actual', 'Forecast at period end', 'Budget'] },
    tooltip: tooltip(currency),
    xAxis: moneyAxis(currency),
    yAxis: { type: 'category', data: names },
    series: [
      { name: 'Actual', type: 'bar', data: budgets.map((b) => b.status.actual), barMaxWidth: 18 },
      { name: 'Forecast at period end', type: 'bar', data: budgets.map((b) => b.status.forecast?.mean ?? null), barMaxWidth: 18 },
      { name: 'Budget', type: 'bar', data: budgets.map((b) => b.amount), barMaxWidth: 18, itemStyle: { opacity: 0.45 } }
    ]
  }
}

/** Monthly spend against the savings target. */
export function buildSavingsOption(
  goal: { months: { month: string; actual: number; target: number; met: boolean }[]; targetPct: number },
  currency: string
): ChartOption {
  return {
    color: ['#1f6feb', '#2da44e'],
    grid: { left: 8, right: 24, top: 64, bottom: 28, containLabel: true },
    legend: { top: 0, data: ['Effective cost', `Target (−${goal.targetPct} %)`] },
    tooltip: tooltip(currency),
    xAxis: { type: 'category', data: goal.months.map((m) => m.month) },
    yAxis: moneyAxis(currency),
    series: [
      {
        name: 'Effective cost',
        type: 'bar',
        barMaxWidth: 40,
        data: goal.months.map((m) => ({ value: m.actual, itemStyle: { color: m.met ? '#2da44e' : '#1f6feb' } }))
      },
      {
        name: `Target (−${goal.targetPct} %)`,
        type: 'line',
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { type: 'dashed', width: 2 },
        data: goal.months.map((m) => m.target),
        // the target is one amount: a horizontal line across the chart, visible even for a single month
        markLine: goal.months.length
          ? {
              symbol: 'none',
              label: { formatter: 'target', position: 'insideEndTop' },
              lineStyle: { type: 'dashed', color: '#2da44e' },
              data: [{ yAxis: goal.months[0]!.target }]
            }
          : undefined
      }
    ]
  }
}

/** Horizontal bars of the top services. */
export function buildTopOption(rows: { key: string; amount: number }[], currency: string, opts: { animation?: boolean } = {}): ChartOption {
  const sorted = [...rows].sort((a, b) => a.amount - b.amount)
  return {
    animation: opts.animation ?? true,
    color: ['#1f6feb'],
    grid: { left: 8, right: 40, top: 32, bottom: 28, containLabel: true },
    legend: { top: 0, data: ['Cost'] },
    tooltip: tooltip(currency),
    xAxis: moneyAxis(currency),
    yAxis: { type: 'category', data: sorted.map((r) => (r.key.length > 34 ? `${r.key.slice(0, 33)}…` : r.key)) },
    series: [{ name: 'Cost', type: 'bar', data: sorted.map((r) => r.amount), barMaxWidth: 20 }]
  }
}
