/**
 * Deploy markers on time charts: one dashed vertical line per deploy (green when its verification passed, red when it
 * or the deployment itself failed, violet otherwise), labelled with the version, added to any chart option as a "Deploys" series. Deploys too
 * close to label apart share one label ("3 deploys") and a tooltip listing them. Pure.
 */
import type { DeployMarker } from '../../../shared/contract'
import type { ChartOption } from '../components/echarts'

export type MarkerInput = Pick<DeployMarker, 'at' | 'version' | 'serviceName' | 'verification'> & { failed?: boolean }

/**
 * Where a marker goes: a time axis takes its instant (`span`: the ms the axis covers); a category axis the index of the
 * bucket holding it (−1: off the chart; `count`: its buckets).
 */
export type MarkerAxis = { kind: 'time'; span: number } | { kind: 'index'; indexOf: (at: number) => number; count: number }

/** Labels are drawn along their line (vertical text): lines closer than this share of the axis would overlap. */
export const LABEL_GAP_SHARE = 0.025

/**
 * Groups items sorted by x so that each group starts at least `minGap` after the previous group's start: one label per
 * group, at its first item, never overlaps the next. Items at the same x always share a group.
 */
export function clusterMarkers<T>(items: readonly T[], xOf: (t: T) => number, minGap: number): T[][] {
  const sorted = [...items].sort((a, b) => xOf(a) - xOf(b))
  const groups: T[][] = []
  let start = -Infinity
  for (const it of sorted) {
    const x = xOf(it)
    if (groups.length && x - start < minGap) groups.at(-1)!.push(it)
    else {
      groups.push([it])
      start = x
    }
  }
  return groups
}

/** The gap below which two markers' labels would overlap, in the axis' units. */
export function labelGap(axis: MarkerAxis, xs: readonly number[]): number {
  if (axis.kind === 'index') return Math.max(1, axis.count * LABEL_GAP_SHARE)
  const span = Math.max(axis.span, xs.length ? Math.max(...xs) - Math.min(...xs) : 0)
  return span * LABEL_GAP_SHARE
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A mark line's tooltip: its name, one escaped line per deploy of its group (names come from CI). */
export const markerTooltip = { show: true, formatter: (p: { name: string }): string => p.name.split('\n').map(escapeHtml).join('<br/>') }

/**
 * Mark-line entries for plain labelled markers (x, label), grouped as above: a lone marker keeps its label, a group's
 * first line says "N deploys" and the others are unlabelled; every line's name lists its group, one per line.
 */
export function groupedMarkLines(items: readonly { x: number; label: string }[], minGap: number): Record<string, unknown>[] {
  return clusterMarkers(items, (m) => m.x, minGap).flatMap((g) => {
    if (g.length === 1) return [{ name: g[0]!.label, xAxis: g[0]!.x }]
    const name = g.map((m) => m.label).join('\n')
    return g.map((m, i) => ({
      name,
      xAxis: m.x,
      label: i === 0 ? { formatter: `${g.length} deploys` } : { show: false },
      ...(i === 0 ? {} : { emphasis: { label: { show: false } } })
    }))
  })
}

/** One group's label: the version alone, or "N deploys" coloured by the worst verification among them. */
export function groupLabel(group: readonly MarkerInput[]): { text: string; color: string } {
  if (group.length === 1) return { text: group[0]!.version, color: markerColor(group[0]!) }
  const colors = group.map(markerColor)
  const color = colors.includes(MARKER_COLORS.fail)
    ? MARKER_COLORS.fail
    : colors.every((c) => c === MARKER_COLORS.pass)
      ? MARKER_COLORS.pass
      : MARKER_COLORS.none
  return { text: `${group.length} deploys`, color }
}

export const MARKER_COLORS = { pass: '#1a7f37', fail: '#cf222e', none: '#8250df' } as const

export function markerColor(m: MarkerInput): string {
  return m.failed || m.verification?.verdict === 'fail'
    ? MARKER_COLORS.fail
    : m.verification?.verdict === 'pass'
      ? MARKER_COLORS.pass
      : MARKER_COLORS.none
}

export function markerTitle(m: MarkerInput): string {
  const verdict = m.verification?.verdict ? ` · verification ${m.verification.verdict === 'pass' ? 'passed' : 'failed'}` : ''
  return `Deploy ${m.serviceName ? `${m.serviceName} ` : ''}${m.version}${m.failed ? ' · deploy failed' : ''}${verdict}`
}

export function withDeployMarkers(option: ChartOption, markers: readonly MarkerInput[], axis: MarkerAxis): ChartOption {
  const placed = markers.map((m) => ({ m, x: axis.kind === 'time' ? m.at : axis.indexOf(m.at) })).filter(({ x }) => x >= 0)
  const groups = clusterMarkers(
    placed,
    (p) => p.x,
    labelGap(
      axis,
      placed.map((p) => p.x)
    )
  )
  // every deploy keeps its line; the group's first carries the label, and each line's tooltip lists the whole group
  const lines = groups.flatMap((g) => {
    const label = groupLabel(g.map((p) => p.m))
    const name = g.map((p) => markerTitle(p.m)).join('\n')
    return g.map(({ m, x }, i) => ({
      xAxis: x,
      name,
      lineStyle: { color: markerColor(m), type: 'dashed', width: 1.5 },
      ...(i === 0
        ? { label: { formatter: label.text, color: label.color } }
        : { label: { show: false }, emphasis: { label: { show: false } } })
    }))
  })
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
      tooltip: markerTooltip,
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
