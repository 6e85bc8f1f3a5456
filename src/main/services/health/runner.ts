/** The poller: live checks and their memory, scheduling and running them, recording results, incidents and result events. */
import { notFound } from '../../../shared/errors'
import type { CheckState } from '../../../shared/contract'
import type { CheckConfig, CheckOutcome } from '../../../shared/health/types'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { PollerRegistry } from '../../core/pollers'
import type { Db } from '../../db/open'
import { withWriteIntent } from '../../db/writeIntent'
import { runCheck as defaultRunCheck } from './checks/run'
import { covers, isActive, scopeOf, type MaintenanceWindow, type ServiceScope } from './maintenance'
import type { CheckRow, HealthRepo } from './repo'
import { Scheduler } from './scheduler'
import { nextState, STATUS_CODE, type CheckMemory } from './state'
import type { LiveView } from './views'
import { ResultWriter } from './writer'

export type RunCheck = (config: CheckConfig, signal?: AbortSignal) => Promise<CheckOutcome>

export interface RunnerDeps {
  db: Db
  repo: HealthRepo
  clock: Clock
  bus: EventBus
  logger: Logger
  pollers: PollerRegistry
  runCheck?: RunCheck
  concurrency: number
  random?: () => number
}

interface LiveCheck extends LiveView {
  config: CheckConfig
  intervalS: number
  retries: number
  paused: boolean
}

/** One result as other areas (alerting) see it. */
export interface ResultEvent {
  checkId: number
  serviceId: number
  checkName: string
  serviceName: string
  at: number
  outcome: CheckOutcome
  state: CheckState
  previous: CheckState
  maintenance: boolean
}

export const POLLER = 'health'

export class CheckRunner {
  readonly writer: ResultWriter
  readonly scheduler: Scheduler
  readonly checks = new Map<number, LiveCheck>()
  readonly serviceNames = new Map<number, string>()
  /** Environment and tags per service, for maintenance windows by environment or tag. */
  readonly serviceScopes = new Map<number, ServiceScope>()
  windows: MaintenanceWindow[] = []
  private downChecks = new Map<number, Set<number>>()
  private listeners = new Set<(e: ResultEvent) => void>()
  private transitions: { checkId: number; serviceId: number; from: string; to: string }[] = []
  private touched = new Set<number>()
  private inflight = new Set<AbortController>()
  private runCheckFn: RunCheck
  private repo: HealthRepo

  constructor(private deps: RunnerDeps) {
    this.repo = deps.repo
    this.writer = new ResultWriter(deps.db)
    this.runCheckFn = deps.runCheck ?? defaultRunCheck
    this.scheduler = new Scheduler(deps.clock, (id) => this.execute(id), deps.concurrency, deps.random)
    this.load()
  }

  /** Write buffered results and tell views what changed. */
  flush(): void {
    const now = this.deps.clock.now()
    this.deps.pollers.tick(POLLER, now)
    let written
    try {
      // with the intent raised, the logs writer (a worker) leaves the lock within a step instead of keeping the event loop in SQLite's busy wait
      written = withWriteIntent(() => this.writer.flush((id) => this.checks.has(id)))
    } catch (err) {
      this.deps.logger.error('health: writing results failed', { error: String(err) })
      return
    }
    if (written.length === 0 && this.transitions.length === 0 && this.touched.size === 0) return
    const checkIds = [...new Set([...written.map((r) => r.checkId), ...this.touched])]
    const serviceIds = [...new Set(checkIds.map((id) => this.checks.get(id)?.serviceId).filter((x): x is number => x !== undefined))]
    const transitions = this.transitions
    this.transitions = []
    this.touched.clear()
    this.deps.bus.publish('health:changed', { at: now, checkIds, serviceIds, transitions })
  }

