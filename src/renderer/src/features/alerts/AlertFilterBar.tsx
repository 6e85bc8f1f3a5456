import { SEVERITIES } from '../../../../shared/contract'
import { useChannel } from '../../lib/queries'
import { labelFilterError } from './alertFilters'
import { useAlertsUi } from './alertsUiStore'

/** Severity, service and a name=value label filter, as in Alertmanager. */
export function AlertFilterBar() {
  const { filter, setFilter, clearFilter } = useAlertsUi()
  const services = useChannel('health:overview')
  const labelError = labelFilterError(filter.label)
  return (
    <div className="filter-bar" role="search">
      <select
        aria-label="Severity"
        value={filter.severity}
        onChange={(e) => setFilter({ severity: e.target.value as typeof filter.severity })}
      >
        <option value="">All severities</option>
        {SEVERITIES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <select aria-label="Service" value={filter.serviceId} onChange={(e) => setFilter({ serviceId: e.target.value })}>
        <option value="">All services</option>
        {(services.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.environment})
          </option>
        ))}
      </select>
      <span className="label-filter">
        <input
          type="search"
          aria-label="Label filter"
          aria-invalid={labelError !== null}
          placeholder="label=value"
          value={filter.label}
          onChange={(e) => setFilter({ label: e.target.value })}
        />
        {labelError && <span className="field-error">{labelError}</span>}
      </span>
      {(filter.severity || filter.serviceId || filter.label) && (
        <button type="button" onClick={clearFilter}>
          Clear filters
        </button>
      )}
    </div>
  )
}
