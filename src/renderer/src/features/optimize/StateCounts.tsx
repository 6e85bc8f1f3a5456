import { TRIAL_STATES } from '../../../../shared/contract/optimize'

/** "30 complete · 8 pruned · 1 failed" as small badges. */
export function StateCounts({ states }: { states: Record<string, number> }) {
  return (
    <span className="state-counts">
      {TRIAL_STATES.filter((s) => states[s]).map((s) => (
        <span key={s} className={`badge trial-${s.toLowerCase()}`}>
          {states[s]} {s.toLowerCase()}
        </span>
      ))}
    </span>
  )
}
