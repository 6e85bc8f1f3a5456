/**
 * A check's state per region. The console's own poller is the region "console"; probe agents elsewhere push their
 * results for theirs. Each region keeps its own state machine (the same retries rule as the poller), so an outage
 * seen from some regions only is told apart from one seen from all. Kept in memory: probes push every few seconds,
 * so a restart is caught up within one interval.
 */
import type { CheckState } from '../../../shared/contract'
import type { CheckStatus } from '../../../shared/health/types'
import { nextState, type CheckMemory } from './state'

export const CONSOLE_REGION = 'console'

export interface RegionalResult {
  checkId: number
  at: number
  status: CheckStatus
  latencyMs: number
  statusCode: number | null
  error: string | null
}

interface RegionState {
  mem: CheckMemory
  lastAt: number
  latencyMs: number
  statusCode: number | null
  error: string | null
}

export interface CheckInfo {
  serviceId: number
  name: string
  intervalS: number
  retries: number
}

export type Outage = 'none' | 'regional' | 'global'

export interface RegionalCheck {
  checkId: number
  serviceId: number
  name: string
  regions: { region: string; state: CheckState; since: number; lastAt: number; latencyMs: number; error: string | null; stale: boolean }[]
  outage: Outage
  downRegions: string[]
}

/** Down in every region that reports → global; in some → regional. Stale regions (no result for 3 intervals) do not vote. */
export function classify(states: { state: CheckState; stale: boolean }[]): Outage {
  const live = states.filter((s) => !s.stale && s.state !== 'PAUSED' && s.state !== 'MAINTENANCE')
  const down = live.filter((s) => s.state === 'DOWN').length
  return down === 0 ? 'none' : down === live.length ? 'global' : 'regional'
}

export class RegionalStates {
  private byCheck = new Map<number, Map<string, RegionState>>()

  constructor(
    private info: (checkId: number) => CheckInfo | undefined,
    private inMaintenance: (serviceId: number, at: number) => boolean
  ) {}

  /** Records one result of `region`; false when the check does not exist. */
  record(region: string, r: RegionalResult): boolean {
    const c = this.info(r.checkId)
    if (!c) return false
    let regions = this.byCheck.get(r.checkId)
    if (!regions) this.byCheck.set(r.checkId, (regions = new Map()))
    const prev = regions.get(region)
    // results arrive in batches and may be late: an older result never overwrites a newer one
    if (prev && prev.lastAt > r.at) return true
    const mem = prev?.mem ?? { state: 'PENDING' as CheckState, since: r.at, failures: 0, successes: 0 }
    regions.set(region, {
      mem: nextState(mem, r.status, c.retries, this.inMaintenance(c.serviceId, r.at), r.at),
      lastAt: r.at,
      latencyMs: r.latencyMs,
      statusCode: r.statusCode,
      error: r.error
    })
    return true
  }

  forget(checkId: number): void {
    this.byCheck.delete(checkId)
  }

  view(now: number): RegionalCheck[] {
    const out: RegionalCheck[] = []
    for (const [checkId, regions] of this.byCheck) {
      const c = this.info(checkId)
      if (!c) {
        this.byCheck.delete(checkId)
        continue
      }
      const staleMs = 3 * Math.max(20, c.intervalS) * 1000
      const list = [...regions.entries()]
        .map(([region, s]) => ({
          region,
          state: s.mem.state,
          since: s.mem.since,
          lastAt: s.lastAt,
          latencyMs: s.latencyMs,
          error: s.error,
          stale: now - s.lastAt > staleMs
        }))
        .sort((a, b) => (a.region === CONSOLE_REGION ? -1 : b.region === CONSOLE_REGION ? 1 : a.region.localeCompare(b.region)))
      out.push({
        checkId,
        serviceId: c.serviceId,
        name: c.name,
        regions: list,
        outage: classify(list),
        downRegions: list.filter((s) => !s.stale && s.state === 'DOWN').map((s) => s.region)
      })
    }
    return out.sort((a, b) => a.serviceId - b.serviceId || a.name.localeCompare(b.name))
  }
}
