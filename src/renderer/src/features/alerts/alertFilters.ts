import type { AlertView, ChannelInput } from '../../../../shared/contract'
import { ALERT_STATES } from '../../../../shared/contract'

export type AlertState = (typeof ALERT_STATES)[number]

export interface AlertFilter {
  severity: '' | AlertView['severity']
  serviceId: string
  /** name=value, as Alertmanager's label filter. */
  label: string
}

export const NO_FILTER: AlertFilter = { severity: '', serviceId: '', label: '' }
const LABEL = /^[a-zA-Z_]\w*=.*$/

/** Why a label filter cannot be used, or null when it is fine (an empty one is fine: no filter). */
export const labelFilterError = (label: string): string | null =>
  label.trim() === '' || LABEL.test(label.trim()) ? null : 'use name=value, e.g. severity=critical'

/** The list query for the filters; the state tab is applied on the page so every tab shows its count. */
export function listInputOf(f: AlertFilter): ChannelInput<'alerts:list'> {
  const input: ChannelInput<'alerts:list'> = { limit: 1000 }
  if (f.severity) input.severity = f.severity
  if (f.serviceId) input.serviceId = Number(f.serviceId)
  if (f.label.trim() && !labelFilterError(f.label)) input.label = f.label.trim()
  return input
}

export function countByState(alerts: Pick<AlertView, 'state'>[]): Record<AlertState, number> {
  const counts: Record<AlertState, number> = { pending: 0, firing: 0, resolved: 0 }
  for (const a of alerts) counts[a.state]++
  return counts
}

/** How long the alert has been (or was) open: from firing, else from pending, to resolution or now. */
export function alertDurationMs(a: Pick<AlertView, 'pendingSince' | 'firedAt' | 'resolvedAt'>, now: number): number {
  return Math.max(0, (a.resolvedAt ?? now) - (a.firedAt ?? a.pendingSince))
}

/** Label pairs as "name=value" chips, alertname-like keys first. */
export function labelPairs(labels: Record<string, string>): string[] {
  const first = ['alertname', 'severity', 'service']
  return Object.entries(labels)
    .sort(([a], [b]) => (first.indexOf(a) + 1 || 99) - (first.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
}

/** A time in a table: the time of day when it is today, else the date and time. */
export function shortTime(t: number, now: number): string {
  const d = new Date(t)
  const sameDay = d.toDateString() === new Date(now).toDateString()
  return sameDay
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}
