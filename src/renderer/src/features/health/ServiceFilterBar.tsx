import { CHECK_STATES, type ServiceSummary } from '../../../../shared/contract'
import { distinct } from './filterServices'
import { useHealthUi } from './healthUiStore'

/** Environment, region, state and free text; kept in UI state so they survive a visit to a detail page. */
export function ServiceFilterBar({ services }: { services: ServiceSummary[] }) {
  const { filters, setFilter, clearFilters } = useHealthUi()
  const any = Object.values(filters).some(Boolean)
  return (
    <div className="filter-bar" role="search">
      <input
        type="search"
        placeholder="Search name, description, tag…"
        aria-label="Search services"
        value={filters.text}
        onChange={(e) => setFilter('text', e.target.value)}
      />
      <select aria-label="Environment" value={filters.environment} onChange={(e) => setFilter('environment', e.target.value)}>
        <option value="">All environments</option>
        {distinct(services, 'environment').map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      <select aria-label="Region" value={filters.region} onChange={(e) => setFilter('region', e.target.value)}>
        <option value="">All regions</option>
        {distinct(services, 'region').map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      <select aria-label="State" value={filters.state} onChange={(e) => setFilter('state', e.target.value)}>
        <option value="">All states</option>
        {CHECK_STATES.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      {any && (
        <button type="button" onClick={clearFilters}>
          Clear filters
        </button>
      )}
    </div>
  )
}
