/** HealthService: edits to services and checks, lifecycle, and the facade over the runner, views, maintenance, settings and YAML. */
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import {
  CheckInput,
  HealthSettings,
  ServiceInput,
  ServiceReplaceInput,
  MaintenanceInput,
  type CheckTestResult,
  type ServiceSummary
} from '../../../shared/contract'
import type { z } from 'zod'
import type { CheckConfig } from '../../../shared/health/types'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { PollerRegistry } from '../../core/pollers'
import type { Db } from '../../db/open'
import { exportServicesYaml, importServicesYaml, type ImportDeps } from './config'
import { healthFiles } from './files'
import type { ConfigFiles } from '../../core/configFiles'
import { listMaintenance, removeMaintenance, saveMaintenance } from './maintenanceService'
import { HealthQueries } from './queries'
import { HealthRepo, type NewCheck } from './repo'
import { RetentionSweeper } from './retention'
import { CheckRunner, POLLER, type ResultEvent, type RunCheck } from './runner'
import { SettingsStore } from '../../core/settings'
import { healthSettings } from './settings'
import { assertUniqueCheckNames, firstIssue, sameCheck } from './validate'
import * as views from './views'
import { CONSOLE_REGION, RegionalStates, type RegionalResult } from './regions'
import { StatusPages } from './statusPages'

export type { ResultEvent, RunCheck } from './runner'
import type { ExtCheckRunner, HealthCheckKinds, HealthChecks, HealthReader, ServiceRef } from './api'
import { runCheck } from './checks/run'

export interface HealthDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  pollers: PollerRegistry
  runCheck?: RunCheck
  /** Where the area's settings row lives (default: the workspace's settings table). */
  settings?: SettingsStore
  flushIntervalMs?: number
  sweepIntervalMs?: number
  random?: () => number
}

/** Services, checks, the poller and the read side of monitoring. */
export class HealthService {
  readonly repo: HealthRepo
  readonly queries: HealthQueries
  /** Public status pages (served without the token in serve mode). */
  readonly statusPages: StatusPages
  private sweeper: RetentionSweeper
  private runner: CheckRunner
  private settings: HealthSettings
  private store: SettingsStore
  private timers: NodeJS.Timeout[] = []
  private regional: RegionalStates
  private extRunner: ExtCheckRunner | null = null

  constructor(private deps: HealthDeps) {
    this.repo = new HealthRepo(deps.db)
    this.queries = new HealthQueries(deps.db)
    this.sweeper = new RetentionSweeper(deps.db)
    this.statusPages = new StatusPages(
      deps.db,
      deps.clock,
      () => this.overview(),
      (id) => this.repo.service(id) !== undefined
    )
    this.store = deps.settings ?? new SettingsStore(deps.db)
    this.settings = this.store.read(healthSettings)
    this.runner = new CheckRunner({
      ...deps,
      runCheck: deps.runCheck ?? ((cfg, signal) => runCheck(cfg, signal, this.extRunner ?? undefined)),
      repo: this.repo,
      concurrency: this.settings.concurrency
    })
    this.regional = new RegionalStates(
      (id) => {
        const c = this.runner.checks.get(id)
        return c && { serviceId: c.serviceId, name: c.name, intervalS: c.intervalS, retries: c.retries }
      },
      (serviceId, at) => this.inMaintenance(serviceId, at)
    )
    this.runner.onResult((e) =>
      this.regional.record(CONSOLE_REGION, {
        checkId: e.checkId,
        at: e.at,
        status: e.outcome.status,
        latencyMs: e.outcome.latencyMs,
        statusCode: e.outcome.statusCode ?? null,
        error: e.outcome.error ?? null
      })
    )
  }

  /** Results a probe agent ran in another region (each check gets its own state there). */
  recordRegional(region: string, results: RegionalResult[]): { accepted: number; unknown: number } {
    if (region === CONSOLE_REGION) throw invalid('region', `"${CONSOLE_REGION}" is the console's own region`)
    let accepted = 0
    for (const r of results) if (this.regional.record(region, r)) accepted++
    if (accepted) this.deps.bus.publish('health:regions', { at: this.deps.clock.now(), region })
    return { accepted, unknown: results.length - accepted }
  }

  /** Each check's state per region, and whether an outage is regional or global. */
  regions() {
    const view = this.regional.view(this.deps.clock.now())
    return view.map((c) => ({ ...c, serviceName: this.runner.serviceNames.get(c.serviceId) ?? '' }))
  }

