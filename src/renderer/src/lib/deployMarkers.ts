/**
 * Deploy markers on time charts: one dashed vertical line per deploy (green when its verification passed, red when it
 * failed, violet otherwise), labelled with the version, added to any chart option as a "Deploys" series. Pure.
 */
import type { DeployMarker } from '../../../shared/contract'
import type { ChartOption } from '../components/echarts'

export type MarkerInput = Pick<DeployMarker, 'at' | 'version' | 'serviceName' | 'verification'>

/** Where a marker goes: a time axis takes its instant; a category axis the index of the bucket holding it (−1: off the chart). */
export type MarkerAxis = { kind: 'time' } | { kind: 'index'; indexOf: (at: number) => number }

export const MARKER_COLORS = { pass: '#1a7f37', fail: '#cf222e', none: '#8250df' } as const

export function markerColor(m: MarkerInput): string {
  return m.verification?.verdict === 'fail'
    ? MARKER_COLORS.fail
    : m.verification?.verdict === 'pass'
      ? MARKER_COLORS.pass
      : MARKER_COLORS.none
}

export function markerTitle(m: MarkerInput): string {
  const verdict = m.verification?.verdict ? ` · verification ${m.verification.verdict === 'pass' ? 'passed' : 'failed'}` : ''
  return `Deploy ${m.serviceName ? `${m.serviceName} ` : ''}${m.version}${verdict}`
}

export function withDeployMarkers(option: ChartOption, markers: readonly MarkerInput[], axis: MarkerAxis): ChartOption {
  const lines = markers
    .map((m) => ({ m, x: axis.kind === 'time' ? m.at : axis.indexOf(m.at) }))
    .filter(({ x }) => x >= 0)
    .map(({ m, x }) => ({
      xAxis: x,
      name: markerTitle(m),
      lineStyle: { color: markerColor(m), type: 'dashed', width: 1.5 },
      label: { formatter: m.version, color: markerColor(m) }
    }))
  if (lines.length === 0) return option
  const o = option as { series?: unknown[]; legend?: { data?: unknown[] }; xAxis?: Record<string, unknown> | unknown[] }
  const series = {
    name: 'Deploys',
    type: 'line',
    data: [],
    color: MARKER_COLORS.none,
    markLine: {
      symbol: ['none', 'none'],
      animation: false,
      label: { position: 'insideEndTop', fontSize: 10 },
      tooltip: { show: true, formatter: (p: { name: string }) => p.name },
      emphasis: { label: { show: true } },
      data: lines
    }
  }
  // a time axis ends at the last data point: stretch it to the newest marker (a deploy after the last bucket's start)
  const latest = Math.max(...lines.map((l) => l.xAxis))
  const xAxis =
    axis.kind === 'time' && o.xAxis && !Array.isArray(o.xAxis) && o.xAxis.max === undefined
      ? { xAxis: { ...o.xAxis, max: (v: { max: number }) => Math.max(v.max, latest) } }
      : {}
  return {
    ...option,
    ...xAxis,
    series: [...(o.series ?? []), series],
    ...(o.legend?.data ? { legend: { ...o.legend, data: [...o.legend.data, 'Deploys'] } } : {})
  }
}

/** The index of the bucket (starts ascending, each `bucketMs` long) that holds `at`, or −1. */
export function bucketIndexOf(starts: readonly number[], bucketMs: number): (at: number) => number {
  return (at) => {
    let lo = 0
    let hi = starts.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (starts[mid]! <= at) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found >= 0 && at < starts[found]! + bucketMs ? found : -1
  }
}
