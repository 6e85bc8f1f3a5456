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
  'alerts:changed': z.object({ at: z.number(), alertIds: z.array(z.number()), reason: z.string() }),
  'alerts:config': z.object({ at: z.number() }),
  'drift:detected': z.object({
    checkId: z.number(),
    checkName: z.string(),
    model: z.string(),
    version: z.string(),
    share: z.number(),
    driftedColumns: z.array(z.string()),
    runId: z.number(),
    at: z.number()
  }),
  'costs:budget': z.object({
    budgetId: z.number(),
    name: z.string(),
    threshold: z.number(),
    basis: z.enum(['actual', 'forecast']),
    amount: z.number(),
    budget: z.number(),
    currency: z.string(),
    period: z.string()
  }),
  'costs:report': z.object({ scheduleId: z.number(), subject: z.string(), csv: z.string(), html: z.string() }),
  'models:changed': z.object({
    modelId: z.number(),
    versionId: z.number().optional(),
    kind: z.enum(['stage', 'alias', 'version', 'import', 'evaluation']),
    description: z.string()
  }),
  'notify:desktop': z.object({ title: z.string(), body: z.string(), route: z.string().optional() }),
  'job:progress': z.object({
    jobId: z.string(),
    kind: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    message: z.string().optional(),
    state: z.enum(['running', 'done', 'failed', 'cancelled'])
  }),
  /** Progress and end of a drift check run (the UI's run panel). */
  'drift:run': z.object({
    checkId: z.number(),
    runId: z.number(),
    jobId: z.string(),
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
    done: z.number(),
    total: z.number().nullable(),
    message: z.string().optional(),
    share: z.number().nullable(),
    at: z.number()
  })
} as const

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.infer<Events[E]>
export const EVENT_NAMES = Object.keys(events) as EventName[]
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)
