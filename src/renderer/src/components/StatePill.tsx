/** A state or health status as a colored pill (UP, DEGRADED, DOWN, PENDING, PAUSED, MAINTENANCE, pass, warn, fail). */
export function StatePill({ state, title }: { state: string; title?: string }) {
  return (
    <span className={`pill ${state}`} title={title}>
      {state}
    </span>
  )
}
