import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import { CheckInput, HealthSettings, ServiceInput, ServiceReplaceInput, type CheckState, type CheckView, MaintenanceInput, type ServiceSummary } from '../../../shared/contract'
import type { CheckConfig, CheckOutcome } from '../../../shared/health/types'
import type { z } from 'zod'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { PollerRegistry } from '../../core/pollers'
import type { Db } from '../../db/open'
import { runCheck as defaultRunCheck } from './checks/run'
import { isActive, nextStart, servicesInMaintenance, type MaintenanceWindow } from './maintenance'
import { HealthQueries } from './queries'
import { HealthRepo, type CheckRow, type NewCheck } from './repo'
import { RetentionSweeper } from './retention'
import { Scheduler } from './scheduler'
import { nextState, serviceState, STATUS_CODE, type CheckMemory } from './state'
import { ResultWriter } from './writer'
import { describeTarget } from './target'
import { parseServicesYaml, toYaml } from './yaml'

export type RunCheck = (config: CheckConfig, signal?: AbortSignal) => Promise<CheckOutcome>

export interface HealthDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  pollers: PollerRegistry
  runCheck?: RunCheck
  flushIntervalMs?: number
  sweepIntervalMs?: number
  random?: () => number
}

interface LiveCheck {
  id: number
  serviceId: number
  name: string
  config: CheckConfig
  intervalS: number
  retries: number
  paused: boolean
  mem: CheckMemory
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

const DEFAULT_SETTINGS: HealthSettings = { rawDays: 14, minuteDays: 90, hourDays: null, concurrency: 64 }
const POLLER = 'health'

/** Services, checks, the poller and the read side of monitoring. */
export class HealthService {
  readonly repo: HealthRepo
  readonly queries: HealthQueries
  private writer: ResultWriter
  private scheduler: Scheduler
  private sweeper: RetentionSweeper
  private checks = new Map<number, LiveCheck>()
  private serviceNames = new Map<number, string>()
  private downChecks = new Map<number, Set<number>>()
  private windows: MaintenanceWindow[] = []
  private settings: HealthSettings
  private listeners = new Set<(e: ResultEvent) => void>()
  private transitions: { checkId: number; serviceId: number; from: string; to: string }[] = []
  private touched = new Set<number>()
  private inflight = new Set<AbortController>()
  private timers: NodeJS.Timeout[] = []
  private runCheckFn: RunCheck

  constructor(private deps: HealthDeps) {
    this.repo = new HealthRepo(deps.db)
    this.queries = new HealthQueries(deps.db)
    this.writer = new ResultWriter(deps.db)
    this.sweeper = new RetentionSweeper(deps.db)
    this.runCheckFn = deps.runCheck ?? defaultRunCheck
    this.settings = this.loadSettings()
    this.scheduler = new Scheduler(deps.clock, (id) => this.execute(id), this.settings.concurrency, deps.random)
    this.load()
  }

  // ---------- lifecycle ----------

  start(): void {
    this.deps.pollers.register(POLLER, this.deps.flushIntervalMs ?? 1000)
    this.scheduler.start()
    const flushMs = this.deps.flushIntervalMs ?? 1000
    const flush = setInterval(() => this.flush(), flushMs)
    const sweep = setInterval(() => void this.sweep(), this.deps.sweepIntervalMs ?? 60_000)
    this.timers.push(flush, sweep)
    for (const t of this.timers) t.unref?.()
  }

  async stop(): Promise<void> {
    this.scheduler.stop()
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    for (const c of this.inflight) c.abort()
    this.flush()
    this.deps.pollers.stop(POLLER)
  }

