import type { ChannelDraft } from './channelDraft'

/** What each kind's fieldset receives. */
export interface ChannelFieldsProps {
  draft: ChannelDraft
  set: (patch: Partial<ChannelDraft>) => void
  errorOf: (key: string) => string | undefined
  /** The stored secret's hint when editing a channel that has one; then an empty secret input keeps it. */
  storedSecret: string | null
}

/** Placeholder for a write-only secret input. */
export const secretPlaceholder = (stored: string | null, fresh: string): string =>
  stored === null ? fresh : `stored (${stored || 'set'}): leave empty to keep`
