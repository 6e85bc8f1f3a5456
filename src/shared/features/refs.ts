/** Feature references (`view:feature`, `view@v2:feature`) and TTL durations (`2h`, `1d 12h`), shared by main and renderer. */

export interface FeatureRef {
  view: string
  /** null: the view's current version. */
  version: number | null
  feature: string
}

const REF = /^([A-Za-z_][A-Za-z0-9_]*)(?:@v(\d{1,6}))?:([A-Za-z_][A-Za-z0-9_]*)$/

/** Parses `view:feature` or `view@v2:feature`; null when the text is not a reference. */
export function parseFeatureRef(text: string): FeatureRef | null {
  const m = REF.exec(text.trim())
  if (!m) return null
  return { view: m[1]!, version: m[2] === undefined ? null : Number(m[2]), feature: m[3]! }
}

export const formatFeatureRef = (r: FeatureRef): string => `${r.view}${r.version === null ? '' : `@v${r.version}`}:${r.feature}`

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }
const PART = /(\d+(?:\.\d+)?)\s*(w|d|h|m|s)/gy

/** `0`, `90`, `90s`, `15m`, `2h`, `1d 12h`, `1w` → seconds; null when not a duration. */
export function parseDuration(text: string | number): number | null {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 0 ? text : null
  const t = text.trim().toLowerCase()
  if (/^\d+$/.test(t)) return Number(t)
  if (!t) return null
  let total = 0
  let at = 0
  PART.lastIndex = 0
  while (at < t.length) {
    while (t[at] === ' ') at++
    if (at >= t.length) break
    PART.lastIndex = at
    const m = PART.exec(t)
    if (!m) return null
    total += Number(m[1]) * UNITS[m[2]!]!
    at = PART.lastIndex
  }
  return Number.isInteger(total) ? total : Math.round(total)
}

/** Seconds → the shortest exact text (`2h`, `1d 12h`, `0`). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0'
  const parts: string[] = []
  let rest = seconds
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1]
  ] as const) {
    const n = Math.floor(rest / size)
    if (n > 0) parts.push(`${n}${unit}`)
    rest -= n * size
  }
  return parts.join(' ')
}
