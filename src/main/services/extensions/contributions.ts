/**
 * Extension contributions other areas use through their ports: `ext:<id>/<kind>` health checks and alert channels.
 * A check that fails in the extension is a DOWN result naming why; a channel that fails throws (the delivery log says so).
 */
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { parseExtKind, type ExtensionManifest } from '../../../shared/extensions'
import type { CheckOutcome, ExtCheckConfig } from '../../../shared/health/types'
import type { AlertMessage, ExtDelivery } from '../alerts/api'
import { consentedOrigins } from './consent'

const CheckAnswer = z.object({
  status: z.enum(['UP', 'DEGRADED', 'DOWN']),
  latencyMs: z.number().min(0).max(3_600_000).optional(),
  error: z.string().max(2000).nullable().optional()
})

/** What a channel handler answers: the response of its request (`net.fetch`'s), or a failure it names itself. */
const ChannelAnswer = z
  .object({
    status: z.number().int().optional(),
    body: z.string().optional(),
    error: z.string().max(2000).optional(),
    retryable: z.boolean().optional()
  })
  .nullable()

type Invoke = (id: string, kind: 'check' | 'channel', name: string, payload: unknown, consented?: string[]) => Promise<unknown>

export class ContributionRunner {
  constructor(
    private manifestOf: (id: string) => ExtensionManifest,
    private invoke: Invoke
  ) {}

  async check(c: ExtCheckConfig, signal?: AbortSignal): Promise<CheckOutcome> {
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    try {
      const { extensionId, name } = this.resolve(c.kind, 'checkKinds')
      const raw = await deadline(
        this.invoke(extensionId, 'check', name, { settings: c.settings, timeoutMs: c.timeoutMs }),
        c.timeoutMs,
        signal
      )
      const answer = CheckAnswer.safeParse(raw)
      if (!answer.success) return { status: 'DOWN', latencyMs: elapsed(), error: `${c.kind} answered no {status, latencyMs, error}` }
      const { status, latencyMs, error } = answer.data
      return { status, latencyMs: latencyMs ?? elapsed(), ...(error ? { error } : {}) }
    } catch (err) {
      return { status: 'DOWN', latencyMs: elapsed(), error: `${c.kind}: ${err instanceof Error ? err.message : String(err)}` }
    }
  }

  /**
   * One delivery: the message, the destination's settings and its secret (for this call only; the extension may
   * reach the origins configured on the destination). A non-2xx answer or a named error is a failed delivery.
   */
  async deliver(
    kind: string,
    settings: Record<string, unknown>,
    m: AlertMessage & { title: string; failing: string | null },
    secret: string | null = null
  ): Promise<ExtDelivery> {
    const { extensionId, name } = this.resolve(kind, 'notificationChannels')
    const { route: _route, ...rest } = m
    const message = { ...rest, at: m.firedAt ?? m.startedAt }
    const raw = await this.invoke(extensionId, 'channel', name, { settings, secret, message }, consentedOrigins(settings, secret))
    const answer = ChannelAnswer.safeParse(raw ?? null)
    const a = answer.success ? answer.data : null
    if (a?.error) return { code: a.status ?? null, error: a.error, retryable: a.retryable ?? false }
    if (a?.status !== undefined && (a.status < 200 || a.status > 299))
      return { code: a.status, error: `HTTP ${a.status}: ${(a.body ?? '').slice(0, 200)}`, retryable: a.status >= 500 || a.status === 429 }
    return { code: a?.status ?? null, error: null, retryable: false }
  }

  private resolve(kind: string, list: 'checkKinds' | 'notificationChannels'): { extensionId: string; name: string } {
    const ref = parseExtKind(kind)
    if (!ref) throw new Error(`${kind} is not ext:<extension id>/<kind>`)
    const contributed = this.manifestOf(ref.extensionId).contributes[list].some((k) => k.name === ref.name)
    if (!contributed)
      throw new Error(`the extension ${ref.extensionId} contributes no ${list === 'checkKinds' ? 'check kind' : 'channel'} "${ref.name}"`)
    return ref
  }
}

function deadline<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    const onAbort = () => reject(new Error('check cancelled'))
    signal?.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    })
  })
}
