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
import { HealthService, type RunCheck } from './services/health/service'
import { WorkspaceService } from './services/workspace/service'

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
  app.handlers = buildHandlers(app)
  registerPalette(app)
  bus.subscribe((name, payload) => {
    if (name === 'workspace:changed' && (payload as { reason: string }).reason === 'restored') app.health.reload()
  })
  stops.push(() => app.health.stop())
  if (opts.startPollers ?? opts.mode !== 'test') app.health.start()
  return app
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
