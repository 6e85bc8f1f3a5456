/** Durations typed by people (alert rules, silences, feature view TTLs). */
const UNITS: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 }

/** "90s", "5m", "1h30m", "1d 12h", "2w", "0" or a bare number of seconds → seconds; null when it does not parse. */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, '')
  if (s === '') return null
  if (/^\d+$/.test(s)) return Number(s)
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(min|s|m|h|d|w)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) return null
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0))
}

/** Seconds → the shortest exact text parseDuration reads back: 300 → "5m", 5400 → "1h30m", 0 → "0s". */
export function formatDurationShort(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0s'
  let rest = Math.round(seconds)
  let out = ''
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1]
  ] as const) {
    const n = Math.floor(rest / size)
    if (n) out += `${n}${unit}`
    rest -= n * size
  }
  return out
}
