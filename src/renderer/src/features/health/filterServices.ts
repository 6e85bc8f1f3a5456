import type { ServiceSummary } from '../../../../shared/contract'

export interface ServiceFilters {
  environment: string
  region: string
  state: string
  text: string
}

export const NO_FILTERS: ServiceFilters = { environment: '', region: '', state: '', text: '' }

/** Services matching every non-empty filter; text searches name, description, environment, region and tags. */
export function filterServices(services: ServiceSummary[], f: ServiceFilters): ServiceSummary[] {
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean)
  return services.filter((s) => {
    if (f.environment && s.environment !== f.environment) return false
    if (f.region && s.region !== f.region) return false
    if (f.state && s.state !== f.state) return false
    if (words.length === 0) return true
    const hay = [s.name, s.description, s.environment, s.region, ...Object.entries(s.tags).map(([k, v]) => `${k}:${v}`)]
      .join(' ')
      .toLowerCase()
    return words.every((w) => hay.includes(w))
  })
}

/** Distinct values of a field, sorted, for filter drop-downs. */
export const distinct = (services: ServiceSummary[], key: 'environment' | 'region'): string[] =>
  [...new Set(services.map((s) => s[key]))].sort()
