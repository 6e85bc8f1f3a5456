import { z } from 'zod'

/** Typed pushes from main to every open view. */
export const events = {
  'workspace:changed': z.object({ reason: z.enum(['renamed', 'restored']), at: z.number() }),
  'health:changed': z.object({
    at: z.number(),
    checkIds: z.array(z.number()),
    serviceIds: z.array(z.number()),
    transitions: z.array(z.object({ checkId: z.number(), serviceId: z.number(), from: z.string(), to: z.string() }))
  }),
  'health:config': z.object({ at: z.number() }),
  'notify:desktop': z.object({ title: z.string(), body: z.string(), route: z.string().optional() }),
  'job:progress': z.object({
    jobId: z.string(),
    kind: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    message: z.string().optional(),
    state: z.enum(['running', 'done', 'failed', 'cancelled'])
  })
} as const

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.infer<Events[E]>
export const EVENT_NAMES = Object.keys(events) as EventName[]
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)
