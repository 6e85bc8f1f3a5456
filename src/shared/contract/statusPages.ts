/** Public status pages: a chosen group of services shown read-only, without the token, at /status/<slug> in serve mode. */
import { z } from 'zod'
import { command, query } from './define'

const id = z.int().positive()
const epochMs = z.number().int().min(0).max(8.64e15)

export const STATUS_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/

export const StatusPageInput = z.strictObject({
  slug: z.string().trim().regex(STATUS_SLUG, 'use 1 to 64 lower-case letters, digits and dashes (not at either end)'),
  title: z.string().trim().min(1, 'must not be empty').max(120),
  description: z.string().trim().max(2000).default(''),
  serviceIds: z.array(id).min(1, 'pick at least one service').max(200)
})
export type StatusPageInput = z.input<typeof StatusPageInput>

export const StatusNoteInput = z.strictObject({
  pageId: id,
  title: z.string().trim().min(1, 'must not be empty').max(200),
  body: z.string().trim().max(5000).default(''),
  /** When it happened (default: now). */
  at: epochMs.optional()
})

const Note = z.object({ id: z.number(), at: z.number(), title: z.string(), body: z.string() })

export const StatusPageView = z.object({
  id: z.number(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  serviceIds: z.array(z.number()),
  serviceNames: z.array(z.string()),
  /** The page's path on a serve-mode server (no token needed). */
  path: z.string(),
  notes: z.array(Note),
  updatedAt: z.number()
})
export type StatusPageView = z.infer<typeof StatusPageView>

/** What the public page shows (and its JSON holds): names, states, daily uptime and notes, nothing else. */
export const PublicStatus = z.object({
  title: z.string(),
  description: z.string(),
  generatedAt: z.number(),
  /** The worst state of the page's services. */
  state: z.string(),
  services: z.array(
    z.object({
      name: z.string(),
      state: z.string(),
      /** Uptime over the days shown (0–1), null without data. */
      uptime: z.number().nullable(),
      /** One entry per UTC day, oldest first, the last one today. */
      days: z.array(z.object({ day: z.string(), uptime: z.number().nullable(), checks: z.number() }))
    })
  ),
  notes: z.array(z.object({ at: z.number(), title: z.string(), body: z.string() }))
})
export type PublicStatus = z.infer<typeof PublicStatus>

export const statusPageChannels = {
  'statusPages:list': query(
    'Public status pages with their services and incident notes',
    z.strictObject({}).optional(),
    z.array(StatusPageView)
  ),
  'statusPages:save': command(
    'Create a status page (no id) or change one: slug, title, description and the services it shows',
    StatusPageInput.extend({ id: id.optional() }),
    z.object({ id: z.number() })
  ),
  'statusPages:delete': command('Delete a status page and its notes', z.strictObject({ id }), z.object({ id: z.number() })),
  'statusPages:addNote': command('Add an incident note to a status page', StatusNoteInput, z.object({ id: z.number() })),
  'statusPages:deleteNote': command('Delete an incident note', z.strictObject({ id }), z.object({ id: z.number() })),
  'statusPages:preview': query('What the public page shows now, as its JSON', z.strictObject({ id }), PublicStatus)
} as const
