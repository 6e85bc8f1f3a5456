import type { z } from 'zod'
import { channels, isChannelName, type ChannelName } from '../../shared/contract'
import { AppError, type Envelope } from '../../shared/errors'
import type { Logger } from '../core/log'
import type { CallMeta, HandlerMap } from '../core/handlers'
import type { CallAudit, CallTrail } from '../core/callAudit'
import { checkDataRoots, checkPath, type DataRootPolicy } from './dataRoots'
import { fieldIssues } from '../../shared/issues'
import { roleRefusal } from '../team/roles'

export interface DispatchOptions {
  logger: Logger
  /** Check outputs against the contract too (tests); costs time on large payloads. */
  checkOutput?: boolean
  /** Serve mode with --allow-remote or --data-root: every path field of an input must lie inside these folders. */
  dataRoots?: DataRootPolicy | undefined
  /** Channels this server refuses, with the reason (serve --allow-remote without --allow-jobs: defining jobs). */
  locked?: { channels: ReadonlySet<string>; reason: string } | undefined
  /** Records every command call, refused and failed ones too (services/audit). */
  audit?: CallAudit | undefined
}

/** Turns zod's issues into one VALIDATION error: `field: message` of the first, and every issue in `issues`, in plain words. */
export function validationError(error: z.ZodError): AppError {
  const issues = fieldIssues(error)
  const first = issues[0]
  if (!first) return new AppError('VALIDATION', 'input is invalid', 'input')
  return new AppError('VALIDATION', `${first.field}: ${first.message}`, first.field, issues)
}

/** Validate → call → envelope. The one entry point both transports use. */
export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  rawInput: unknown,
  meta: CallMeta,
  opts: DispatchOptions
): Promise<Envelope<unknown>> {
  if (!isChannelName(channel)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}` } }
  }
  const trail = opts.audit?.start(channel, meta, handlers)
  if (!trail) return call(handlers, channel, rawInput, meta, opts)
  const envelope = await call(handlers, channel, rawInput, meta, opts, trail)
  await trail.end(rawInput, envelope)
  return envelope
}

async function call(
  handlers: HandlerMap,
  channel: ChannelName,
  rawInput: unknown,
  meta: CallMeta,
  opts: DispatchOptions,
  trail?: CallTrail
): Promise<Envelope<unknown>> {
  if (opts.locked?.channels.has(channel)) return { ok: false, error: { code: 'FORBIDDEN', message: `${channel}: ${opts.locked.reason}` } }
  // roles before validation: a caller may not learn a channel's input shape through a call it may not make
  const refusal = meta.caller ? roleRefusal(meta.caller, channel) : null
  if (refusal) return { ok: false, error: refusal.toBody() }
  const def = channels[channel]
  const parsed = def.input.safeParse(rawInput)
  if (!parsed.success) return { ok: false, error: validationError(parsed.error).toBody() }
  const policy = opts.dataRoots
  if (policy) {
    const outside = checkDataRoots(channel, parsed.data, policy)
    if (outside) return { ok: false, error: outside.toBody() }
    meta = {
      ...meta,
      confinePath: (p, field) => {
        const error = checkPath(p, field, policy)
        if (error) throw error
      }
    }
  }
  try {
    const handler = handlers[channel] as (input: unknown, meta: CallMeta) => unknown
    await trail?.before(parsed.data)
    const data = await handler(parsed.data, meta)
    if (opts.checkOutput) {
      const out = def.output.safeParse(data)
      if (!out.success) throw new Error(`output of ${channel} breaks its contract: ${out.error.message}`)
    }
    return { ok: true, data }
  } catch (err) {
    return { ok: false, error: toErrorBody(err, channel, opts.logger) }
  }
}

export function toErrorBody(err: unknown, channel: ChannelName | string, logger: Logger) {
  if (err instanceof AppError) return err.toBody()
  if (err instanceof Error && err.name === 'AbortError') return { code: 'CANCELLED' as const, message: 'cancelled' }
  logger.error(`channel ${channel} failed`, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  return { code: 'INTERNAL' as const, message: `internal error in ${channel}: ${err instanceof Error ? err.message : String(err)}` }
}
