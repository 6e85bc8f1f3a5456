import type { AlertState } from './alertFilters'

const TABS: { id: AlertState; label: string }[] = [
  { id: 'firing', label: 'Firing' },
  { id: 'pending', label: 'Pending' },
  { id: 'resolved', label: 'Resolved' }
]

/** Firing / Pending / Resolved with how many alerts each holds under the current filters. */
export function AlertStateTabs({
  tab,
  counts,
  onChange
}: {
  tab: AlertState
  counts: Record<AlertState, number>
  onChange: (t: AlertState) => void
}) {
  return (
    <div className="state-tabs" role="tablist" aria-label="Alert state">
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={tab === t.id}
          className={`state-tab tab-${t.id}${tab === t.id ? ' on' : ''}`}
          onClick={() => onChange(t.id)}
        >
          {t.label} <span className="tab-count">{counts[t.id]}</span>
        </button>
      ))}
    </div>
  )
}
