/** Durations as LogQL writes them: ranges (`[5m]`, `[1h30m]`) and label values read as Go durations (`1.5s`, `300ms`). */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000
}

const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w|y)/y

/** Milliseconds of a duration such as `5m`, `1h30m`, `1.5s`, `-2s`; null when it is not one. */
export function parseDurationMs(text: string, units: 'range' | 'go' = 'go'): number | null {
  let s = text.trim()
  let sign = 1
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1
    s = s.slice(1)
  }
  if (s === '0') return 0
  if (!s) return null
  PART.lastIndex = 0
  let total = 0
  let pos = 0
  while (pos < s.length) {
    PART.lastIndex = pos
    const m = PART.exec(s)
    if (!m) return null
    const unit = m[2]!
    if (units === 'go' && (unit === 'd' || unit === 'w' || unit === 'y')) return null
    total += Number(m[1]) * UNIT_MS[unit]!
    pos = PART.lastIndex
  }
  return sign * total
}

/** `5m`, `1h30m`, `250ms`: a short label for a duration in milliseconds. */
export function formatRange(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1]
  ]
  if (ms === 0) return '0s'
  let rest = ms
  let out = ''
  for (const [u, size] of units) {
    const n = Math.floor(rest / size)
    if (n > 0) {
      out += `${n}${u}`
      rest -= n * size
    }
  }
  return out
}
