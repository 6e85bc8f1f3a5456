import type { ChannelOutput, MaintenanceInput } from '../../../../shared/contract'
import { formatMinutes } from '../../lib/format'

export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
/** Monday first, as most operators read a week; values are JS day numbers (0 = Sunday). */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const

export type MaintenanceScope = 'all' | 'services' | 'environment' | 'tag'

export interface MaintenanceDraft {
  title: string
  scope: MaintenanceScope
  serviceIds: number[]
  environment: string
  tag: string
  kind: 'once' | 'weekly'
  startsAt: string
  endsAt: string
  days: number[]
  startTime: string
  durationMin: string
  timeZone: string
}

export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

const HOUR = 3_600_000
const pad = (n: number): string => String(n).padStart(2, '0')

/** Epoch ms as a datetime-local value in local time, to the minute ("2026-03-01T14:30"). */
export function toLocalInput(t: number): string {
  const d = new Date(t)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A new window: from now to one hour from now (local time), for the given service or every service. */
export const emptyMaintenance = (serviceId?: number, now = Date.now()): MaintenanceDraft => ({
  title: '',
  scope: serviceId === undefined ? 'all' : 'services',
  serviceIds: serviceId === undefined ? [] : [serviceId],
  environment: '',
  tag: '',
  kind: 'once',
  startsAt: toLocalInput(now),
  endsAt: toLocalInput(now + HOUR),
  days: [],
  startTime: '02:00',
  durationMin: '60',
  timeZone: localTimeZone()
})

type Window = ChannelOutput<'maintenance:list'>[number]

/** The form's draft for editing an existing window. */
export function draftOfWindow(w: Window, now = Date.now()): MaintenanceDraft {
  const fresh = emptyMaintenance(undefined, now)
  return {
    ...fresh,
    title: w.title,
    scope: w.scope,
    serviceIds: [...w.serviceIds],
    environment: w.scope === 'environment' ? (w.scopeValue ?? '') : '',
    tag: w.scope === 'tag' ? (w.scopeValue ?? '') : '',
    kind: w.kind,
    startsAt: w.startsAt === null ? fresh.startsAt : toLocalInput(w.startsAt),
    endsAt: w.endsAt === null ? fresh.endsAt : toLocalInput(w.endsAt),
    days: w.days ?? [],
    startTime: w.startTime ?? fresh.startTime,
    durationMin: w.durationMin === null ? fresh.durationMin : String(w.durationMin),
    timeZone: w.timeZone ?? fresh.timeZone
  }
}

/** "every service", "checkout, search", "environment staging", "tag team=payments". */
export function describeScope(w: Pick<Window, 'scope' | 'serviceNames' | 'scopeValue'>): string {
  if (w.scope === 'all') return 'every service'
  if (w.scope === 'services') return w.serviceNames.length ? w.serviceNames.join(', ') : 'no service (all deleted)'
  return `${w.scope} ${w.scopeValue ?? '?'}`
}

/** A datetime-local value ("2026-03-01T14:30", local time) as epoch ms; undefined when empty or unreadable. */
export function localDateTime(value: string): number | undefined {
  if (!value.trim()) return undefined
  const t = new Date(value).getTime()
  return Number.isFinite(t) ? t : undefined
}

export function maintenanceInputOf(d: MaintenanceDraft): MaintenanceInput {
  const base: Pick<MaintenanceInput, 'title' | 'scope' | 'serviceIds' | 'environment' | 'tag'> = { title: d.title.trim(), scope: d.scope }
  if (d.scope === 'services') base.serviceIds = d.serviceIds
  if (d.scope === 'environment' && d.environment.trim()) base.environment = d.environment.trim()
  if (d.scope === 'tag' && d.tag.trim()) base.tag = d.tag.trim()
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
