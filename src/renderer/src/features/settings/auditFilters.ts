import type { ChannelInput } from '../../../../shared/contract'

export interface AuditFilterDraft {
  text: string
  user: string
  channel: string
  outcome: '' | 'ok' | 'failed' | 'refused'
  /** `YYYY-MM-DDTHH:mm` in local time, from <input type="datetime-local">; '' = open. */
  from: string
  to: string
}

export const EMPTY_FILTER: AuditFilterDraft = { text: '', user: '', channel: '', outcome: '', from: '', to: '' }
export const PAGE_SIZE = 25

const localMs = (s: string): number | undefined => {
  if (!s) return undefined
  const t = new Date(s).getTime()
  return Number.isFinite(t) ? t : undefined
}

/** The `audit:search` input for a filter draft and page (empty fields left out). */
export function searchInput(f: AuditFilterDraft, page: number): ChannelInput<'audit:search'> {
  const from = localMs(f.from)
  const to = localMs(f.to)
  return {
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.user.trim() ? { user: f.user.trim() } : {}),
    ...(f.channel.trim() ? { channel: f.channel.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE
  }
}
