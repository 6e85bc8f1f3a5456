import { z } from 'zod'
import { query, viewEvent } from './define'

/** One open view: who, on which route, since when. */
export const PresenceEntry = z.object({
  /** The view's own random id (one per open window or tab). */
  clientId: z.string(),
  userId: z.number().nullable(),
  name: z.string(),
  role: z.enum(['viewer', 'editor', 'admin']),
  /** The route the view shows (`/dashboards/ops-overview`). */
  route: z.string(),
  since: z.number(),
  lastSeen: z.number()
})
export type PresenceEntry = z.infer<typeof PresenceEntry>

const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, - or _')
const route = z.string().trim().max(300).regex(/^\//, 'a route starting with /')

const PresenceList = z.object({
  /** The caller of this request, as presence names them. */
  you: z.object({ userId: z.number().nullable(), name: z.string(), role: z.enum(['viewer', 'editor', 'admin']) }),
  viewers: z.array(PresenceEntry),
  /** A view not heard from for this long disappears. */
  ttlMs: z.number()
})

/**
 * Presence is a query, not a command: a heartbeat changes nothing of the workspace (only who is looking, kept in
 * memory and expiring), so every role may send it and it is not recorded in the audit log.
 */
export const presenceChannels = {
  'presence:heartbeat': query(
    'An open view says it is still here and what it shows (every 10 s, and on each route change); leaving: it closed',
    z.strictObject({ clientId, route, leaving: z.boolean().default(false) }),
    PresenceList
  ),
  'presence:list': query('Who is looking at what now (every open view of this workspace)', z.strictObject({}).optional(), PresenceList)
} as const

export const presenceEvents = {
  /** Someone opened a view, moved to another route, or went away. */
  'presence:changed': viewEvent(z.object({ at: z.number(), viewers: z.number() }))
} as const