  // ---------- lifecycle ----------

  start(): void {
    this.deps.pollers.register(POLLER, this.deps.flushIntervalMs ?? 1000)
    this.runner.scheduler.start()
    const flushMs = this.deps.flushIntervalMs ?? 1000
    const flush = setInterval(() => this.flush(), flushMs)
    // a sweep that fails (the database busy past its timeout) is logged and tried again at the next interval
    const sweep = setInterval(
      () => void this.sweep().catch((err: unknown) => this.deps.logger.warn('health: retention sweep failed', { error: String(err) })),
      this.deps.sweepIntervalMs ?? 60_000
    )
    this.timers.push(flush, sweep)
    for (const t of this.timers) t.unref?.()
  }

  async stop(): Promise<void> {
    this.runner.scheduler.stop()
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    this.runner.abortInflight()
    this.flush()
    this.deps.pollers.stop(POLLER)
  }

  /** Write buffered results and tell views what changed. */
  flush(): void {
    this.runner.flush()
  }

  async sweep(): Promise<number> {
    return this.sweeper.sweep(this.deps.clock.now(), this.settings)
  }

  onResult(listener: (e: ResultEvent) => void): () => void {
    return this.runner.onResult(listener)
  }

  /** The narrow read port other areas get (api.ts). */
  reader(): HealthReader {
    const { repo, queries } = this
    const ref = (s: { id: number; name: string; environment: string; region: string }): ServiceRef => ({
      id: s.id,
      name: s.name,
      environment: s.environment,
      region: s.region
    })
    return {
      onResult: (l) => this.onResult(l),
      services: () => repo.services().map(ref),
      service: (id) => {
        const s = repo.service(id)
        return s ? ref(s) : undefined
      },
      check: (id) => {
        const c = repo.check(id)
        return c ? { id: c.id, serviceId: c.service_id, name: c.name } : undefined
      },
      checks: (serviceId) => repo.checks(serviceId).map((c) => ({ id: c.id, serviceId: c.service_id, name: c.name })),
      inMaintenance: (serviceId, at) => this.inMaintenance(serviceId, at),
      rawDays: () => this.settings.rawDays,
      rawResults: (scope, from) => queries.rawResults(scope, from),
      checkRuns: (serviceId, from, to) => queries.checkRuns(serviceId, from, to)
    }
  }

  /** What the poller holds per check and service in memory (leak checks). */
  footprint(): Record<string, number> {
    return this.runner.footprint()
  }

  /** The narrow port that runs checks for other areas (api.ts). */
  checkKindsPort(): HealthCheckKinds {
    return { setExtensionRunner: (run) => (this.extRunner = run) }
  }

  checksPort(): HealthChecks {
    return {
      checksOf: (serviceId) =>
        this.repo.checks(serviceId).map((c) => ({
          id: c.id,
          serviceId: c.service_id,
          name: c.name,
          intervalS: c.interval_s,
          config: JSON.parse(c.config) as Record<string, unknown>
        })),
      runNow: async (checkId) => {
        const r = await this.runNow(checkId)
        return { state: r.state, status: r.status, latencyMs: r.latencyMs, error: r.error }
      },
      allChecks: () =>
        this.repo.checks().map((c) => ({
          id: c.id,
          serviceId: c.service_id,
          name: c.name,
          intervalS: c.interval_s,
          paused: c.paused === 1,
          config: JSON.parse(c.config) as Record<string, unknown>
        })),
      recordRegional: (region, results) => this.recordRegional(region, results)
    }
  }

  schedulerStats() {
    return this.runner.scheduler.stats()
  }

  // ---------- running checks (runner.ts) ----------

  inMaintenance(serviceId: number, at = this.deps.clock.now()): boolean {
    return this.runner.inMaintenance(serviceId, at)
  }

  /** Check now: run at once, record, write, and return the new state. */
  async runNow(id: number) {
    return this.runner.runNow(id)
  }

  /** "Test this check": run unsaved settings once and report what a result would say; nothing is stored. */
  async testCheck(config: CheckConfig, signal?: AbortSignal): Promise<CheckTestResult> {
    const o = await this.runner.runOnce(config, signal)
    return {
      status: o.status,
      latencyMs: o.latencyMs,
      statusCode: o.statusCode ?? null,
      error: o.error ?? null,
      errorKind: o.errorKind ?? null,
      snippet: o.snippet ?? null,
      conditions: (o.conditionResults ?? []).map((c) => ({ condition: c.condition, ok: c.ok, actual: c.actual ?? null })),
      components: (o.components ?? []).map((c) => ({ key: c.key, status: c.status, output: c.output ?? null })),
      certDaysLeft: o.certDaysLeft ?? null
    }
  }

