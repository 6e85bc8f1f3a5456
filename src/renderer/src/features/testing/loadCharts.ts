/** Chart options of the load-test report, as pure functions of the report. */
import type { ChartOption } from '../../components/echarts'
import type { LoadReport } from './types'

/** The percentiles a report shows, with their labels. */
export const PCTS = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
  ['max', 'max']
] as const

/** Per second: achieved and target rate (left axis), failures, and latency percentiles (right axis). */
export function buildLoadSeriesOption(r: LoadReport): ChartOption {
  const s = r.series
  const pair = (values: (number | null)[]) => s.t.map((t, i) => [t, values[i] ?? null])
  const ms = (v: unknown): string => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '—')
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 48, bottom: 40, containLabel: true },
    legend: { top: 0, data: ['completed/s', ...(r.targetRate !== null ? ['target/s'] : []), 'failed/s', 'dropped/s', 'p50', 'p95', 'p99'] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'Seconds into the run', nameLocation: 'middle', nameGap: 26, min: 0, max: Math.max(1, ...s.t) },
    yAxis: [
      { type: 'value', name: 'Requests/s', min: 0 },
      { type: 'value', name: 'Latency (ms)', min: 0, splitLine: { show: false }, axisLabel: { formatter: '{value} ms' } }
    ],
    series: [
      {
        name: 'completed/s',
        type: 'line',
        step: 'end',
        symbol: 'none',
        data: pair(s.completed),
        color: '#1f6feb',
        tooltip: { valueFormatter: (v: unknown) => `${v}/s` }
      },
      ...(r.targetRate !== null
        ? [
            {
              name: 'target/s',
              type: 'line',
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              data: pair(s.targetRate),
              color: '#6e7781',
              tooltip: { valueFormatter: (v: unknown) => `${v}/s` }
            }
          ]
        : []),
      { name: 'failed/s', type: 'bar', data: pair(s.failed), color: '#cf222e', barMaxWidth: 8 },
      { name: 'dropped/s', type: 'bar', data: pair(s.dropped), color: '#bf8700', barMaxWidth: 8 },
      { name: 'p50', type: 'line', yAxisIndex: 1, symbol: 'none', data: pair(s.p50), color: '#2da44e', tooltip: { valueFormatter: ms } },
      { name: 'p95', type: 'line', yAxisIndex: 1, symbol: 'none', data: pair(s.p95), color: '#8250df', tooltip: { valueFormatter: ms } },
      { name: 'p99', type: 'line', yAxisIndex: 1, symbol: 'none', data: pair(s.p99), color: '#d4a72c', tooltip: { valueFormatter: ms } }
    ]
  }
}

/** Percentiles from the intended start (corrected) next to those from the send (what an uncorrected tool shows). */
export function buildPercentileOption(r: LoadReport): ChartOption {
  const corrected = r.model === 'open'
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 56, bottom: 24, containLabel: true },
    legend: { top: 0, data: corrected ? ['from intended start (corrected)', 'from send (uncorrected)'] : ['from send'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} ms` : '—')
    },
    xAxis: { type: 'category', data: PCTS.map(([, l]) => l), name: 'Percentile', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', name: 'Latency (ms)', min: 0, axisLabel: { formatter: '{value} ms' } },
    series: [
      {
        name: corrected ? 'from intended start (corrected)' : 'from send',
        type: 'bar',
        data: PCTS.map(([k]) => r.latency[k]),
        color: '#8250df'
      },
      ...(corrected ? [{ name: 'from send (uncorrected)', type: 'bar', data: PCTS.map(([k]) => r.serviceTime[k]), color: '#8c959f' }] : [])
    ]
  }
}
