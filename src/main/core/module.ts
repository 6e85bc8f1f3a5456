/**
 * An area module declares in one place what an area brings to the service layer: its contract channels and their
 * handlers, its service's start and stop, the events it publishes, palette entries, settings and the ports it offers
 * other areas. `src/main/modules.ts` lists the modules; `createApp` wires them in that order.
 */
import type { ChannelDef, ChannelName } from '../../shared/contract'
import type { EventName } from '../../shared/events'
import type { Db } from '../db/open'
import type { EventBus } from './bus'
import type { Clock } from './clock'
import type { HandlersFor } from './handlers'
import type { TokenAuthenticator } from './hooks'
import type { HttpRoute, PublicRoute } from './httpRoutes'
import type { JobService } from './jobs'
import type { Logger } from './log'
import type { PaletteProvider, PaletteRegistry } from './palette'
import type { PollerRegistry } from './pollers'
import type { PortRegistry, Ports } from './ports'
import type { SecretBox } from './secrets'
import type { SelfMonitor } from './selfMonitor'
import type { SettingsDef, SettingsStore } from './settings'

export type AppMode = 'desktop' | 'serve' | 'test'

/** What every area gets from the app; nothing else crosses into an area. */
export interface AreaContext {
  mode: AppMode
  workspacePath: string
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  pollers: PollerRegistry
  palette: PaletteRegistry
  jobs: JobService
  settings: SettingsStore
  /** The console's own resource samples and limits. */
  monitor: SelfMonitor
  secrets: SecretBox
  ports: PortRegistry
  /** better_sqlite3.node for connections opened by workers. */
  nativeBinding?: string | undefined
  /** Pollers and schedules run (not in unit tests unless asked). */
  startPollers: boolean
  /** Stand-ins that tests and benchmarks hand to an area (e.g. health's `runCheck`), by name. */
  testHooks: Readonly<Record<string, unknown>>
}

export interface AreaModule<Id extends string, S, C extends ChannelName> {
  id: Id
  /** The area's channel map from its contract file: the handlers must answer exactly these. */
  channels: { readonly [K in C]: ChannelDef }
  /** Events this area publishes (declared in its contract file). */
  emits: readonly EventName[]
  create(ctx: AreaContext): S
  handlers(service: S, ctx: AreaContext): HandlersFor<C>
  /** Narrow interfaces for other areas (see core/ports.ts). */
  provides?(service: S, ctx: AreaContext): Partial<Ports>
  /** After every module is created: timers, pollers, subscriptions. */
  start?(service: S, ctx: AreaContext): void
  /** In reverse order of the module list. */
  stop?(service: S): Promise<void> | void
  /** Objects the command palette can jump to. */
  palette?(service: S): PaletteProvider
  /** Recognises the scoped tokens the area issues (CI, probe agents); routes declare which scope they accept. */
  tokens?(service: S, ctx: AreaContext): TokenAuthenticator
  /** The area's settings (one validated row of the settings table, read and written through `ctx.settings`). */
  settings?: SettingsDef
  /** HTTP routes in serve mode (hooks for machines too: core/hooks.ts), each with the token scope it accepts (core/httpRoutes.ts). */
  httpRoutes?(service: S): HttpRoute[]
  /** Read-only GET pages anyone may open in serve mode WITHOUT the token (public status pages); see core/httpRoutes.ts. */
  publicRoutes?(service: S, ctx: AreaContext): PublicRoute[]
}

export type AnyAreaModule = AreaModule<string, any, any>

/** Declares a module; the types of its service and channels are inferred. */
export const defineModule = <Id extends string, S, C extends ChannelName>(m: AreaModule<Id, S, C>): AreaModule<Id, S, C> => m

export type ModuleServices<M extends readonly AnyAreaModule[]> = {
  [K in M[number] as K['id']]: K extends AreaModule<string, infer S, any> ? S : never
}
type ChannelsOf<M> = M extends AreaModule<string, any, infer C> ? C : never
export type ModuleChannels<M extends readonly AnyAreaModule[]> = ChannelsOf<M[number]>
