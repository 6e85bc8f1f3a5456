/** Human units for numbers shown in the UI. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = bytes
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return formatDuration(ms)
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (d) return `${d} d ${h} h`
  if (h) return `${h} h ${m} min`
  if (m) return `${m} min ${s % 60} s`
  return `${s} s`
}

export const formatTime = (t: number): string => new Date(t).toLocaleString()

export function formatPercent(v: number, digits = 2): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(digits)} %` : '—'
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

/** "1 h 30 min", "45 min", "2 d". */
export function formatMinutes(min: number): string {
  const d = Math.floor(min / 1440)
  const h = Math.floor((min % 1440) / 60)
  const m = Math.round(min % 60)
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean).join(' ') || '0 min'
}

/** A bucket size: "30 s", "4 min", "1 h". */
export const formatBucket = (ms: number): string => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : formatMinutes(Math.round(ms / 60_000)))
