import { useClock } from './useClock'
import { formatAgo } from '../lib/format'

/** One formatter for every label: toLocaleString() builds a new one per call, which shows with 1,000 cards. */
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

/** "12 s ago", live; the full time in the tooltip. */
export function TimeAgo({ at }: { at: number | null }) {
  const text = useClock((now) => formatAgo(at, now))
  return at === null ? (
    <span className="muted">never</span>
  ) : (
    <time dateTime={new Date(at).toISOString()} title={full.format(at)}>
      {text}
    </time>
  )
}
