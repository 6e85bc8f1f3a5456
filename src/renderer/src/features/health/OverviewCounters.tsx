import { StatTile } from '../../components/StatTile'
import type { StateCounts } from './groupServices'

/** How many services are in each state, and how many incidents are open. */
export function OverviewCounters({ counts: c }: { counts: StateCounts }) {
  return (
    <div className="stat-row" aria-label="Summary">
      <StatTile label="up" value={c.UP} tone="up" />
      <StatTile label="degraded" value={c.DEGRADED} tone={c.DEGRADED ? 'warn' : undefined} />
      <StatTile label="down" value={c.DOWN} tone={c.DOWN ? 'down' : undefined} />
      <StatTile label="in maintenance" value={c.MAINTENANCE} tone={c.MAINTENANCE ? 'maint' : undefined} />
      <StatTile label="pending or paused" value={c.PENDING + c.PAUSED} tone="idle" />
      <StatTile label="open incidents" value={c.openIncidents} tone={c.openIncidents ? 'down' : undefined} />
    </div>
  )
}