  // ---------- services and checks ----------

  createService(input: z.output<typeof ServiceInput>): { id: number } {
    const now = this.deps.clock.now()
    if (this.repo.serviceByName(input.environment, input.name))
      throw conflict(`a service named "${input.name}" already exists in ${input.environment}`)
    assertUniqueCheckNames(input.checks)
    const id = this.deps.db
      .transaction(() => {
        const sid = this.repo.insertService(input, now)
        for (const c of input.checks) this.repo.insertCheck(sid, c, now)
        return sid
      })
      .immediate()
    this.runner.loadServices()
    for (const row of this.repo.checks(id)) this.runner.register(row)
    this.configChanged()
    return { id }
  }

  updateService(input: {
    id: number
    name?: string
    environment?: string
    region?: string
    description?: string
    tags?: Record<string, string>
  }): { id: number } {
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
    this.runner.loadServices()
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
    const kept = new Set<number>()
    assertUniqueCheckNames(input.checks, (c, i) => {
      if (c.id === undefined) return
      if (!existing.has(c.id))
        throw invalid(`checks[${i}]`, `check ${c.id} is not a check of this service (it may have been deleted meanwhile)`)
      if (kept.has(c.id)) throw invalid(`checks[${i}]`, `check ${c.id} is listed twice`)
      kept.add(c.id)
    })
    const removed = [...existing.keys()].filter((id) => !kept.has(id))
    const changed = input.checks.filter((c): c is typeof c & { id: number } => c.id !== undefined && !sameCheck(existing.get(c.id)!, c))
    const added = input.checks.filter((c) => c.id === undefined)
    const now = this.deps.clock.now()
    this.flush()
    this.deps.db
      .transaction(() => {
        this.repo.updateService(input.id, input)
        for (const id of removed) this.repo.deleteCheck(id)
        // renames may swap names (UNIQUE per service): park renamed checks on a name no user can type first
        for (const c of changed)
          if (existing.get(c.id)!.name !== c.name) this.repo.updateCheck(c.id, { ...c, name: `\u0000renaming ${c.id}` }, now)
        for (const c of changed) this.repo.updateCheck(c.id, c, now)
        for (const c of added) this.repo.insertCheck(input.id, c, now)
      })
      .immediate()
    // the workspace is written; now bring the poller in line
    this.runner.loadServices()
    for (const id of removed) this.runner.unregister(id)
    for (const c of changed) this.runner.reregister(c.id, (mem) => !c.paused && mem.state !== 'PAUSED')
    const known = new Set(this.runner.checks.keys())
    for (const r of this.repo.checks(input.id)) if (!known.has(r.id)) this.runner.register(r)
    this.configChanged()
    return { id: input.id, created: added.length, updated: changed.length, deleted: removed.length }
  }

  deleteService(id: number): { id: number } {
    if (!this.repo.service(id)) throw notFound(`service ${id}`)
    for (const c of this.repo.checks(id)) this.runner.unregister(c.id)
    this.repo.deleteService(id)
    this.runner.dropService(id)
    this.configChanged()
    return { id }
  }

  createCheck(serviceId: number, input: z.output<typeof CheckInput>): { id: number } {
    if (!this.repo.service(serviceId)) throw notFound(`service ${serviceId}`)
    if (this.repo.checkByName(serviceId, input.name)) throw conflict(`service ${serviceId} already has a check named "${input.name}"`)
    const id = this.repo.insertCheck(serviceId, input, this.deps.clock.now())
    this.runner.register(this.repo.check(id)!)
    this.configChanged()
    return { id }
  }

  updateCheck(id: number, input: NewCheck): { id: number } {
    const row = this.repo.check(id)
    if (!row) throw notFound(`check ${id}`)
    const clash = this.repo.checkByName(row.service_id, input.name)
    if (clash && clash.id !== id) throw conflict(`this service already has a check named "${input.name}"`)
    this.runner.reregister(
      id,
      () => !input.paused,
      () => this.repo.updateCheck(id, input, this.deps.clock.now())
    )
    this.configChanged()
    return { id }
  }

  deleteCheck(id: number): { id: number } {
    if (!this.repo.check(id)) throw notFound(`check ${id}`)
    this.runner.unregister(id)
    this.repo.deleteCheck(id)
    this.configChanged()
    return { id }
  }