  /** Counts of everything the runner holds per check or service (leak checks: back to where they were once deleted). */
  footprint(): Record<string, number> {
    const { entries, heap } = this.scheduler.size
    return {
      checks: this.checks.size,
      services: this.serviceNames.size,
      downSets: this.downChecks.size,
      down: [...this.downChecks.values()].reduce((n, s) => n + s.size, 0),
      touched: this.touched.size,
      transitions: this.transitions.length,
      listeners: this.listeners.size,
      scheduled: entries,
      heapEntries: heap,
      ...this.writer.cachedAggregates,
      ...this.writer.cachedComponents
    }
  }

  onResult(listener: (e: ResultEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  abortInflight(): void {
    for (const c of this.inflight) c.abort()
  }

  private load(): void {
    const states = new Map(this.repo.states().map((s) => [s.check_id, s]))
    this.windows = this.repo.maintenance()
    this.loadServices()
    for (const row of this.repo.checks()) {
      const st = states.get(row.id)
      this.register(
        row,
        st
          ? { state: st.state as CheckState, since: st.since, failures: st.consecutive_failures, successes: st.consecutive_successes }
          : undefined
      )
    }
  }

  /** Names, environments and tags of every service, read again after any change to services. */
  loadServices(): void {
    this.serviceNames.clear()
    this.serviceScopes.clear()
    for (const s of this.repo.services()) {
      this.serviceNames.set(s.id, s.name)
      this.serviceScopes.set(s.id, scopeOf(s))
    }
  }

  register(row: CheckRow, mem?: CheckMemory): void {
    const now = this.deps.clock.now()
    const live: LiveCheck = {
      id: row.id,
      serviceId: row.service_id,
      name: row.name,
      config: JSON.parse(row.config) as CheckConfig,
      intervalS: row.interval_s,
      retries: row.retries,
      paused: row.paused === 1,
      mem: mem ?? { state: row.paused ? 'PAUSED' : 'PENDING', since: now, failures: 0, successes: 0 }
    }
    if (!mem) this.repo.setState(row.id, live.mem.state, now)
    this.checks.set(row.id, live)
    if (live.mem.state === 'DOWN') this.downSet(live.serviceId).add(live.id)
    if (!live.paused) this.scheduler.upsert({ id: row.id, intervalMs: row.interval_s * 1000 })
  }

  unregister(checkId: number): void {
    const live = this.checks.get(checkId)
    this.scheduler.remove(checkId)
    this.checks.delete(checkId)
    this.writer.forget(checkId)
    if (live) this.downSet(live.serviceId).delete(checkId)
  }

  /** Register a check again from its (re)written row, keeping its memory only where `keep` says so; `write` runs in between. */
  reregister(checkId: number, keep: (mem: CheckMemory) => boolean, write?: () => void): void {
    const mem = this.checks.get(checkId)?.mem
    this.unregister(checkId)
    write?.()
    this.register(this.repo.check(checkId)!, mem && keep(mem) ? mem : undefined)
  }

  private downSet(serviceId: number): Set<number> {
    let set = this.downChecks.get(serviceId)
    if (!set) this.downChecks.set(serviceId, (set = new Set()))
    return set
  }

  private async execute(id: number): Promise<void> {
    const live = this.checks.get(id)
    if (!live || live.paused) return
    const ctrl = new AbortController()
    this.inflight.add(ctrl)
    try {
      const outcome = await this.runCheckFn(live.config, ctrl.signal)
      if (ctrl.signal.aborted || this.checks.get(id) !== live || live.paused) return
      this.record(live, outcome, this.deps.clock.now())
    } finally {
      this.inflight.delete(ctrl)
    }
  }

  /** Run a config once through the same check function as the poller; nothing is recorded, written or published. */
  async runOnce(config: CheckConfig, signal?: AbortSignal): Promise<CheckOutcome> {
    return this.runCheckFn(config, signal)
  }

  inMaintenance(serviceId: number, at = this.deps.clock.now()): boolean {
    const scope = this.serviceScopes.get(serviceId) ?? { id: serviceId, environment: '', tags: {} }
    return this.windows.some((w) => covers(w, scope) && isActive(w, at))
  }

  private record(live: LiveCheck, outcome: CheckOutcome, at: number): void {
    const maintenance = this.inMaintenance(live.serviceId, at)
    const previous = live.mem.state
    live.mem = nextState(live.mem, outcome.status, live.retries, maintenance, at)
    const state = live.mem.state
    if (state !== previous) {
      this.transitions.push({ checkId: live.id, serviceId: live.serviceId, from: previous, to: state })
      this.trackIncident(live, previous, state, outcome, at)
    }
    this.writer.push({
      checkId: live.id,
      ts: at,
      status: STATUS_CODE[outcome.status],
      latencyMs: outcome.latencyMs,
      statusCode: outcome.statusCode ?? null,
      maintenance,
      errorKind: outcome.errorKind ?? null,
      error: outcome.error ?? null,
      snippet: outcome.snippet ?? null,
      state,
      since: live.mem.since,
      failures: live.mem.failures,
      successes: live.mem.successes,
      certExpiresAt: outcome.certExpiresAt ?? null,
      certDaysLeft: outcome.certDaysLeft ?? null,
      components: outcome.components ?? null
    })
    const event: ResultEvent = {
      checkId: live.id,
      serviceId: live.serviceId,
      checkName: live.name,
      serviceName: this.serviceNames.get(live.serviceId) ?? '',
      at,
      outcome,
      state,
      previous,
      maintenance
    }
    for (const l of this.listeners) {
      try {
        l(event)
      } catch (err) {
        this.deps.logger.error('health: result listener failed', { error: String(err) })
      }
    }
  }

  private trackIncident(live: LiveCheck, from: CheckState, to: CheckState, outcome: CheckOutcome, at: number): void {
    const down = this.downSet(live.serviceId)
    if (to === 'DOWN') {
      if (down.size === 0) {
        this.writer.incident({
          kind: 'open',
          serviceId: live.serviceId,
          checkId: live.id,
          at,
          cause: `${live.name}: ${outcome.error ?? 'down'}`,
          errorKind: outcome.errorKind ?? null
        })
      }
      down.add(live.id)
    } else if (from === 'DOWN') {
      down.delete(live.id)
      if (down.size === 0) this.writer.incident({ kind: 'close', serviceId: live.serviceId, checkId: live.id, at })
    }
  }

  /** Check now: run at once, record, write, and return the new state. */
  async runNow(id: number) {
    const live = this.checks.get(id)
    if (!live) throw notFound(`check ${id}`)
    const outcome = await this.runCheckFn(live.config)
    if (this.checks.get(id) !== live) throw notFound(`check ${id}`)
    if (!live.paused) this.record(live, outcome, this.deps.clock.now())
    this.flush()
    return { state: live.mem.state, status: outcome.status, latencyMs: outcome.latencyMs, error: outcome.error ?? null }
  }

  /** Pause or resume these checks (already written as such): fresh memory, schedule, close incidents of checks that were down. */
  applyPaused(ids: number[], paused: boolean, now: number): void {
    for (const id of ids) {
      const live = this.checks.get(id)!
      live.paused = paused
      const from = live.mem.state
      live.mem = { state: paused ? 'PAUSED' : 'PENDING', since: now, failures: 0, successes: 0 }
      this.repo.setState(id, live.mem.state, now)
      this.transitions.push({ checkId: id, serviceId: live.serviceId, from, to: live.mem.state })
      if (from === 'DOWN') this.trackIncident(live, from, live.mem.state, { status: 'UP', latencyMs: 0 }, now)
      if (paused) this.scheduler.remove(id)
      else this.scheduler.upsert({ id, intervalMs: live.intervalS * 1000 }, 0)
      this.touched.add(id)
    }
  }

  /** Forget a deleted service (its checks are unregistered already). */
  dropService(serviceId: number): void {
    this.serviceNames.delete(serviceId)
    this.serviceScopes.delete(serviceId)
    this.downChecks.delete(serviceId)
  }

  /** Rebuild the in-memory view of checks from the workspace (after an import or a restore). */
  reload(): void {
    for (const id of [...this.checks.keys()]) this.unregister(id)
    this.serviceNames.clear()
    this.downChecks.clear()
    this.load()
  }
}