  /** Write buffered results and tell views what changed. */
  flush(): void {
    const now = this.deps.clock.now()
    this.deps.pollers.tick(POLLER, now)
    let written
    try {
      written = this.writer.flush((id) => this.checks.has(id))
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

  async sweep(): Promise<number> {
    return this.sweeper.sweep(this.deps.clock.now(), this.settings)
  }

  onResult(listener: (e: ResultEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  schedulerStats() {
    return this.scheduler.stats()
  }

  // ---------- running checks ----------

  private load(): void {
    const states = new Map(this.repo.states().map((s) => [s.check_id, s]))
    this.windows = this.repo.maintenance()
    for (const s of this.repo.services()) this.serviceNames.set(s.id, s.name)
    for (const row of this.repo.checks()) {
      const st = states.get(row.id)
      this.register(row, st ? { state: st.state as CheckState, since: st.since, failures: st.consecutive_failures, successes: st.consecutive_successes } : undefined)
    }
  }

  private register(row: CheckRow, mem?: CheckMemory): void {
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

  private unregister(checkId: number): void {
    const live = this.checks.get(checkId)
    this.scheduler.remove(checkId)
    this.checks.delete(checkId)
    this.writer.forget(checkId)
    if (live) this.downSet(live.serviceId).delete(checkId)
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

  inMaintenance(serviceId: number, at = this.deps.clock.now()): boolean {
    return this.windows.some((w) => (w.serviceId === null || w.serviceId === serviceId) && isActive(w, at))
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

  // ---------- services and checks ----------

  createService(input: z.output<typeof ServiceInput>): { id: number } {
    const now = this.deps.clock.now()
    if (this.repo.serviceByName(input.environment, input.name)) throw conflict(`a service named "${input.name}" already exists in ${input.environment}`)
    const names = new Set<string>()
    for (const [i, c] of input.checks.entries()) {
      if (names.has(c.name)) throw invalid(`checks[${i}].name`, `duplicate check name "${c.name}"`)
      names.add(c.name)
    }
    const id = this.deps.db.transaction(() => {
      const sid = this.repo.insertService(input, now)
      for (const c of input.checks) this.repo.insertCheck(sid, c, now)
      return sid
    }).immediate()
    this.serviceNames.set(id, input.name)
    for (const row of this.repo.checks(id)) this.register(row)
    this.configChanged()
    return { id }
  }

  updateService(input: { id: number; name?: string; environment?: string; region?: string; description?: string; tags?: Record<string, string> }): { id: number } {
    const row = this.repo.service(input.id)
    if (!row) throw notFound(`service ${input.id}`)
    const next = {
      name: input.name ?? row.name,
      environment: input.environment ?? row.environment,
      region: input.region ?? row.region,
      description: input.description ?? row.description,
      tags: input.tags ?? (JSON.parse(row.tags) as Record<string, string>)
    }
    const clash = this.repo.serviceByName(next.environment, next.name)
    if (clash && clash.id !== input.id) throw conflict(`a service named "${next.name}" already exists in ${next.environment}`)
    this.repo.updateService(input.id, next)
    this.serviceNames.set(input.id, next.name)
    this.configChanged()
    return { id: input.id }
  }

  /**
   * The edit form's save: the service's fields and its whole list of checks. Checks with an id are updated,
   * checks without one created, the service's other checks deleted with their history.
   * Everything is validated first and written in one transaction, so an error anywhere leaves everything as it was.
   */
  replaceService(raw: z.input<typeof ServiceReplaceInput>): { id: number; created: number; updated: number; deleted: number } {
    const parsed = ServiceReplaceInput.safeParse(raw)
    if (!parsed.success) throw firstIssue(parsed.error)
    const input = parsed.data
    const row = this.repo.service(input.id)
    if (!row) throw notFound(`service ${input.id}`)
    const clash = this.repo.serviceByName(input.environment, input.name)
    if (clash && clash.id !== input.id) throw conflict(`a service named "${input.name}" already exists in ${input.environment}`, 'name')
    const existing = new Map(this.repo.checks(input.id).map((c) => [c.id, c]))
    const names = new Set<string>()
    const kept = new Set<number>()
    for (const [i, c] of input.checks.entries()) {
      if (names.has(c.name)) throw invalid(`checks[${i}].name`, `duplicate check name "${c.name}"`)
      names.add(c.name)
      if (c.id === undefined) continue
      if (!existing.has(c.id)) throw invalid(`checks[${i}]`, `check ${c.id} is not a check of this service (it may have been deleted meanwhile)`)
      if (kept.has(c.id)) throw invalid(`checks[${i}]`, `check ${c.id} is listed twice`)
      kept.add(c.id)
    }
    const removed = [...existing.keys()].filter((id) => !kept.has(id))
    const changed = input.checks.filter((c): c is typeof c & { id: number } => c.id !== undefined && !sameCheck(existing.get(c.id)!, c))
    const added = input.checks.filter((c) => c.id === undefined)
    const now = this.deps.clock.now()
    this.flush()
    this.deps.db.transaction(() => {
      this.repo.updateService(input.id, input)
      for (const id of removed) this.repo.deleteCheck(id)
      // renames may swap names (UNIQUE per service): park renamed checks on a name no user can type first
      for (const c of changed) if (existing.get(c.id)!.name !== c.name) this.repo.updateCheck(c.id, { ...c, name: `\u0000renaming ${c.id}` }, now)
      for (const c of changed) this.repo.updateCheck(c.id, c, now)
      for (const c of added) this.repo.insertCheck(input.id, c, now)
    }).immediate()
    // the workspace is written; now bring the poller in line
    this.serviceNames.set(input.id, input.name)
    for (const id of removed) this.unregister(id)
    for (const c of changed) {
      const mem = this.checks.get(c.id)?.mem
      this.unregister(c.id)
      this.register(this.repo.check(c.id)!, mem && !c.paused && mem.state !== 'PAUSED' ? mem : undefined)
    }
    const known = new Set(this.checks.keys())
    for (const r of this.repo.checks(input.id)) if (!known.has(r.id)) this.register(r)
    this.configChanged()
    return { id: input.id, created: added.length, updated: changed.length, deleted: removed.length }
  }

  deleteService(id: number): { id: number } {
    if (!this.repo.service(id)) throw notFound(`service ${id}`)
    for (const c of this.repo.checks(id)) this.unregister(c.id)
    this.repo.deleteService(id)
    this.serviceNames.delete(id)
    this.downChecks.delete(id)
    this.configChanged()
    return { id }
  }

  createCheck(serviceId: number, input: z.output<typeof CheckInput>): { id: number } {
    if (!this.repo.service(serviceId)) throw notFound(`service ${serviceId}`)
    if (this.repo.checkByName(serviceId, input.name)) throw conflict(`service ${serviceId} already has a check named "${input.name}"`)
    const id = this.repo.insertCheck(serviceId, input, this.deps.clock.now())
    this.register(this.repo.check(id)!)
    this.configChanged()
    return { id }
  }

  updateCheck(id: number, input: NewCheck): { id: number } {
    const row = this.repo.check(id)
    if (!row) throw notFound(`check ${id}`)
    const clash = this.repo.checkByName(row.service_id, input.name)
    if (clash && clash.id !== id) throw conflict(`this service already has a check named "${input.name}"`)
    const mem = this.checks.get(id)?.mem
    this.unregister(id)
    this.repo.updateCheck(id, input, this.deps.clock.now())
    this.register(this.repo.check(id)!, mem && !input.paused ? mem : undefined)
    this.configChanged()
    return { id }
  }

  deleteCheck(id: number): { id: number } {
    if (!this.repo.check(id)) throw notFound(`check ${id}`)
    this.unregister(id)
    this.repo.deleteCheck(id)
    this.configChanged()
    return { id }
  }

  setPaused(target: { id?: number; serviceId?: number }, paused: boolean): number {
    if (target.id === undefined && target.serviceId === undefined) throw invalid('id', 'give a check id or a serviceId')
    const ids = target.id !== undefined ? [target.id] : this.repo.checks(target.serviceId).map((c) => c.id)
    if (target.id !== undefined && !this.checks.has(target.id)) throw notFound(`check ${target.id}`)
    if (target.serviceId !== undefined && !this.repo.service(target.serviceId)) throw notFound(`service ${target.serviceId}`)
    const now = this.deps.clock.now()
    const changed = ids.filter((id) => this.checks.get(id)?.paused !== paused)
    this.repo.setPaused(changed, paused, now)
    for (const id of changed) {
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
    this.flush()
    return changed.length
  }

  private configChanged(): void {
    this.deps.bus.publish('health:config', { at: this.deps.clock.now() })
  }

  // ---------- reads ----------

  overview(): ServiceSummary[] {
    const now = this.deps.clock.now()
    const uptimes = this.queries.uptimes(now)
    const incidents = this.queries.openIncidentCounts()
    const states = new Map(this.repo.states().map((s) => [s.check_id, s]))
    const maint = servicesInMaintenance(this.windows, now)
    const byService = new Map<number, CheckRow[]>()
    for (const c of this.repo.checks()) {
      const list = byService.get(c.service_id) ?? []
      list.push(c)
      byService.set(c.service_id, list)
    }
    return this.repo.services().map((s) => {
      const checks = byService.get(s.id) ?? []
      const inMaintenance = maint.all || maint.ids.has(s.id)
      const checkStates = checks.map((c) => (this.checks.get(c.id)?.mem.state ?? (states.get(c.id)?.state as CheckState | undefined) ?? 'PENDING'))
      const state = serviceState(checkStates, inMaintenance)
      const sinceList = checks.map((c) => this.checks.get(c.id)?.mem.since ?? now)
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
        inMaintenance
      }
    })
  }

  serviceDetail(id: number) {
    const summary = this.overview().find((s) => s.id === id)
    if (!summary) throw notFound(`service ${id}`)
    const states = new Map(this.repo.states().map((s) => [s.check_id, s]))
    const checks: CheckView[] = this.repo.checks(id).map((c) => {
      const st = states.get(c.id)
      const live = this.checks.get(c.id)
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
        components: this.writer.componentsOf(c.id) ?? this.queries.components(c.id)
      }
    })
    return { ...summary, checks, maintenance: this.maintenanceList(id) }
  }

  checkIdsOf(target: { serviceId?: number; checkId?: number }): number[] {
    if (target.checkId !== undefined) {
      if (!this.repo.check(target.checkId)) throw notFound(`check ${target.checkId}`)
      return [target.checkId]
    }
    if (target.serviceId !== undefined) {
      if (!this.repo.service(target.serviceId)) throw notFound(`service ${target.serviceId}`)
      return this.repo.checks(target.serviceId).map((c) => c.id)
    }
    return this.repo.checks().map((c) => c.id)
  }

  series(target: { serviceId?: number; checkId?: number; from: number; to: number; points: number }) {
    if (target.to <= target.from) throw invalid('to', 'must be after from')
    return this.queries.series(this.checkIdsOf(target), target.from, target.to, target.points, this.settings.minuteDays * 86_400_000, this.deps.clock.now())
  }

  usage(from: number, to: number) {
    const now = this.deps.clock.now()
    const retention = this.settings.minuteDays * 86_400_000
    const totals = new Map(this.queries.usage(from, to, retention, now).map((u) => [u.checkId, u]))
    const services = new Map(this.repo.services().map((s) => [s.id, s]))
    const endpoints = this.repo.checks().map((c) => {
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
    return { endpoints, series: this.queries.series(this.repo.checks().map((c) => c.id), from, to, 200, retention, now) }
  }

  // ---------- maintenance ----------

  maintenanceList(serviceId?: number) {
    const now = this.deps.clock.now()
    return this.repo
      .maintenance()
      .filter((w) => serviceId === undefined || w.serviceId === null || w.serviceId === serviceId)
      .map((w) => ({ ...w, serviceName: w.serviceId === null ? null : (this.serviceNames.get(w.serviceId) ?? null), activeNow: isActive(w, now), nextStart: nextStart(w, now) }))
  }

  createMaintenance(m: z.output<typeof MaintenanceInput>): { id: number } {
    if (m.serviceId !== null && !this.repo.service(m.serviceId)) throw notFound(`service ${m.serviceId}`)
    const id = this.repo.insertMaintenance(
      {
        serviceId: m.serviceId,
        title: m.title,
        kind: m.kind,
        startsAt: m.startsAt ?? null,
        endsAt: m.endsAt ?? null,
        days: m.days ?? null,
        startTime: m.startTime ?? null,
        durationMin: m.durationMin ?? null,
        timeZone: m.timeZone ?? null
      },
      this.deps.clock.now()
    )
    this.windows = this.repo.maintenance()
    this.configChanged()
    return { id }
  }

  deleteMaintenance(id: number): { id: number } {
    if (this.repo.deleteMaintenance(id) === 0) throw notFound(`maintenance window ${id}`)
    this.windows = this.repo.maintenance()
    this.configChanged()
    return { id }
  }

  // ---------- settings ----------

  private loadSettings(): HealthSettings {
    const row = this.deps.db.prepare("SELECT value FROM settings WHERE key = 'health'").get() as { value: string } | undefined
    const parsed = row ? HealthSettings.safeParse({ ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as object) }) : null
    return parsed?.success ? parsed.data : { ...DEFAULT_SETTINGS }
  }

  getSettings(): HealthSettings {
    return { ...this.settings }
  }

  setSettings(patch: Partial<HealthSettings>): HealthSettings {
    const next = { ...this.settings, ...patch }
    if (next.minuteDays < next.rawDays) throw invalid('minuteDays', `must be at least rawDays (${next.rawDays})`)
    if (next.hourDays !== null && next.hourDays < next.minuteDays) throw invalid('hourDays', `must be at least minuteDays (${next.minuteDays}) or null to keep hourly rollups forever`)
    this.deps.db
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('health', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
      .run(JSON.stringify(next), this.deps.clock.now())
    this.settings = next
    this.scheduler.concurrency = next.concurrency
    return { ...next }
  }

  // ---------- config as code ----------

  exportYaml(): string {
    return toYaml(
      this.repo.services().map((s) => ({
        ...s,
        tags: JSON.parse(s.tags) as Record<string, string>,
        checks: this.repo.checks(s.id).map((c) => ({ name: c.name, intervalS: c.interval_s, retries: c.retries, paused: c.paused === 1, config: JSON.parse(c.config) as CheckConfig }))
      }))
    )
  }

  /** All or nothing: validate everything first, then write in one transaction, then reload the poller. */
  importYaml(text: string, mode: 'merge' | 'replace', dryRun: boolean) {
    const parsed = parseServicesYaml(text)
    const report = { services: parsed.length, checks: parsed.reduce((n, s) => n + s.checks.length, 0), created: 0, updated: 0, removed: 0, dryRun }
    const now = this.deps.clock.now()
    this.flush()
    const apply = (): void => {
      const keep = new Set<number>()
      for (const svc of parsed) {
        const existing = this.repo.serviceByName(svc.environment, svc.name)
        const sid = existing ? existing.id : this.repo.insertService(svc, now)
        if (existing) {
          this.repo.updateService(sid, svc)
          report.updated++
        } else report.created++
        keep.add(sid)
        const keepChecks = new Set<string>()
        for (const c of svc.checks) {
          keepChecks.add(c.name)
          const old = this.repo.checkByName(sid, c.name)
          if (old) this.repo.updateCheck(old.id, c, now)
          else this.repo.insertCheck(sid, c, now)
        }
        if (mode === 'replace') for (const c of this.repo.checks(sid)) if (!keepChecks.has(c.name)) this.repo.deleteCheck(c.id)
      }
      if (mode === 'replace') {
        for (const s of this.repo.services()) {
          if (!keep.has(s.id)) {
            this.repo.deleteService(s.id)
            report.removed++
          }
        }
      }
    }
    if (dryRun) {
      // run the same writes and roll them back, so the report is exactly what would happen
      try {
        this.deps.db.transaction(() => {
          apply()
          throw new DryRun()
        }).immediate()
      } catch (err) {
        if (!(err instanceof DryRun)) throw err
      }
      return report
    }
    this.deps.db.transaction(apply).immediate()
    this.reload()
    this.configChanged()
    return report
  }

  /** Rebuild the in-memory view of checks from the workspace (after an import or a restore). */
  reload(): void {
    for (const id of [...this.checks.keys()]) this.unregister(id)
    this.serviceNames.clear()
    this.downChecks.clear()
    this.load()
  }

  /** Ids and names for the command palette and other areas. */
  directory(): { services: { id: number; name: string; environment: string }[]; checks: { id: number; serviceId: number; name: string }[] } {
    return {
      services: this.repo.services().map((s) => ({ id: s.id, name: s.name, environment: s.environment })),
      checks: [...this.checks.values()].map((c) => ({ id: c.id, serviceId: c.serviceId, name: c.name }))
    }
  }

  assertExists(kind: 'service' | 'check', id: number): void {
    if (kind === 'service' ? !this.repo.service(id) : !this.repo.check(id)) throw new AppError('NOT_FOUND', `${kind} ${id} not found`)
  }
}

class DryRun extends Error {}

/** Is the stored check already exactly what the form sends? Then it is left alone (its schedule and state too). */
function sameCheck(row: CheckRow, c: NewCheck): boolean {
  return row.name === c.name && row.interval_s === c.intervalS && row.retries === c.retries && (row.paused === 1) === c.paused && row.config === JSON.stringify(c.config)
}

/** A zod error as the transports report it: the first issue, named by its path ("checks[1].config.url"). */
function firstIssue(error: z.ZodError): AppError {
  const issue = error.issues[0]
  if (!issue) return invalid('input', 'is invalid')
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'input'
  return invalid(field, issue.message)
}
