import type { z } from 'zod'
import { alertsChannels, alertsEvents } from './alerts'
import { auditChannels, auditEvents } from './audit'
import { costsChannels, costsEvents } from './costs'
import { dashboardsChannels, dashboardsEvents } from './dashboards'
import { discoveryChannels, discoveryEvents } from './discovery'
import { driftChannels, driftEvents } from './drift'
import { experimentsChannels, experimentsEvents } from './experiments'
import { explainChannels, explainEvents } from './explain'
import { extensionsChannels, extensionsEvents } from './extensions'
import { featuresChannels, featuresEvents } from './features'
import { healthChannels, healthEvents } from './health'
import { jobsChannels, jobsEvents } from './jobs'
import { logsChannels, logsEvents } from './logs'
import { metricsChannels, metricsEvents } from './metrics'
import { mlopsChannels, mlopsEvents } from './mlops'
import { modelsChannels, modelsEvents } from './models'
import { optimizeChannels, optimizeEvents } from './optimize'
import { presenceChannels, presenceEvents } from './presence'
import { systemChannels, workspaceChannels, workspaceEvents } from './system'
import { testingChannels, testingEvents, testingHooks } from './testing'
import type { ChannelDef, EventDef, HookDef } from './define'

/** The one channel map: every `area:verb` the console answers. An area adds its map here. */
export const channels = {
  ...systemChannels,
  ...workspaceChannels,
  ...jobsChannels,
  ...healthChannels,
  ...alertsChannels,
  ...modelsChannels,
  ...driftChannels,
  ...experimentsChannels,
  ...costsChannels,
  ...explainChannels,
  ...optimizeChannels,
  ...testingChannels,
  ...featuresChannels,
  ...logsChannels,
  ...metricsChannels,
  ...mlopsChannels,
  ...dashboardsChannels,
  ...extensionsChannels,
  ...auditChannels,
  ...presenceChannels,
  ...discoveryChannels
} as const satisfies Record<string, ChannelDef>

/** The one event map: what the service layer publishes on its bus. An area adds its map here. */
export const events = {
  ...workspaceEvents,
  ...jobsEvents,
  ...healthEvents,
  ...alertsEvents,
  ...modelsEvents,
  ...driftEvents,
  ...experimentsEvents,
  ...costsEvents,
  ...explainEvents,
  ...optimizeEvents,
  ...testingEvents,
  ...featuresEvents,
  ...logsEvents,
  ...metricsEvents,
  ...mlopsEvents,
  ...dashboardsEvents,
  ...extensionsEvents,
  ...auditEvents,
  ...presenceEvents,
  ...discoveryEvents
} as const satisfies Record<string, EventDef>

/** Endpoints for machines with scoped tokens (CI, probe agents): `POST /api/hooks/<name>`. */
export const hooks = { ...testingHooks } as const satisfies Record<string, HookDef>
export type Hooks = typeof hooks
export type HookName = keyof Hooks
export const isHookName = (name: unknown): name is HookName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(hooks, name)

export type Channels = typeof channels
export type ChannelName = keyof Channels
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[]
export const isChannelName = (name: unknown): name is ChannelName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)

export * from './define'
export * from './paths'
export * from './system'
export * from './jobs'
export * from './health'
export * from './statusPages'
export * from './costs'
export * from './drift'
export * from './alerts'
export * from './models'
export * from './experiments'
export * from './explain'
export * from './optimize'
export * from './testing'
export * from './features'
export * from './logs'
export * from './metrics'
export * from './mlops'
export * from './dashboards'
export * from './extensions'
export * from './discovery'
