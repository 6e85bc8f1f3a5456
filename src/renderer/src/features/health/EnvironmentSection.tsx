import type { EnvironmentGroup } from './groupServices'
import { ServiceCard } from './ServiceCard'

/** One environment: a heading with its counts, then a titled grid per region. */
export function EnvironmentSection({ group }: { group: EnvironmentGroup }) {
  const c = group.counts
  return (
    <section className="env-section" aria-labelledby={`env-${group.environment}`}>
      <header className="env-head">
        <h2 id={`env-${group.environment}`}>{group.environment}</h2>
        <span className="muted">
          {c.total} {c.total === 1 ? 'service' : 'services'}
          {c.DOWN > 0 && <span className="count-down"> · {c.DOWN} down</span>}
          {c.DEGRADED > 0 && <span className="count-warn"> · {c.DEGRADED} degraded</span>}
          {c.MAINTENANCE > 0 && <span className="count-maint"> · {c.MAINTENANCE} in maintenance</span>}
        </span>
      </header>
      {group.regions.map((r) => (
        <div key={r.region} className="region-group">
          <h3 className="region-name">{r.region}</h3>
          <div className="status-grid">
            {r.services.map((s) => (
              <ServiceCard key={s.id} service={s} />
            ))}
          </div>
        </div>
      ))}
    </section>
  )
}
