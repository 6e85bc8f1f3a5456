/** Numbers of the metrics area with their units. */
import { formatBytes } from '../../lib/format'

export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf'
  switch (unit) {
    case 'bytes':
      return formatBytes(v)
    case 'ratio':
      return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %`
    case 's':
      return v < 1 ? `${(v * 1000).toFixed(v < 0.01 ? 2 : 0)} ms` : `${v.toFixed(2)} s`
    case 'req/s':
      return `${v.toFixed(v < 10 ? 2 : 0)} req/s`
    case 'cores':
      return `${v.toFixed(3)} cores`
    default:
      return Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Math.round(v * 1000) / 1000)
  }
}

/** A series' legend: its labels without __name__, or the metric name alone. */
export function seriesName(labels: Record<string, string>): string {
  if (labels.legend) return labels.legend
  const { __name__: name, ...rest } = labels
  const inner = Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')
  return inner ? `${name ?? ''}{${inner}}` : (name ?? 'value')
}
