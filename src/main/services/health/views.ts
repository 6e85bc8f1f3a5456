/** Read-side views of monitoring: the overview, a service's detail, series, usage and the directory. */
import { notFound, invalid } from '../../../shared/errors'
import type { CheckState, CheckView, HealthSettings, ServiceSummary } from '../../../shared/contract'
import type { CheckConfig } from '../../../shared/health/types'
import type { Clock } from '../../core/clock'
import { scopeOf, servicesInMaintenance, type MaintenanceWindow } from './maintenance'
import { listMaintenance } from './maintenanceService'
import type { HealthQueries } from './queries'
import type { CheckRow, HealthRepo } from './repo'
import type { CheckMemory } from './state'
import { serviceState } from './state'
import { describeTarget } from './target'
import type { ResultWriter } from './writer'

/** What the views read of a check the poller runs. */
export interface LiveView {
  id: number
  serviceId: number
  name: string
  mem: CheckMemory
}

/** Everything the views read, handed over explicitly by the service. */
export interface ViewDeps {
  repo: HealthRepo
  queries: HealthQueries
  clock: Clock
  writer: Pick<ResultWriter, 'componentsOf'>
  checks: ReadonlyMap<number, LiveView>
  serviceNames: ReadonlyMap<number, string>
  windows: MaintenanceWindow[]
  settings: HealthSettings
}

export function overview(v: ViewDeps): ServiceSummary[] {
  const now = v.clock.now()
  const uptimes = v.queries.uptimes(now)
  const incidents = v.queries.openIncidentCounts()
  const dataSince = v.queries.dataSince()
  const states = new Map(v.repo.states().map((s) => [s.check_id, s]))
  const services = v.repo.services()
  const maint = servicesInMaintenance(v.windows, services.map(scopeOf), now)
  const byService = new Map<number, CheckRow[]>()
  for (const c of v.repo.checks()) {
    const list = byService.get(c.service_id) ?? []
    list.push(c)
    byService.set(c.service_id, list)
  }
  return services.map((s) => {
    const checks = byService.get(s.id) ?? []
    const inMaintenance = maint.has(s.id)
    const checkStates = checks.map((c) => v.checks.get(c.id)?.mem.state ?? (states.get(c.id)?.state as CheckState | undefined) ?? 'PENDING')
    const state = serviceState(checkStates, inMaintenance)
    const sinceList = checks.map((c) => v.checks.get(c.id)?.mem.since ?? now)
    const lastRuns = checks.map((c) => states.get(c.id)?.last_run_at ?? null).filter((x): x is number => x !== null)
    const u = uptimes.get(s.id)
    return {
      id: s.id,
      name: s.name,
      environment: s.environment,
      region: s.region,
      description: s.description,
      tags: JSON.parse(s.tags) as Record<string, string>,
      state,
      since: sinceList.length ? Math.max(...sinceList) : s.created_at,
      checkCount: checks.length,
      openIncidents: incidents.get(s.id) ?? 0,
      uptime24h: u?.uptime24h ?? null,
      uptime7d: u?.uptime7d ?? null,
      uptime30d: u?.uptime30d ?? null,
      p95Ms24h: u?.p95Ms24h ?? null,
      sparkline: u?.sparkline ?? new Array<number | null>(24).fill(null),
      lastCheckedAt: lastRuns.length ? Math.max(...lastRuns) : null,
      dataSince: dataSince.get(s.id) ?? null,
      inMaintenance
    }
  })
}

export function serviceDetail(v: ViewDeps, id: number) {
  const summary = overview(v).find((s) => s.id === id)
  if (!summary) throw notFound(`service ${id}`)
  const states = new Map(v.repo.states().map((s) => [s.check_id, s]))
  const checks: CheckView[] = v.repo.checks(id).map((c) => {
    const st = states.get(c.id)
    const live = v.checks.get(c.id)
    const config = JSON.parse(c.config) as CheckConfig
    return {
      id: c.id,
      serviceId: c.service_id,
      name: c.name,
      kind: c.kind,
      target: describeTarget(config),
      config: config as unknown as Record<string, unknown>,
      intervalS: c.interval_s,
      retries: c.retries,
      paused: c.paused === 1,
      state: live?.mem.state ?? ((st?.state as CheckState) || 'PENDING'),
      since: live?.mem.since ?? st?.since ?? 0,
      lastRunAt: st?.last_run_at ?? null,
      lastLatencyMs: st?.last_latency_ms ?? null,
      lastStatusCode: st?.last_status_code ?? null,
      lastError: st?.last_error ?? null,
      lastErrorKind: st?.last_error_kind ?? null,
      lastSnippet: st?.last_snippet ?? null,
      certExpiresAt: st?.cert_expires_at ?? null,
      certDaysLeft: st?.cert_days_left ?? null,
      components: v.writer.componentsOf(c.id) ?? v.queries.components(c.id)
    }
  })
  return { ...summary, checks, maintenance: listMaintenance(v.repo, v.clock, v.serviceNames, id) }
}

export function checkIdsOf(repo: HealthRepo, target: { serviceId?: number; checkId?: number }): number[] {
  if (target.checkId !== undefined) {
    if (!repo.check(target.checkId)) throw notFound(`check ${target.checkId}`)
    return [target.checkId]
  }
  if (target.serviceId !== undefined) {
    if (!repo.service(target.serviceId)) throw notFound(`service ${target.serviceId}`)
    return repo.checks(target.serviceId).map((c) => c.id)
  }
  return repo.checks().map((c) => c.id)
}

export function series(v: ViewDeps, target: { serviceId?: number; checkId?: number; from: number; to: number; points: number }) {
  if (target.to <= target.from) throw invalid('to', 'must be after the start of the range')
  return v.queries.series(
    checkIdsOf(v.repo, target),
    target.from,
    target.to,
    target.points,
    v.settings.minuteDays * 86_400_000,
    v.clock.now()
  )
}

export function usage(v: ViewDeps, from: number, to: number) {
  const now = v.clock.now()
  const retention = v.settings.minuteDays * 86_400_000
  const totals = new Map(v.queries.usage(from, to, retention, now).map((u) => [u.checkId, u]))
  const services = new Map(v.repo.services().map((s) => [s.id, s]))
  const endpoints = v.repo.checks().map((c) => {
    const u = totals.get(c.id)
    return {
      checkId: c.id,
      serviceId: c.service_id,
      serviceName: services.get(c.service_id)?.name ?? '',
      checkName: c.name,
      target: describeTarget(JSON.parse(c.config) as CheckConfig),
      count: u?.count ?? 0,
      failures: u?.failures ?? 0,
      errorRate: u?.errorRate ?? null,
      meanMs: u?.meanMs ?? null,
      p95Ms: u?.p95Ms ?? null
    }
  })
  return {
    endpoints,
    series: v.queries.series(
      v.repo.checks().map((c) => c.id),
      from,
      to,
      200,
      retention,
      now
    )
  }
}

/** Ids and names for the command palette and other areas. */
export function directory(v: ViewDeps): {
  services: { id: number; name: string; environment: string }[]
  checks: { id: number; serviceId: number; name: string }[]
} {
  return {
    services: v.repo.services().map((s) => ({ id: s.id, name: s.name, environment: s.environment })),
    checks: [...v.checks.values()].map((c) => ({ id: c.id, serviceId: c.serviceId, name: c.name }))
  }
}
