import type { ChannelInput } from '../../../../shared/contract'
import { parseDuration } from '../../../../shared/duration'

export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const
export interface MatcherDraft {
  label: string
  op: (typeof MATCHER_OPS)[number]
  value: string
}

export interface SilenceDraft {
  matchers: MatcherDraft[]
  until: 'duration' | 'time'
  duration: string
  /** datetime-local text, the user's local time. */
  endsAt: string
  comment: string
  createdBy: string
}

export const emptySilence = (matchers: MatcherDraft[] = [{ label: '', op: '=', value: '' }], createdBy = ''): SilenceDraft => ({
  matchers,
  until: 'duration',
  duration: '2h',
  endsAt: '',
  comment: '',
  createdBy
})

/** Matchers that pin one alert down by its labels, for "silence alerts like this one". */
export const matchersFromLabels = (labels: Record<string, string>): MatcherDraft[] =>
  Object.entries(labels).map(([label, value]) => ({ label, op: '=', value }))

/** The silence's end: now + duration, or the chosen local time; NaN when it cannot be read (the contract names the field). */
export function endOf(d: SilenceDraft, now: number): number {
  if (d.until === 'duration') {
    const s = parseDuration(d.duration)
    return s === null ? NaN : now + s * 1000
  }
  return d.endsAt ? new Date(d.endsAt).getTime() : NaN
}

/** The contract input; it starts now. Empty matcher rows are left out. */
export function silenceInputOf(d: SilenceDraft, now: number): ChannelInput<'alerts:createSilence'> {
  return {
    matchers: d.matchers.filter((m) => m.label.trim() || m.value.trim()).map((m) => ({ label: m.label.trim(), op: m.op, value: m.value })),
    endsAt: endOf(d, now),
    comment: d.comment.trim(),
    createdBy: d.createdBy.trim()
  }
}

/** "team=payments", "service=~check.*" */
export const matcherText = (m: MatcherDraft): string => `${m.label}${m.op}${m.op.includes('~') ? `"${m.value}"` : m.value}`
