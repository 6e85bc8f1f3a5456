/**
 * Extensions' webhooks: POST /api/hooks/ext/<extension id>/<name> for other products (GitHub's deployment events).
 * Served without the console's token: the extension checks each request's signature itself (its settings hold the
 * secret) and answers with a status and a JSON body. Cookies and Authorization never reach it.
 */
import { z } from 'zod'
import { notFound } from '../../../shared/errors'
import type { HttpRoute } from '../../core/httpRoutes'
import type { ExtensionsService } from './service'

export const EXT_HOOKS = '/api/hooks/ext/'

const Reply = z.object({ status: z.number().int().min(200).max(599), body: z.unknown().optional() })
const HIDDEN = new Set(['authorization', 'cookie', 'proxy-authorization'])

/** The request headers an extension sees: lower-case names, single values, no credentials of the console. */
export function webhookHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HIDDEN.has(k.toLowerCase())) out[k.toLowerCase()] = String(v)
  return out
}

/** Hands one request to the extension's webhook handler; its answer becomes the HTTP response. */
export async function deliverWebhook(
  ext: ExtensionsService,
  rest: string,
  headers: Record<string, string>,
  body: string
): Promise<{ status: number; body?: unknown }> {
  const m = /^([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(rest)
  const webhooks = m ? ext.list().find((e) => e.id === m[1])?.manifest.contributes.webhooks : undefined
  if (!m || !webhooks?.some((w) => w.name === m[2])) throw notFound(`webhook ${EXT_HOOKS}${rest}`)
  const raw = await ext.invoke(m[1]!, 'webhook', m[2]!, { headers, body })
  const reply = Reply.safeParse(raw)
  if (!reply.success) return { status: 502, body: { ok: false, error: `the extension ${m[1]} answered no { status, body }` } }
  return reply.data.body === undefined ? { status: reply.data.status } : { status: reply.data.status, body: reply.data.body }
}

export function extensionWebhookRoute(ext: ExtensionsService): HttpRoute {
  return {
    method: 'POST',
    path: EXT_HOOKS,
    prefix: true,
    auth: 'self',
    summary: "An extension's webhook (/api/hooks/ext/<extension id>/<name>); the extension checks the request's signature",
    contentTypes: ['application/json'],
    handle: (req) => deliverWebhook(ext, req.path.slice(EXT_HOOKS.length), webhookHeaders(req.headers), req.body.toString('utf8'))
  }
}
