import { formatTime } from '../../lib/format'
import { timelineKind } from './timelineKinds'

interface Entry {
  at: number
  kind: string
  detail: string
}

/** The alert's life as a vertical list: pending → firing → acknowledged → resolved, with notifications in between. */
export function AlertTimeline({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <p className="muted">No events recorded.</p>
  const sorted = [...entries].sort((a, b) => a.at - b.at)
  return (
    <ol className="alert-timeline">
      {sorted.map((e, i) => {
        const k = timelineKind(e.kind)
        return (
          <li key={i} className={`tl-${k.tone}`} data-kind={e.kind}>
            <span className="tl-dot" aria-hidden="true" />
            <div className="tl-body">
              <div className="tl-head">
                <strong>{k.label}</strong>
                <time className="muted small" dateTime={new Date(e.at).toISOString()}>
                  {formatTime(e.at)}
                </time>
              </div>
              {e.detail && <div className="tl-detail">{e.detail}</div>}
            </div>
          </li>
        )
      })}
    </ol>
  )
}