  setPaused(target: { id?: number; serviceId?: number }, paused: boolean): number {
    if (target.id === undefined && target.serviceId === undefined) throw invalid('id', 'give a check id or a serviceId')
    const ids = target.id !== undefined ? [target.id] : this.repo.checks(target.serviceId).map((c) => c.id)
    if (target.id !== undefined && !this.runner.checks.has(target.id)) throw notFound(`check ${target.id}`)
    if (target.serviceId !== undefined && !this.repo.service(target.serviceId)) throw notFound(`service ${target.serviceId}`)
    const now = this.deps.clock.now()
    const changed = ids.filter((id) => this.runner.checks.get(id)?.paused !== paused)
    this.repo.setPaused(changed, paused, now)
    this.runner.applyPaused(changed, paused, now)
    this.flush()
    return changed.length
  }

  private configChanged(): void {
    this.deps.bus.publish('health:config', { at: this.deps.clock.now() })
  }

  // ---------- reads (views.ts) ----------

  private get view(): views.ViewDeps {
    const { writer, checks, serviceNames, windows } = this.runner
    return {
      repo: this.repo,
      queries: this.queries,
      clock: this.deps.clock,
      writer,
      checks,
      serviceNames,
      windows,
      settings: this.settings
    }
  }

  overview(): ServiceSummary[] {
    return views.overview(this.view)
  }

  serviceDetail(id: number) {
    return views.serviceDetail(this.view, id)
  }

  checkIdsOf(target: { serviceId?: number; checkId?: number }): number[] {
    return views.checkIdsOf(this.repo, target)
  }

  series(target: { serviceId?: number; checkId?: number; from: number; to: number; points: number }) {
    return views.series(this.view, target)
  }

  usage(from: number, to: number) {
    return views.usage(this.view, from, to)
  }

  /** Ids and names for the command palette and other areas. */
  directory(): ReturnType<typeof views.directory> {
    return views.directory(this.view)
  }

  // ---------- maintenance (maintenanceService.ts) ----------

  maintenanceList(serviceId?: number) {
    return listMaintenance(this.repo, this.deps.clock, this.runner.serviceNames, serviceId)
  }

  createMaintenance(m: z.output<typeof MaintenanceInput>): { id: number } {
    const id = saveMaintenance(this.repo, this.deps.clock, m)
    this.maintenanceChanged()
    return { id }
  }

  updateMaintenance({ id, ...m }: z.output<typeof MaintenanceInput> & { id: number }): { id: number } {
    saveMaintenance(this.repo, this.deps.clock, m, id)
    this.maintenanceChanged()
    return { id }
  }

  deleteMaintenance(id: number): { id: number } {
    removeMaintenance(this.repo, id)
    this.maintenanceChanged()
    return { id }
  }

  private maintenanceChanged(): void {
    this.runner.windows = this.repo.maintenance()
    this.configChanged()
  }

  // ---------- settings ----------

  getSettings(): HealthSettings {
    return { ...this.settings }
  }

  setSettings(patch: Partial<HealthSettings>): HealthSettings {
    const next = { ...this.settings, ...patch }
    this.store.write(healthSettings, next, this.deps.clock.now())
    this.settings = next
    this.runner.scheduler.concurrency = next.concurrency
    return { ...next }
  }

  // ---------- config as code ----------

  exportYaml(): string {
    return exportServicesYaml(this.repo)
  }

  private importDeps(): ImportDeps {
    const applied = (): void => {
      this.reload()
      this.configChanged()
    }
    return { db: this.deps.db, repo: this.repo, clock: this.deps.clock, flush: () => this.flush(), applied }
  }

  /** All or nothing: validate everything first, then write in one transaction, then reload the poller. */
  importYaml(text: string, mode: 'merge' | 'replace', dryRun: boolean) {
    return importServicesYaml(this.importDeps(), text, mode, dryRun)
  }

  /** The provisioned folder's port: `*.services.yaml` files. */
  filesPort(): ConfigFiles {
    return healthFiles(this.importDeps())
  }

  /** Rebuild the in-memory view of checks from the workspace (after an import or a restore). */
  reload(): void {
    this.runner.reload()
  }

  assertExists(kind: 'service' | 'check', id: number): void {
    if (kind === 'service' ? !this.repo.service(id) : !this.repo.check(id)) throw new AppError('NOT_FOUND', `${kind} ${id} not found`)
  }
}
