import { EventBus } from './core/bus'
import { systemClock, type Clock } from './core/clock'
import type { HandlerMap } from './core/handlers'
import type { HttpRoute, PublicRoute, RouteCaller } from './core/httpRoutes'
import { consoleHealth } from './core/health'
import { authenticateScoped, type TokenAuthenticator } from './core/hooks'
import { JobService } from './core/jobs'
import { consoleLogger, type Logger } from './core/log'
import type { AppMode, AreaContext, ModuleServices } from './core/module'
import { PaletteRegistry } from './core/palette'
import { PollerRegistry } from './core/pollers'
import { PortRegistry } from './core/ports'
import { keyFileFor, KeyFileSecretBox, type SecretBox } from './core/secrets'
import { SelfMonitor } from './core/selfMonitor'
import { SettingsStore } from './core/settings'
import type { Db } from './db/open'
import { openWorkspace } from './db/workspace'
import { MODULES } from './modules'
import type { RunCheck } from './services/health/service'

export type { AppMode } from './core/module'

export interface AppOptions {
  workspacePath: string
  mode: AppMode
  clock?: Clock
  logger?: Logger
  nativeBinding?: string
  /** Start pollers and timers (default: yes, except in mode 'test'). */
  startPollers?: boolean
  /** Replace the check runner (tests, benchmarks). */
  runCheck?: RunCheck
  /** Encrypts channel secrets; Electron passes one backed by safeStorage, else a key file beside the workspace. */
  secrets?: SecretBox
  /** Stand-ins for areas, by name (e.g. `logsInline`: the logs writer and searches on this thread). */
  testHooks?: Record<string, unknown>
}

/** The core every area shares, plus each module's service under its id (`app.health`, `app.costs` …). */
export type App = ModuleServices<typeof MODULES> & {
  mode: AppMode
  startedAt: number
  db: Db
  bus: EventBus
  clock: Clock
  logger: Logger
  palette: PaletteRegistry
  pollers: PollerRegistry
  jobs: JobService
  ports: PortRegistry
  /** The console's own memory, disk and event-loop samples (Settings, /api/health). */
  monitor: SelfMonitor
  /** Where channel secrets are sealed (shown in Settings). */
  secrets: SecretBox
  handlers: HandlerMap
  /** The caller an area's scoped token stands for (CI, probe agents), or null; routes say which scope they accept. */
  scopedToken: (token: string) => RouteCaller | null
  /** Routes areas add to serve mode's HTTP transport (push endpoints). */
  httpRoutes: HttpRoute[]
  /** GET pages served without the token (core/httpRoutes.ts PublicRoute). */
  publicRoutes: PublicRoute[]
  /** The console's own health (database, pollers, memory and disk against their limits) as health+json. */
  selfHealth(): ReturnType<typeof consoleHealth>
  /** Register cleanup (pollers, timers); run in reverse order by close(). */
  onClose(stop: () => Promise<void> | void): void
  close(): Promise<void>
}

/** Wires the service layer once: core services, then every area module in order (create, ports, handlers, start). */
export function createApp(opts: AppOptions): App {
  const clock = opts.clock ?? systemClock
  const logger = opts.logger ?? consoleLogger
  const db = openWorkspace(opts.workspacePath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  const bus = new EventBus(logger)
  const pollers = new PollerRegistry()
  const palette = new PaletteRegistry()
  const ports = new PortRegistry()
  const jobs = new JobService(db, clock, bus, logger)
  const settings = new SettingsStore(db, (key) => bus.publish('workspace:settings', { key, at: clock.now() }))
  const monitor = new SelfMonitor({ db, file: opts.workspacePath, clock, settings, logger })
  const interrupted = jobs.recover()
  if (interrupted > 0) logger.warn(`${interrupted} job(s) were running when the console stopped; they are marked interrupted`)
  const ctx: AreaContext = {
    mode: opts.mode,
    workspacePath: opts.workspacePath,
    db,
    clock,
    bus,
    logger,
    pollers,
    palette,
    jobs,
    settings,
    monitor,
    secrets: opts.secrets ?? new KeyFileSecretBox(keyFileFor(opts.workspacePath)),
    ports,
    nativeBinding: opts.nativeBinding,
    startPollers: opts.startPollers ?? opts.mode !== 'test',
    testHooks: { ...opts.testHooks, ...(opts.runCheck ? { runCheck: opts.runCheck } : {}) }
  }

  const settingKeys = new Set<string>()
  for (const m of MODULES)
    if (m.settings) {
      if (settingKeys.has(m.settings.key)) throw new Error(`two modules keep their settings under "${m.settings.key}"`)
      settingKeys.add(m.settings.key)
    }
  const services: Record<string, unknown> = {}
  const handlers: Record<string, unknown> = {}
  const tokenAuthenticators: TokenAuthenticator[] = []
  const httpRoutes: HttpRoute[] = []
  const publicRoutes: PublicRoute[] = []
  for (const m of MODULES) {
    const service = m.create(ctx)
    services[m.id] = service
    if (m.provides) ports.provide(m.provides(service as never, ctx))
  }
  for (const m of MODULES) {
    Object.assign(handlers, m.handlers(services[m.id] as never, ctx))
    if (m.palette) palette.register(m.palette(services[m.id] as never))
    if (m.tokens) tokenAuthenticators.push(m.tokens(services[m.id] as never, ctx))
    if (m.httpRoutes)
      for (const r of m.httpRoutes(services[m.id] as never)) {
        if (httpRoutes.some((o) => o.path === r.path)) throw new Error(`route ${r.path} is served twice`)
        httpRoutes.push(r)
      }
    if (m.publicRoutes) publicRoutes.push(...m.publicRoutes(services[m.id] as never, ctx))
  }

  const stops: (() => Promise<void> | void)[] = []
  for (const m of MODULES) {
    const service = services[m.id] as never
    if (m.stop) stops.push(() => m.stop!(service))
  }
  // jobs end first (their rows say `interrupted`), then the areas in reverse order, then the self-monitor
  stops.unshift(() => monitor.stop())
  stops.push(() => jobs.stop())
  const app = {
    ...(services as ModuleServices<typeof MODULES>),
    mode: opts.mode,
    startedAt: clock.now(),
    db,
    bus,
    clock,
    logger,
    palette,
    pollers,
    jobs,
    ports,
    monitor,
    secrets: ctx.secrets,
    handlers: handlers as HandlerMap,
    scopedToken: (token: string) => authenticateScoped(tokenAuthenticators, token),
    httpRoutes,
    publicRoutes,
    selfHealth: () => consoleHealth(db, pollers, clock.now(), monitor),
    onClose: (stop: () => Promise<void> | void) => void stops.push(stop),
    async close() {
      for (const stop of stops.reverse()) await stop()
      if (db.open) {
        db.pragma('optimize')
        db.close()
      }
    }
  } satisfies App
  for (const m of MODULES) m.start?.(services[m.id] as never, ctx)
  if (ctx.startPollers) monitor.start()
  return app
}
