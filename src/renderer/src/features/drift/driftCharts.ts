import type { ColumnDetail, ColumnKind, DriftRunSummary } from '../../../../shared/contract/drift'
import type { ChartOption } from '../../components/echarts'
import { formatShare, formatStat } from './driftFormat'

export interface DriftColors {
  reference: string
  current: string
  line: string
  threshold: string
  drift: string
}

export const DRIFT_COLORS: Record<'light' | 'dark', DriftColors> = {
  light: { reference: '#1f6feb', current: '#d97706', line: '#1f6feb', threshold: '#cf222e', drift: '#cf222e' },
  dark: { reference: '#4c8dff', current: '#f0a030', line: '#4c8dff', threshold: '#f85149', drift: '#f85149' }
}

const pct = (v: number): string => `${(v * 100).toFixed(1)} %`

/** Axis labels for a numeric or datetime column. */
export function valueLabel(kind: ColumnKind | null, v: number): string {
  if (kind === 'datetime') return new Date(v).toISOString().slice(0, 10)
  return formatStat(v)
}

/** Finished runs with a score, oldest first. */
export const scoredRuns = (runs: DriftRunSummary[]): DriftRunSummary[] =>
  runs.filter((r) => r.state === 'done' && r.share !== null).sort((a, b) => a.startedAt - b.startedAt)

/**
 * Share of drifted columns per finished run over time, with the check's drift_share as a dashed line; null with fewer
 * than two runs (one value is said as a value, not drawn as a lone point on a time axis).
 */
export function buildScoreOption(
  runs: DriftRunSummary[],
  driftShare: number,
  colors: DriftColors = DRIFT_COLORS.light
): ChartOption | null {
  const done = scoredRuns(runs)
  if (done.length < 2) return null
  // a few runs close together: show at least two hours around them instead of a day-wide axis
  const first = done[0]?.startedAt ?? 0
  const last = done.at(-1)?.startedAt ?? 0
  const pad = last - first < 2 * 3_600_000 ? 3_600_000 : 0
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 36, bottom: 28, containLabel: true },
    legend: { top: 0, data: ['Drift score (share of drifted columns)'] },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => formatShare(Number(v))
    },
    xAxis: {
      type: 'time',
      name: 'Run',
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { hideOverlap: true },
      ...(pad && done.length ? { min: first - pad, max: last + pad } : {})
    },
    yAxis: { type: 'value', name: 'Share of columns', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: [
      {
        name: 'Drift score (share of drifted columns)',
        type: 'line',
        color: colors.line,
        showSymbol: true,
        symbolSize: 7,
        data: done.map((r) => ({ value: [r.startedAt, r.share], itemStyle: { color: r.datasetDrift ? colors.drift : colors.line } })),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: colors.threshold },
          label: { formatter: `drift_share ${formatShare(driftShare)}`, position: 'insideEndTop' },
          data: [{ yAxis: driftShare }]
        }
      }
    ]
  }
}

type Numeric = NonNullable<ColumnDetail['numeric']>

/** Reference and current histograms on shared bins, overlaid (semi-transparent bars on one band). */
export function buildHistogramOption(n: Numeric, kind: ColumnKind | null, colors: DriftColors = DRIFT_COLORS.light): ChartOption {
  const labels = n.reference.map((_, i) => `${valueLabel(kind, n.edges[i]!)} – ${valueLabel(kind, n.edges[i + 1]!)}`)
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { top: 0, data: ['Reference', 'Current'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => pct(Number(v)) },
    xAxis: {
      type: 'category',
      data: labels,
      name: 'Value (bin)',
      nameLocation: 'middle',
      nameGap: 30,
      axisLabel: { hideOverlap: true, formatter: (s: string) => s.split(' – ')[0] }
    },
    yAxis: { type: 'value', name: 'Share of rows', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: [
      {
        name: 'Reference',
        type: 'bar',
        barGap: '-100%',
        barCategoryGap: '2%',
        color: colors.reference,
        itemStyle: { opacity: 0.55 },
        data: n.reference
      },
      {
        name: 'Current',
        type: 'bar',
        barGap: '-100%',
        barCategoryGap: '2%',
        color: colors.current,
        itemStyle: { opacity: 0.55 },
        data: n.current
      }
    ]
  }
}

/** Empirical CDFs of both samples as step lines. */
export function buildEcdfOption(n: Numeric, kind: ColumnKind | null, colors: DriftColors = DRIFT_COLORS.light): ChartOption {
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 36, bottom: 28, containLabel: true },
    legend: { top: 0, data: ['Reference', 'Current'] },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => pct(Number(v)),
      axisPointer: { label: { formatter: (p: { value: number }) => valueLabel(kind, p.value) } }
    },
    xAxis: {
      type: 'value',
      min: 'dataMin',
      max: 'dataMax',
      name: kind === 'datetime' ? 'Date' : 'Value',
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { hideOverlap: true, formatter: (v: number) => valueLabel(kind, v) }
    },
    yAxis: { type: 'value', name: 'Share ≤ value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: [
      {
        name: 'Reference',
        type: 'line',
        step: 'end',
        showSymbol: false,
        color: colors.reference,
        data: n.ecdf.x.map((x, i) => [x, n.ecdf.reference[i]])
      },
      {
        name: 'Current',
        type: 'line',
        step: 'end',
        showSymbol: false,
        color: colors.current,
        data: n.ecdf.x.map((x, i) => [x, n.ecdf.current[i]])
      }
    ]
  }
}

type Categories = NonNullable<ColumnDetail['categories']>

/** Category shares, reference and current side by side. */
export function buildCategoryOption(c: Categories, colors: DriftColors = DRIFT_COLORS.light): ChartOption {
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 36, bottom: 36, containLabel: true },
    legend: { top: 0, data: ['Reference', 'Current'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => pct(Number(v)) },
    xAxis: {
      type: 'category',
      data: c.labels,
      name: 'Category',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { interval: 0, hideOverlap: true }
    },
    yAxis: { type: 'value', name: 'Share of rows', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: [
      { name: 'Reference', type: 'bar', color: colors.reference, data: c.reference },
      { name: 'Current', type: 'bar', color: colors.current, data: c.current }
    ]
  }
}
