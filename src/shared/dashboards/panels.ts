/**
 * How a panel shows its data, shared by the console (canvas charts) and snapshots (SVG drawn in main): values with
 * units, threshold colours, and the ECharts option of each chart panel.
 */
import type { DashboardPanel, PanelData, Threshold } from '../contract/dashboards'

export type PanelOption = Record<string, unknown>

export const PALETTE = ['#1f6feb', '#2da44e', '#bf8700', '#8250df', '#cf222e', '#1b7c83', '#d4a72c', '#6e7781', '#bc4c00', '#0969da']
const CURRENCIES = new Set(['USD', 'EUR', 'GBP'])

/** A number with its unit: `99.95 %`, `123 ms`, `12.50 USD`, `1.2 MiB`; `—` when there is none. */
export function formatValue(v: number | null | undefined, unit: string, decimals = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const fixed = (x: number, d = decimals) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
  switch (unit) {
    case '%':
      return `${fixed(v)} %`
    case 'ms':
      return v >= 10_000 ? `${fixed(v / 1000, 1)} s` : `${fixed(v, v < 10 ? Math.min(decimals, 1) : 0)} ms`
    case 's':
      return `${fixed(v)} s`
    case 'count':
      return fixed(v, Number.isInteger(v) ? 0 : decimals)
    case 'bytes': {
      const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
      let x = v
      let i = 0
      while (Math.abs(x) >= 1024 && i < units.length - 1) {
        x /= 1024
        i++
      }
      return `${fixed(x, i ? 1 : 0)} ${units[i]}`
    }
    case 'req/s':
      return `${fixed(v)} req/s`
    case '':
    case 'ratio':
      return fixed(v)
    default:
      return CURRENCIES.has(unit) || /^[A-Z]{3}$/.test(unit) ? `${fixed(v)} ${unit}` : `${fixed(v)} ${unit}`
  }
}

/** The colour of the highest threshold step at or below `v` (steps ascending); null below every step. */
export function thresholdColor(v: number | null, thresholds: Threshold[]): string | null {
  if (v === null || !Number.isFinite(v)) return null
  let color: string | null = null
  for (const t of [...thresholds].sort((a, b) => a.value - b.value)) if (v >= t.value) color = t.color
  return color
}

/** The panel's unit, or the data's own when the panel has none. */
export const unitOf = (panel: Pick<DashboardPanel, 'unit'>, data: PanelData): string => panel.unit || ('unit' in data ? data.unit : '')

/** The one number a stat or gauge shows: the first series' last value, the sum of categories, the share of services up. */
export function reduceValue(data: PanelData): number | null {
  switch (data.kind) {
    case 'series': {
      const pts = data.series[0]?.points ?? []
      for (let i = pts.length - 1; i >= 0; i--) if (pts[i]![1] !== null) return pts[i]![1]
      return null
    }
    case 'categories':
      return data.values.length ? data.values.reduce((s, v) => s + v, 0) : null
    case 'status':
      return data.items.length ? (data.items.filter((i) => i.status === 'up').length / data.items.length) * 100 : null
    case 'logs':
      return data.lines.length
    case 'table':
      return data.rows.length
    default:
      return null
  }
}

/** Any data as a table (the table panel, and the text under a snapshot's chart). */
export function toTable(data: PanelData, unit: string, decimals: number): { columns: string[]; rows: string[][] } {
  const f = (v: number | null) => formatValue(v, unit, decimals)
  switch (data.kind) {
    case 'series':
      return {
        columns: ['Series', 'Last', 'Min', 'Max'],
        rows: data.series.map((s) => {
          const vs = s.points.map((p) => p[1]).filter((v): v is number => v !== null)
          return [s.name, f(vs.at(-1) ?? null), f(vs.length ? Math.min(...vs) : null), f(vs.length ? Math.max(...vs) : null)]
        })
      }
    case 'categories':
      return { columns: ['Name', 'Value'], rows: data.categories.map((c, i) => [c, f(data.values[i]!)]) }
    case 'table':
      return { columns: data.columns, rows: data.rows.map((r) => r.map((v) => (typeof v === 'number' ? f(v) : (v ?? '—')))) }
    case 'status':
      return { columns: ['Service', 'Status', 'Detail'], rows: data.items.map((i) => [i.name, i.status, i.detail]) }
    case 'logs':
      return { columns: ['Time', 'Level', 'Line'], rows: data.lines.map((l) => [new Date(l.ts).toISOString(), l.level, l.text]) }
    default:
      return { columns: [], rows: [] }
  }
}

