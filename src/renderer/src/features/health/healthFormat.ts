import { formatMs } from '../../lib/format'

/** Uptime ratio (0..1) as a percentage: 3 decimals near the top where they matter, "—" without data. */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—'
  if (ratio >= 1) return '100 %'
  const pct = ratio * 100
  return `${pct.toFixed(pct >= 99 ? 3 : 2)} %`
}

/** Latency in ms with its unit, "—" without data. */
export const formatLatency = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : formatMs(ms))

/** A health+json observed value with its unit; ms values use the console's time units. */
export function formatObserved(value: string | null, unit: string | null): string {
  if (value === null || value === '') return '—'
  const n = Number(value)
  if (unit === 'ms' && Number.isFinite(n)) return formatMs(n)
  if (unit === 'percent' || unit === '%') return `${value} %`
  return unit ? `${value} ${unit}` : value
}

/** An error rate ratio (0..1) as a percentage with 2 decimals. */
export const formatRate = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '—' : `${(ratio * 100).toFixed(2)} %`

/** An ISO time from a health report in local time; the text as given when it does not parse. */
export function formatIsoTime(iso: string | null): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  return Number.isFinite(t) ? new Date(t).toLocaleString() : iso
}
