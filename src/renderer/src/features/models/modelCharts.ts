import type { ChartOption } from '../../components/echarts'
import type { Comparison, EvaluationResult } from '../../../../shared/contract'

const fmt = (v: unknown): string =>
  typeof v === 'number' && Number.isFinite(v)
    ? Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0)
      ? v.toExponential(3)
      : v.toPrecision(4)
    : '—'

/** Every item logged the metric at most once: there is no history to draw, only one value each. */
export function isSingleValued(cmp: Pick<Comparison, 'history'>, key: string): boolean {
  const h = cmp.history.find((x) => x.key === key)
  return !!h && h.series.every((s) => !s || s.n <= 1)
}

/**
 * One metric's history (value by step) overlaid for every compared item; a metric logged once per item is drawn
 * as one labelled bar per item on an axis from zero, not as single points on a line chart.
 */
export function buildHistoryOption(cmp: Pick<Comparison, 'items' | 'history'>, key: string): ChartOption {
  const h = cmp.history.find((x) => x.key === key)
  if (isSingleValued(cmp, key)) {
    const values = cmp.items.map((_, i) => h?.series[i]?.values.at(-1) ?? null)
    const present = values.filter((v): v is number => v !== null)
    return {
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      xAxis: { type: 'category', data: cmp.items.map((i) => i.label), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', name: key, min: Math.min(0, ...present), max: Math.max(0, ...present) },
      series: [
        {
          name: key,
          type: 'bar',
          barMaxWidth: 48,
          label: { show: true, position: 'top', formatter: (p: { value: number }) => fmt(p.value) },
          data: values.map((v) => ({ value: v }))
        }
      ]
    }
  }
  const series = cmp.items.map((it, i) => {
    const s = h?.series[i]
    return {
      name: it.label,
      type: 'line',
      showSymbol: (s?.steps.length ?? 0) <= 1,
      symbolSize: 6,
      data: s ? s.steps.map((x, j) => [x, s.values[j]]) : []
    }
  })
  return {
    grid: { left: 8, right: 24, top: 48, bottom: 36, containLabel: true },
    legend: { type: 'scroll', top: 0, data: cmp.items.map((i) => i.label) },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, minInterval: 1 },
    yAxis: { type: 'value', name: key, scale: true },
    series
  }
}

/** Parallel coordinates: one axis per numeric-or-categorical param, the chosen metric last. */
export function buildParallelOption(
  cmp: Pick<Comparison, 'items' | 'params' | 'metrics'>,
  metricKey: string,
  paramKeys?: string[]
): ChartOption {
  const params = (paramKeys ? cmp.params.filter((p) => paramKeys.includes(p.key)) : cmp.params.filter((p) => p.differs)).slice(0, 12)
  const metric = cmp.metrics.find((m) => m.key === metricKey)
  const dims = params.map((p, i) => {
    const numeric = p.values.every((v) => v === null || (v.trim() !== '' && Number.isFinite(Number(v))))
    return numeric
      ? { dim: i, name: p.key, type: 'value' as const, scale: true }
      : { dim: i, name: p.key, type: 'category' as const, data: [...new Set(p.values.map((v) => v ?? '(none)'))] }
  })
  dims.push({ dim: params.length, name: `${metricKey}${metric ? (metric.higherIsBetter ? ' ↑' : ' ↓') : ''}`, type: 'value', scale: true })
  const data = cmp.items.map((it, i) => ({
    name: it.label,
    value: [
      ...params.map((p, j) =>
        dims[j]!.type === 'value' ? (p.values[i] === null ? null : Number(p.values[i])) : (p.values[i] ?? '(none)')
      ),
      metric?.values[i] ?? null
    ]
  }))
  return {
    legend: { show: false },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: unknown[] }) =>
        `${p.name}<br/>${dims.map((d, k) => `${d.name}: ${fmt(p.value[k]) === '—' ? String(p.value[k] ?? '—') : fmt(p.value[k])}`).join('<br/>')}`
    },
    parallel: { left: 60, right: 90, top: 40, bottom: 30 },
    parallelAxis: dims,
    visualMap: metric
      ? {
          show: true,
          type: 'continuous',
          dimension: params.length,
          right: 0,
          bottom: 30,
          text: [metricKey, ''],
          calculable: false,
          min: Math.min(...(metric.values.filter((v) => v !== null) as number[]), 0),
          max: Math.max(...(metric.values.filter((v) => v !== null) as number[]), 1),
          inRange: { color: metric.higherIsBetter ? ['#d94e5d', '#eac736', '#50a3ba'] : ['#50a3ba', '#eac736', '#d94e5d'] }
        }
      : undefined,
    series: [{ name: metricKey, type: 'parallel', lineStyle: { width: 2, opacity: 0.8 }, data }]
  }
}

