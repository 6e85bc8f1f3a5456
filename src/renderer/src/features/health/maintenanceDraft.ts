import type { MaintenanceInput } from '../../../../shared/contract'
import { formatMinutes } from '../../lib/format'

export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
/** Monday first, as most operators read a week; values are JS day numbers (0 = Sunday). */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const

export interface MaintenanceDraft {
  title: string
  serviceId: string
  kind: 'once' | 'weekly'
  startsAt: string
  endsAt: string
  days: number[]
  startTime: string
  durationMin: string
  timeZone: string
}

export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

export const emptyMaintenance = (serviceId = ''): MaintenanceDraft => ({
  title: '',
  serviceId,
  kind: 'once',
  startsAt: '',
  endsAt: '',
  days: [],
  startTime: '02:00',
  durationMin: '60',
  timeZone: localTimeZone()
})

/** A datetime-local value ("2026-03-01T14:30", local time) as epoch ms; undefined when empty or unreadable. */
export function localDateTime(value: string): number | undefined {
  if (!value.trim()) return undefined
  const t = new Date(value).getTime()
  return Number.isFinite(t) ? t : undefined
}

export function maintenanceInputOf(d: MaintenanceDraft): MaintenanceInput {
  const base = { title: d.title.trim(), serviceId: d.serviceId ? Number(d.serviceId) : null }
  if (d.kind === 'once') {
    const out: MaintenanceInput = { ...base, kind: 'once' }
    const startsAt = localDateTime(d.startsAt)
    const endsAt = localDateTime(d.endsAt)
    if (startsAt !== undefined) out.startsAt = startsAt
    if (endsAt !== undefined) out.endsAt = endsAt
    return out
  }
  const out: MaintenanceInput = {
    ...base,
    kind: 'weekly',
    days: [...d.days].sort((a, b) => a - b),
    startTime: d.startTime,
    timeZone: d.timeZone.trim()
  }
  if (d.durationMin.trim()) out.durationMin = Number(d.durationMin)
  return out
}

interface ScheduleLike {
  kind: 'once' | 'weekly'
  startsAt: number | null
  endsAt: number | null
  days: number[] | null
  startTime: string | null
  durationMin: number | null
  timeZone: string | null
}

/** One line describing when a window is in force. */
export function describeSchedule(w: ScheduleLike, formatTime: (t: number) => string): string {
  if (w.kind === 'once') return `${w.startsAt === null ? '?' : formatTime(w.startsAt)} → ${w.endsAt === null ? '?' : formatTime(w.endsAt)}`
  const days = w.days ?? []
  const dayText =
    days.length === 7
      ? 'Every day'
      : WEEK_ORDER.filter((d) => days.includes(d))
          .map((d) => DAY_NAMES[d])
          .join(', ')
  return `${dayText} at ${w.startTime ?? '?'} for ${w.durationMin === null ? '?' : formatMinutes(w.durationMin)} (${w.timeZone ?? 'UTC'})`
}
