import type { CheckState, ServiceSummary } from '../../../../shared/contract'

export interface RegionGroup {
  region: string
  services: ServiceSummary[]
}
export interface EnvironmentGroup {
  environment: string
  regions: RegionGroup[]
  counts: StateCounts
}
export type StateCounts = Record<CheckState, number> & { openIncidents: number; total: number }

const EMPTY: StateCounts = { UP: 0, DEGRADED: 0, DOWN: 0, PENDING: 0, PAUSED: 0, MAINTENANCE: 0, openIncidents: 0, total: 0 }

export function countStates(services: ServiceSummary[]): StateCounts {
  const c = { ...EMPTY }
  for (const s of services) {
    c[s.state]++
    c.openIncidents += s.openIncidents
    c.total++
  }
  return c
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const byName = (a: string, b: string): number => collator.compare(a, b)

/** Environment → region → services, each level sorted by name so cards keep their place as states change. */
export function groupServices(services: ServiceSummary[]): EnvironmentGroup[] {
  const envs = new Map<string, Map<string, ServiceSummary[]>>()
  for (const s of services) {
    const regions = envs.get(s.environment) ?? new Map<string, ServiceSummary[]>()
    envs.set(s.environment, regions)
    regions.set(s.region, [...(regions.get(s.region) ?? []), s])
  }
  return [...envs.entries()]
    .sort(([a], [b]) => byName(a, b))
    .map(([environment, regions]) => {
      const groups = [...regions.entries()]
        .sort(([a], [b]) => byName(a, b))
        .map(([region, list]) => ({ region, services: [...list].sort((a, b) => byName(a.name, b.name)) }))
      return { environment, regions: groups, counts: countStates(groups.flatMap((g) => g.services)) }
    })
}

/** States an operator must look at. */
export const isProblem = (s: ServiceSummary): boolean => s.state === 'DOWN' || s.state === 'DEGRADED' || s.openIncidents > 0
