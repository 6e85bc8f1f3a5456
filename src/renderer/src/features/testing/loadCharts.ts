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

const pad = (n: number): string => String(n).padStart(2, '0')
/** Local time of day to the second. */
export const clockTime = (at: number): string => {
  const d = new Date(at)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}
/** Time since the run's start: "+45 s", "+2:05". */
export const elapsedLabel = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000))
  return s < 60 ? `+${s} s` : `+${Math.floor(s / 60)}:${pad(s % 60)}`
}

/**
 * Per second: achieved and target rate (left axis), failures, and latency percentiles (right axis), on the clock from
 * the run's start to its end; each second's figures sit in the middle of that second, tooltips add the time elapsed.
 */
export function buildLoadSeriesOption(r: LoadReport): ChartOption {
  const s = r.series
  const atOf = (t: number): number => r.startedAt + (t - 0.5) * 1000
  const pair = (values: (number | null)[]) => s.t.map((t, i) => [atOf(t), values[i] ?? null])
  const end = Math.max(r.endedAt, r.startedAt + Math.max(1, ...s.t) * 1000)
  const ms = (v: unknown): string => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '—')
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 48, bottom: 40, containLabel: true },
    legend: { top: 0, data: ['completed/s', ...(r.targetRate !== null ? ['target/s'] : []), 'failed/s', 'dropped/s', 'p50', 'p95', 'p99'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { label: { formatter: (p: { value: number }) => `${clockTime(p.value)} (${elapsedLabel(p.value - r.startedAt)})` } }
    },
    xAxis: {
      type: 'time',
      name: `Time (local, hh:mm:ss) · load began ${clockTime(r.startedAt)}`,
      nameLocation: 'middle',
      nameGap: 26,
      min: r.startedAt,
      max: end,
      axisLabel: { hideOverlap: true, formatter: (at: number) => clockTime(at) }
    },
    yAxis: [
      { type: 'value', name: 'Requests/s', min: 0 },
      { type: 'value', name: 'Latency (ms)', min: 0, splitLine: { show: false }, axisLabel: { formatter: '{value} ms' } }
    ],
    series: [
      {
        name: 'completed/s',
        type: 'line',
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