/** The ECharts option of a time series, bar or gauge panel; null for the panel types drawn without a chart. */
export function buildPanelOption(panel: DashboardPanel, data: PanelData, opts: { animation?: boolean } = {}): PanelOption | null {
  const unit = unitOf(panel, data)
  const fmt = (v: unknown) => (typeof v === 'number' ? formatValue(v, unit, panel.decimals) : '—')
  const axisFmt = (v: number) => formatValue(v, unit, Math.min(panel.decimals, 1))
  const base = { animation: opts.animation ?? true, color: PALETTE }
  const marks = panel.thresholds.length
    ? {
        markLine: {
          silent: true,
          symbol: 'none',
          // inside the grid's end, above the line: outside it the label is cut off at the panel's edge
          label: { position: 'insideEndTop', formatter: (p: { value: number }) => fmt(p.value) },
          data: panel.thresholds.map((t) => ({ yAxis: t.value, lineStyle: { color: t.color, type: 'dashed' } }))
        }
      }
    : {}
  if (panel.type === 'gauge') {
    const v = reduceValue(data)
    const sorted = [...panel.thresholds].sort((a, b) => a.value - b.value)
    const max = unit === '%' ? 100 : Math.max(1, ...sorted.map((t) => t.value * 1.25), (v ?? 0) * 1.25)
    const stops: [number, string][] = sorted.map((t, i) => [Math.min(1, (sorted[i + 1]?.value ?? max) / max), t.color])
    const below: [number, string][] = sorted.length ? [[Math.min(1, sorted[0]!.value / max), '#2da44e']] : [[1, '#1f6feb']]
    return {
      ...base,
      tooltip: { formatter: () => `${panel.title}: ${fmt(v)}` },
      series: [
        {
          type: 'gauge',
          min: 0,
          max,
          progress: { show: false },
          axisLine: { lineStyle: { width: 12, color: [...below, ...stops] } },
          axisLabel: { formatter: axisFmt, distance: 16, fontSize: 10 },
          detail: { valueAnimation: false, formatter: () => fmt(v), fontSize: 18, offsetCenter: [0, '70%'] },
          data: [{ value: v ?? 0, name: unit }]
        }
      ]
    }
  }
  if (panel.type === 'bar') {
    const cats =
      data.kind === 'categories'
        ? { names: data.categories, values: data.values }
        : data.kind === 'series'
          ? { names: data.series.map((s) => s.name), values: data.series.map((s) => reduceValue({ ...data, series: [s] }) ?? 0) }
          : null
    if (!cats) return null
    return {
      ...base,
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
      legend: { show: false },
      xAxis: { type: 'category', data: cats.names, axisLabel: { hideOverlap: true, interval: 0, overflow: 'truncate', width: 90 } },
      yAxis: { type: 'value', name: unit, axisLabel: { formatter: axisFmt } },
      series: [
        {
          type: 'bar',
          name: panel.title || 'value',
          data: cats.values.map((v) => ({ value: v, itemStyle: { color: thresholdColor(v, panel.thresholds) ?? PALETTE[0] } })),
          ...marks
        }
      ]
    }
  }
  if (panel.type === 'timeseries') {
    const series =
      data.kind === 'series'
        ? data.series
        : data.kind === 'categories'
          ? data.categories.map((c, i) => ({ name: c, points: [[Date.now(), data.values[i]!]] as [number, number][] }))
          : null
    if (!series) return null
    return {
      ...base,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { type: 'scroll', top: 0, data: series.map((s) => s.name) },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      xAxis: {
        type: 'time',
        axisLabel: { hideOverlap: true },
        // the range asked for (series are not clipped, so a point at an end of the axes is still drawn)
        ...(data.kind === 'series' && data.from !== undefined ? { min: data.from, max: data.to } : {})
      },
      yAxis: { type: 'value', name: unit, axisLabel: { formatter: axisFmt }, ...(unit === '%' ? { min: 0, max: 100 } : { scale: true }) },
      series: series.map((s, i) => {
        // a lone point between gaps is drawn by nothing: sparse series are drawn point to point, with their symbols
        const sparse = s.points.filter((p) => p[1] !== null).length < 30
        return {
          type: 'line',
          name: s.name,
          showSymbol: sparse,
          // ECharts clips a symbol whose centre lies on the grid's edge: 100 % on a 0–100 % axis, or "now" at the end
          clip: false,
          data: sparse ? s.points.filter((p) => p[1] !== null) : s.points,
          ...(i === 0 ? marks : {})
        }
      })
    }
  }
  return null
}
