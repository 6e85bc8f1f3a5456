/** Maintenance windows: one-off ranges, or weekly windows on wall-clock time in a time zone. */
export type MaintenanceScope = 'all' | 'services' | 'environment' | 'tag'

export interface MaintenanceWindow {
  id: number
  /** Which services the window covers: every one, those listed, those of an environment, or those with a tag. */
  scope: MaintenanceScope
  serviceIds: number[]
  /** The environment, or the tag as "key" or "key=value". */
  scopeValue: string | null
  kind: 'once' | 'weekly'
  startsAt: number | null
  endsAt: number | null
  days: number[] | null
  startTime: string | null
  durationMin: number | null
  timeZone: string | null
}

const DAY = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock time in `tz` at `t`, expressed as if it were UTC (so date arithmetic is plain). */
export function wallClock(t: number, tz: string): number {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    formatters.set(tz, f)
  }
  const p: Record<string, number> = {}
  for (const part of f.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value)
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (t % 1000)
}

const startMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

/** Is the window in force at t? */
export function isActive(w: MaintenanceWindow, t: number): boolean {
  if (w.kind === 'once') return w.startsAt !== null && w.endsAt !== null && t >= w.startsAt && t < w.endsAt
  if (!w.days || !w.startTime || !w.durationMin || !w.timeZone) return false
  const wall = wallClock(t, w.timeZone)
  const today = Math.floor(wall / DAY) * DAY
  const span = w.durationMin * 60_000
  for (let k = 0; k <= Math.ceil(w.durationMin / 1440); k++) {
    const day = today - k * DAY
    if (!w.days.includes(new Date(day).getUTCDay())) continue
    const start = day + startMinutes(w.startTime) * 60_000
    if (wall >= start && wall < start + span) return true
  }
  return false
}

/** The next start after t (UTC ms), or null when the window will not start again. */
export function nextStart(w: MaintenanceWindow, t: number): number | null {
  if (w.kind === 'once') return w.startsAt !== null && w.startsAt > t ? w.startsAt : null
  if (!w.days?.length || !w.startTime || !w.timeZone) return null
  const wall = wallClock(t, w.timeZone)
  const offset = wall - t
  const today = Math.floor(wall / DAY) * DAY
  for (let k = 0; k <= 7; k++) {
    const day = today + k * DAY
    if (!w.days.includes(new Date(day).getUTCDay())) continue
    const start = day + startMinutes(w.startTime) * 60_000
    if (start > wall) return start - offset
  }
  return null
}

/** What a window needs to know about a service to decide whether it covers it. */
export interface ServiceScope {
  id: number
  environment: string
  tags: Record<string, string>
}

export const scopeOf = (row: { id: number; environment: string; tags: string }): ServiceScope => ({
  id: row.id,
  environment: row.environment,
  tags: JSON.parse(row.tags) as Record<string, string>
})

/** A tag filter "key" (any value) or "key=value" against a service's tags. */
export function tagMatches(filter: string, tags: Record<string, string>): boolean {
  const eq = filter.indexOf('=')
  if (eq < 0) return Object.hasOwn(tags, filter.trim())
  const key = filter.slice(0, eq).trim()
  return Object.hasOwn(tags, key) && tags[key] === filter.slice(eq + 1).trim()
}

/** Does the window cover this service (whatever the time)? A "services" window whose services were all deleted covers none. */
export function covers(w: Pick<MaintenanceWindow, 'scope' | 'serviceIds' | 'scopeValue'>, s: ServiceScope): boolean {
  switch (w.scope) {
    case 'all':
      return true
    case 'services':
      return w.serviceIds.includes(s.id)
    case 'environment':
      return w.scopeValue === s.environment
    case 'tag':
      return w.scopeValue !== null && tagMatches(w.scopeValue, s.tags)
  }
}

/** Which of these services are in maintenance at t. */
export function servicesInMaintenance(windows: MaintenanceWindow[], services: ServiceScope[], t: number): Set<number> {
  const active = windows.filter((w) => isActive(w, t))
  return new Set(services.filter((s) => active.some((w) => covers(w, s))).map((s) => s.id))
}
