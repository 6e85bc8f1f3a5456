import { useClock } from '../../components/useClock'
import { formatTime } from '../../lib/format'
import { formatAgo } from './healthFormat'

/** "12 s ago", live; the full time in the tooltip. */
export function TimeAgo({ at }: { at: number | null }) {
  const text = useClock((now) => formatAgo(at, now))
  return at === null ? <span className="muted">never</span> : <time dateTime={new Date(at).toISOString()} title={formatTime(at)}>{text}</time>
}