/** Reliability diagram: mean predicted probability against the fraction of positives, per version, with the diagonal. */
export function buildCalibrationOption(ev: Pick<EvaluationResult, 'versions'>): ChartOption {
  const withCal = ev.versions.filter((v) => v.calibration)
  return {
    grid: { left: 40, right: 24, top: 40, bottom: 40, containLabel: true },
    legend: { type: 'scroll', top: 0, data: ['perfectly calibrated', ...withCal.map((v) => v.label)] },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; value: number[] }) =>
        `${p.seriesName}<br/>mean predicted ${fmt(p.value[0])}<br/>fraction positive ${fmt(p.value[1])}${p.value[2] !== undefined ? `<br/>${p.value[2]} rows` : ''}`
    },
    xAxis: { type: 'value', name: 'mean predicted probability', nameLocation: 'middle', nameGap: 26, min: 0, max: 1 },
    yAxis: { type: 'value', name: 'fraction of positives', nameLocation: 'middle', nameGap: 36, min: 0, max: 1 },
    series: [
      {
        name: 'perfectly calibrated',
        type: 'line',
        data: [
          [0, 0],
          [1, 1]
        ],
        lineStyle: { type: 'dashed', color: '#999' },
        itemStyle: { color: '#999' },
        showSymbol: false
      },
      ...withCal.map((v) => ({
        name: v.label,
        type: 'line',
        data: v.calibration!.meanPredicted.map((x, i) => [x, v.calibration!.fractionPositive[i], v.calibration!.counts[i]])
      }))
    ]
  }
}

/** Comparison as CSV: metric rows (value and delta per item), then params and tags. */
export function comparisonCsv(cmp: Comparison): string {
  const q = (s: string | number | null | undefined): string => {
    const t = s === null || s === undefined ? '' : String(s)
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
  }
  const header = ['section', 'key', 'better', ...cmp.items.flatMap((i) => [i.label, `${i.label} Δ vs ${cmp.items[cmp.baseline]!.label}`])]
  const lines = [header.map(q).join(',')]
  for (const m of cmp.metrics)
    lines.push(
      [
        m.source === 'evaluation' ? 'evaluation' : 'metric',
        m.key,
        m.higherIsBetter ? 'higher' : 'lower',
        ...m.values.flatMap((v, i) => [v, m.deltas[i]])
      ]
        .map(q)
        .join(',')
    )
  for (const [section, rows] of [
    ['param', cmp.params],
    ['tag', cmp.tags]
  ] as const)
    for (const p of rows) lines.push([section, p.key, '', ...p.values.flatMap((v) => [v, ''])].map(q).join(','))
  return lines.join('\n') + '\n'
}

/** Items in the URL: v12 (version 12), r5 (run 5). */
export function parseItems(s: string | undefined): { kind: 'version' | 'run'; id: number }[] {
  return (s ?? '')
    .split(',')
    .map((x) => /^([vr])(\d+)$/.exec(x.trim()))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ kind: m[1] === 'v' ? ('version' as const) : ('run' as const), id: Number(m[2]) }))
}
export const formatItems = (items: { kind: 'version' | 'run'; id: number }[]): string =>
  items.map((i) => `${i.kind === 'version' ? 'v' : 'r'}${i.id}`).join(',')
export { fmt as formatMetric }
