import type { EventPayload } from '../shared/events'
import { EventBus } from './core/bus'
import { systemClock, type Clock } from './core/clock'
import { consoleHealth } from './core/health'
import { consoleLogger, type Logger } from './core/log'
import { PaletteRegistry } from './core/palette'
import { PollerRegistry } from './core/pollers'
import type { Db } from './db/open'
import { openWorkspace } from './db/workspace'
import { buildHandlers } from './handlers'
import type { HandlerMap } from './handlers/types'
import { keyFileFor, KeyFileSecretBox, type SecretBox } from './core/secrets'
import { AlertService } from './services/alerts/service'
import { CostsService } from './services/costs/service'
import { DriftService } from './services/drift/service'
import { HealthService, type RunCheck } from './services/health/service'
import { ModelsService } from './services/models/service'
import { WorkspaceService } from './services/workspace/service'
import { costsWorkerExecutor, workerExecutor } from './workers/pool'

export type AppMode = 'desktop' | 'serve' | 'test'

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
}

/** The service layer, wired once; both transports sit on top of `handlers`. */
export interface App {
  mode: AppMode
  startedAt: number
  db: Db
  bus: EventBus
  clock: Clock
  logger: Logger
  palette: PaletteRegistry
  pollers: PollerRegistry
  workspace: WorkspaceService
  health: HealthService
  drift: DriftService
  costs: CostsService
  alerts: AlertService
  models: ModelsService
  /** Where channel secrets are sealed (shown in Settings). */
  secrets: SecretBox
  handlers: HandlerMap
  /** The console's own health (database, pollers) as health+json. */
  selfHealth(): ReturnType<typeof consoleHealth>
  /** Register cleanup (pollers, timers); run in reverse order by close(). */
  onClose(stop: () => Promise<void> | void): void
  close(): Promise<void>
}

export function createApp(opts: AppOptions): App {
  const clock = opts.clock ?? systemClock
  const logger = opts.logger ?? consoleLogger
  const db = openWorkspace(opts.workspacePath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  const bus = new EventBus()
  const pollers = new PollerRegistry()
  const stops: (() => Promise<void> | void)[] = []
  const secrets = opts.secrets ?? new KeyFileSecretBox(keyFileFor(opts.workspacePath))
  const app = {
    mode: opts.mode,
    startedAt: clock.now(),
    db,
    bus,
    clock,
    logger,
    palette: new PaletteRegistry(),
    pollers,
    workspace: new WorkspaceService({
      db,
      file: opts.workspacePath,
      clock,
      bus,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
    }),
    health: new HealthService({ db, clock, bus, logger, pollers, ...(opts.runCheck ? { runCheck: opts.runCheck } : {}) }),
    drift: new DriftService({
      db,
      clock,
      bus,
      logger,
      executor: workerExecutor(),
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
    }),
    costs: new CostsService({
      db,
      clock,
      bus,
      logger,
      pollers,
      executor: costsWorkerExecutor(),
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
    }),
    alerts: undefined as unknown as AlertService,
    models: new ModelsService({ db, clock, bus, logger, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) }),
    secrets,
    handlers: undefined as unknown as HandlerMap,
    selfHealth: () => consoleHealth(db, pollers, clock.now()),
    onClose: (stop: () => Promise<void> | void) => {
      stops.push(stop)
    },
    async close() {
      for (const stop of stops.reverse()) await stop()
      if (db.open) {
        db.pragma('optimize')
        db.close()
      }
    }
  } satisfies App
  app.alerts = new AlertService({
    db,
    clock,
    bus,
    logger,
    health: app.health,
    secrets
  })
  app.handlers = buildHandlers(app)
  registerPalette(app)
  app.palette.register((q, limit) => app.models.palette(q, limit))
  bus.subscribe((name, payload) => {
    if (name === 'workspace:changed' && (payload as { reason: string }).reason === 'restored') app.health.reload()
    if (name === 'costs:report') void emailCostReport(app, payload as EventPayload<'costs:report'>)
  })
  stops.push(() => app.health.stop())
  stops.push(() => app.drift.stop())
  if (opts.startPollers ?? opts.mode !== 'test') app.drift.start()
  app.alerts.start()
  stops.push(() => app.alerts.stop())
  if (opts.startPollers ?? opts.mode !== 'test') app.health.start()
  stops.push(() => app.costs.stop())
  if (opts.startPollers ?? opts.mode !== 'test') app.costs.start()
  return app
}

/** Scheduled cost reports go out through the alerting area's e-mail channels, to the schedule's recipients. */
async function emailCostReport(app: App, r: EventPayload<'costs:report'>): Promise<void> {
  const schedule = app.costs.schedules().find((s) => s.id === r.scheduleId)
  try {
    await app.alerts.sendReport({ subject: r.subject, html: r.html, csv: r.csv, recipients: schedule?.recipients ?? [] })
  } catch (err) {
    app.logger.error('cost report e-mail failed', { error: String(err) })
  }
}

function registerPalette(app: App): void {
  app.palette.register((q, limit) =>
    app.health
      .directory()
      .services.filter((s) => !q || s.name.toLowerCase().includes(q) || s.environment.toLowerCase().includes(q))
      .slice(0, limit)
      .map((s) => ({ kind: 'service', id: String(s.id), title: s.name, subtitle: s.environment, route: `/services/${s.id}` }))
  )
}
