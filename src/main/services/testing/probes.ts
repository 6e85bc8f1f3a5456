/**
 * Probe agents (`control-console probe`) run the workspace's checks from other machines: with a probe token they fetch
 * the checks and push results for the token's region only; health keeps a state per region.
 */
import { AppError, invalid } from '../../../shared/errors'
import type { HookCaller } from '../../core/hooks'
import type { HealthChecks, RegionalResult } from '../health/api'
import type { TestingContext } from './context'
import type { TokenRepo } from './repos/tokens'

export class Probes {
  constructor(
    private ctx: TestingContext,
    private repo: TokenRepo,
    private checks: HealthChecks
  ) {}

  /** The region a caller pushes for: a probe token's own; the API token names one. */
  private regionOf(caller: HookCaller, asked: string | undefined): string {
    if (caller.scope === '*') {
      if (!asked) throw invalid('region', 'with the API token, name the region')
      return asked
    }
    if (!caller.region) throw new AppError('FORBIDDEN', `a ${caller.label} has no region`)
    if (asked !== undefined && asked !== caller.region)
      throw new AppError('FORBIDDEN', `a ${caller.label} pushes for region ${caller.region} only, not ${asked}`)
    return caller.region
  }

  checksFor(caller: HookCaller, input: { agent: string; region?: string | undefined }) {
    const region = this.regionOf(caller, input.region)
    const names = new Map(this.ctx.health.services().map((s) => [s.id, s.name]))
    this.repo.probeSeen(region, input.agent, this.ctx.clock.now(), 0)
    return {
      region,
      checks: this.checks
        .allChecks()
        .filter((c) => !c.paused)
        .map((c) => ({ id: c.id, name: c.name, serviceName: names.get(c.serviceId) ?? '', intervalS: c.intervalS, config: c.config }))
    }
  }

  results(caller: HookCaller, input: { agent: string; region?: string | undefined; results: RegionalResult[] }) {
    const region = this.regionOf(caller, input.region)
    const now = this.ctx.clock.now()
    // a probe's clock may drift: results from the future are taken as now
    const results = input.results.map((r) => (r.at > now ? { ...r, at: now } : r))
    const r = this.checks.recordRegional(region, results)
    this.repo.probeSeen(region, input.agent, now, r.accepted)
    this.ctx.changed('probe', null)
    return { region, ...r }
  }

  list() {
    return this.repo
      .probes()
      .map((p) => ({ region: p.region, agent: p.agent, firstSeenAt: p.first_seen_at, lastSeenAt: p.last_seen_at, results: p.results }))
  }
}
