import type { ServiceSummary } from '../../../../shared/contract'

/** A service summary for unit tests; override what the test is about. */
export function summary(over: Partial<ServiceSummary> = {}): ServiceSummary {
  return {
    id: 1,
    name: 'api',
    environment: 'production',
    region: 'eu-west',
    description: '',
    tags: {},
    state: 'UP',
    since: 0,
    checkCount: 1,
    openIncidents: 0,
    uptime24h: 1,
    uptime7d: 1,
    uptime30d: 1,
    p95Ms24h: 20,
    sparkline: [],
    lastCheckedAt: null,
    dataSince: null,
    inMaintenance: false,
    ...over
  }
}
