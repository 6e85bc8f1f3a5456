/**
 * The console side of the extension API: every RPC call is checked against the permissions the user granted at
 * install, and a refused call fails with an error that names the missing permission (the caller logs it).
 * Network goes through `net.fetch` here, allowed for granted origins only, redirects not followed.
 */
import { z } from 'zod'
import { DeployHookInput } from '../../../shared/contract/testing'
import type { HealthReader } from '../health/api'
import type { DeployMarkerWriter } from '../testing/api'

export class PermissionDenied extends Error {
  constructor(method: string, needs: string) {
    super(`permission denied: ${method} needs "${needs}", which this extension was not granted`)
    this.name = 'PermissionDenied'
  }
}

const FetchParams = z.strictObject({
  url: z.string().url('must be an absolute http(s) URL'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().max(1_000_000).optional()
})
const SignalParams = z.strictObject({
  target: z.string().min(1).max(200),
  summary: z.string().min(1).max(1000),
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
  resolved: z.boolean().default(false),
  value: z.number().finite().nullable().default(null)
})

export interface GateDeps {
  health: Pick<HealthReader, 'services'>
  /** alerts:write: a signal for the alerts area (published on the bus). */
  signal(extensionId: string, s: z.output<typeof SignalParams>): void
  settings(extensionId: string): unknown
  /** deploys:write: deploy markers (absent: the call fails). */
  deploys?: DeployMarkerWriter
  fetchTimeoutMs: number
}

export interface Caller {
  id: string
  granted: readonly string[]
  /** For one channel delivery: `net:<origin>` of the URLs the user configured on the destination (consent by configuration). */
  consented?: readonly string[]
}

const MAX_BODY = 1_000_000

/** A deploy marker as the deploys hook takes it (`failed` flags a deployment that did not go out). */
const MarkParams = DeployHookInput

/** The permission a call needs (null: none), or an error for a call that does not exist or has bad params. */
export function permissionFor(method: string, params: unknown): string | null {
  switch (method) {
    case 'health.services':
      return 'health:read'
    case 'alerts.signal':
      return 'alerts:write'
    case 'net.fetch':
      return `net:${new URL(FetchParams.parse(params).url).origin}`
    case 'settings.get':
      return null
    case 'deploys.mark':
      return 'deploys:write'
    default:
      throw new Error(`unknown API call "${method}"`)
  }
}

export class ApiGate {
  constructor(private deps: GateDeps) {}

  /** Runs one call of extension `caller`; throws PermissionDenied beyond its grant. */
  async call(caller: Caller, method: string, params: unknown): Promise<unknown> {
    const needs = permissionFor(method, params)
    if (needs !== null && !caller.granted.includes(needs) && !caller.consented?.includes(needs)) throw new PermissionDenied(method, needs)
    switch (method) {
      case 'health.services':
        return this.deps.health.services()
      case 'alerts.signal':
        this.deps.signal(caller.id, SignalParams.parse(params))
        return { ok: true }
      case 'net.fetch':
        return this.fetch(FetchParams.parse(params))
      case 'settings.get':
        return this.deps.settings(caller.id)
      case 'deploys.mark':
        return this.mark(caller.id, MarkParams.parse(params))
    }
    return null
  }

  private mark(extensionId: string, p: z.output<typeof MarkParams>): { id: number; serviceId: number } {
    if (!this.deps.deploys) throw new Error('deploys.mark: deploy markers are not available in this console')
    const note = [p.note ?? '', `(from the extension ${extensionId})`].filter(Boolean).join('\n').slice(0, 2000)
    const r = this.deps.deploys.fromHook({ ...p, note })
    return { id: r.id, serviceId: r.serviceId }
  }

  private async fetch(p: z.output<typeof FetchParams>): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    let res: Response
    try {
      res = await fetch(p.url, {
        method: p.method,
        headers: p.headers,
        ...(p.body === undefined ? {} : { body: p.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.fetchTimeoutMs)
      })
    } catch (err) {
      // the URL stays out of the message: a destination's URL may be its secret (a Slack webhook)
      const e = err as Error & { cause?: { code?: string; message?: string } }
      if (e.name === 'TimeoutError') throw new Error(`net.fetch: timed out after ${this.deps.fetchTimeoutMs} ms`)
      throw new Error(`net.fetch: request failed (${e.cause?.code ?? e.cause?.message ?? e.message})`)
    }
    const buf = Buffer.from(await res.arrayBuffer())
    if (buf.length > MAX_BODY) throw new Error(`net.fetch: the response is larger than ${MAX_BODY} bytes`)
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: buf.toString('utf8') }
  }
}
