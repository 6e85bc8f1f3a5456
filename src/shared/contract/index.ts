import type { z } from 'zod'
import { alertsChannels } from './alerts'
import { driftChannels } from './drift'
import { costsChannels } from './costs'
import { healthChannels } from './health'
import { modelsChannels } from './models'
import { systemChannels, workspaceChannels } from './system'
import type { ChannelDef } from './define'

/** The one channel map: every `area:verb` the console answers. */
export const channels = {
  ...systemChannels,
  ...workspaceChannels,
  ...healthChannels,
  ...alertsChannels,
  ...modelsChannels,
  ...driftChannels,
  ...costsChannels
} as const satisfies Record<string, ChannelDef>

export type Channels = typeof channels
export type ChannelName = keyof Channels
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[]
export const isChannelName = (name: unknown): name is ChannelName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)

export * from './define'
export * from './system'
export * from './health'
export * from './costs'
export * from './drift'
export * from './alerts'
export * from './models'
