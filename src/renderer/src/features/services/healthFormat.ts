import { formatMs } from '../../lib/format'

/** Uptime ratio (0..1) as a percentage: 3 decimals near the top where they matter, "—" without data. */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—'
  if (ratio >= 1) return '100 %'
  const pct = ratio * 100
  return `${pct.toFixed(pct >= 99 ? 3 : 2)} %`
}

/** "12 s ago", "4 min ago", "3 h ago", "2 d ago"; "never" without a time. */
export function formatAgo(then: number | null | undefined, now: number): string {
  if (then === null || then === undefined) return 'never'
  const s = Math.max(0, Math.floor((now - then) / 1000))
  if (s < 1) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`
  return `${Math.floor(s / 86_400)} d ago`
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

/** "1 h 30 min", "45 min", "2 d". */
export function formatMinutes(min: number): string {
  const d = Math.floor(min / 1440)
  const h = Math.floor((min % 1440) / 60)
  const m = Math.round(min % 60)
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean).join(' ') || '0 min'
}

/** A bucket size: "30 s", "4 min", "1 h". */
export const formatBucket = (ms: number): string => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : formatMinutes(Math.round(ms / 60_000)))

/** An ISO time from a health report in local time; the text as given when it does not parse. */
export function formatIsoTime(iso: string | null): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  return Number.isFinite(t) ? new Date(t).toLocaleString() : iso
}
