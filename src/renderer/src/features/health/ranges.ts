/** Time ranges an operator can pick on the service pages. */
export const RANGES = [
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 d', ms: 30 * 86_400_000 },
  { id: '90d', label: '90 d', ms: 90 * 86_400_000 }
] as const

export type RangeId = (typeof RANGES)[number]['id']
/** "auto": the smallest range that holds all of the data (a new service gets 1 h, not 24 h with one dot at the end). */
export type RangeChoice = RangeId | 'auto'

export const RANGE_OPTIONS: readonly { id: RangeChoice; label: string }[] = [{ id: 'auto', label: 'Fit data' }, ...RANGES]

/** The smallest range that holds data starting at `since` (none yet: 1 h; older than every range: 90 d). */
export function fittingRange(since: number | null, now: number): RangeId {
  if (since === null) return '1h'
  const age = now - since
  return RANGES.find((r) => r.ms >= age)?.id ?? '90d'
}

/** The range to show: the user's pick, or with "auto" the one that fits the data. */
export const resolveRange = (choice: RangeChoice, since: number | null, now: number): RangeId =>
  choice === 'auto' ? fittingRange(since, now) : choice

const MINUTE = 60_000

/**
 * The window to ask the service for: ends at the next whole minute (so the query key only changes once
 * a minute) and asks for minute buckets on short ranges, at most 400 points on long ones.
 */
export function rangeWindow(id: RangeId, now: number): { from: number; to: number; points: number } {
  const range = RANGES.find((r) => r.id === id) ?? RANGES[2]
  const to = Math.ceil(now / MINUTE) * MINUTE
  const points = Math.max(10, Math.min(400, Math.round(range.ms / MINUTE)))
  return { from: to - range.ms, to, points }
}

export const isRangeId = (v: unknown): v is RangeId => RANGES.some((r) => r.id === v)
export const isRangeChoice = (v: unknown): v is RangeChoice => v === 'auto' || isRangeId(v)
