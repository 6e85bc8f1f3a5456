/** Chart options of the feature store (pure, tested): a window against the baseline on the baseline's bins; top values; null rates. */
import type { FeatureStats, Manifest } from '../../../../shared/contract/features'
import type { ChartOption } from '../../components/echarts'

export const FEATURE_COLORS = { baseline: '#1f6feb', window: '#d97706', nulls: '#cf222e' }

/** Compact number for axes and tables: 1.23k, 0.0042, 12.5. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const a = Math.abs(v)
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2)
  if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 })
  return Number(v.toPrecision(4)).toString()
}

const pct = (v: number): string => `${(v * 100).toFixed(1)} %`
const shares = (counts: number[]): number[] => {
  const n = counts.reduce((a, b) => a + b, 0)
  return counts.map((c) => (n ? c / n : 0))
}

/** The window's values and all history, as shares per bin of the baseline's 20-bin histogram. */
export function buildDistributionOption(
  name: string,
  windowLabel: string,
  window: FeatureStats,
  baseline: FeatureStats
): ChartOption | null {
  if (!baseline.histogram || !window.baselineBins || !baseline.baselineBins) return null
  const edges = baseline.histogram.edges
  const labels = edges.slice(0, -1).map((e, i) => `${formatValue(e)} – ${formatValue(edges[i + 1]!)}`)
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { top: 0, data: ['All history (baseline)', windowLabel] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => pct(Number(v)) },
    xAxis: {
      type: 'category',
      data: labels,
      name: `${name} (bin)`,
      nameLocation: 'middle',
      nameGap: 30,
      axisLabel: { hideOverlap: true, formatter: (s: string) => s.split(' – ')[0] }
    },
    yAxis: { type: 'value', name: 'Share of values', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: [
      {
        name: 'All history (baseline)',
        type: 'bar',
        barGap: '-100%',
        barCategoryGap: '2%',
        color: FEATURE_COLORS.baseline,
        itemStyle: { opacity: 0.5 },
        data: shares(baseline.baselineBins)
      },
      {
        name: windowLabel,
        type: 'bar',
        barGap: '-100%',
        barCategoryGap: '2%',
        color: FEATURE_COLORS.window,
        itemStyle: { opacity: 0.6 },
        data: shares(window.baselineBins)
      }
    ]
  }
}

/** Shares of the most frequent values, in the window and in all history (values from either top-10 list). */
export function buildTopOption(name: string, windowLabel: string, window: FeatureStats, baseline: FeatureStats): ChartOption | null {
  if (!window.top && !baseline.top) return null
  const labels = [...new Set([...(window.top ?? []).map((t) => t.value), ...(baseline.top ?? []).map((t) => t.value)])].slice(0, 12)
  const share = (s: FeatureStats, v: string): number => {
    const present = s.count - s.nulls
    const hit = s.top?.find((t) => t.value === v)
    return present && hit ? hit.count / present : 0
  }
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 36, bottom: 36, containLabel: true },
    legend: { top: 0, data: ['All history (baseline)', windowLabel] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => pct(Number(v)) },
    xAxis: { type: 'category', data: labels, name, nameLocation: 'middle', nameGap: 26, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', name: 'Share of values', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: [
      { name: 'All history (baseline)', type: 'bar', color: FEATURE_COLORS.baseline, data: labels.map((l) => share(baseline, l)) },
      { name: windowLabel, type: 'bar', color: FEATURE_COLORS.window, data: labels.map((l) => share(window, l)) }
    ]
  }
}

/** Null rate per feature of a training set (horizontal bars). */
export function buildNullRateOption(features: Manifest['features']): ChartOption {
  return {
    animation: false,
    grid: { left: 12, right: 36, top: 28, bottom: 28, containLabel: true },
    legend: { top: 0, data: ['Null rate'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => pct(Number(v)) },
    xAxis: {
      type: 'value',
      name: 'Share of rows without a value',
      nameLocation: 'middle',
      nameGap: 22,
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` }
    },
    yAxis: { type: 'category', data: features.map((f) => f.column), inverse: true },
    series: [
      {
        name: 'Null rate',
        type: 'bar',
        color: FEATURE_COLORS.nulls,
        data: features.map((f) => f.nullRate),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => pct(p.value) }
      }
    ]
  }
}
