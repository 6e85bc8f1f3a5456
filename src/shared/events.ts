import type { z } from 'zod'
import { events } from './contract'

/** Typed pushes on the service layer's bus; `view` events also reach every open window. Declared per area in the contract. */
export { events }
export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.infer<Events[E]['schema']>
export const EVENT_NAMES = Object.keys(events) as EventName[]
export const VIEW_EVENT_NAMES = EVENT_NAMES.filter((e) => events[e].scope === 'view')
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)
export const isViewEvent = (name: unknown): name is EventName => isEventName(name) && events[name].scope === 'view'
