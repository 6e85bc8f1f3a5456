/** The audit log: records every command call through the dispatch hook, with before/after for registered objects. */
import type { z } from 'zod'
import type { AuditEntry, AuditSearchInput } from '../../../shared/contract/audit'
import type { ChannelName } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'
import type { CallAudit, CallTrail } from '../../core/callAudit'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { CallMeta, HandlerMap } from '../../core/handlers'
import type { Logger } from '../../core/log'
import { channels } from '../../../shared/contract'
import { BEFORE_AFTER, type ObjectRead, type QueryCall } from './reads'
import { redact } from './redact'
import { AuditRepo, type AuditRow } from './repo'

export interface AuditLimits {
  retentionDays: number
  maxRows: number
}

export interface AuditDeps {
  db: ConstructorParameters<typeof AuditRepo>[0]
  clock: Clock
  bus: EventBus
  logger: Logger
  limits: () => AuditLimits
}

/** A stored JSON field stays under this many characters; larger values keep their head and size. */
const MAX_FIELD = 100_000
const TRIM_EVERY = 200
const DAY_MS = 86_400_000

function stored(value: unknown): string | null {
  if (value === undefined) return null
  const text = JSON.stringify(redact(value)) ?? null
  if (text === null || text.length <= MAX_FIELD) return text
  return JSON.stringify({ truncated: true, chars: text.length, head: text.slice(0, 2000) })
}
const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text))

/** The object a call names when no read is registered: its id, uid or name. */
function objectFromInput(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null
  const i = input as Record<string, unknown>
  for (const k of ['uid', 'id', 'name', 'slug'] as const)
    if (typeof i[k] === 'string' || typeof i[k] === 'number') return `${k} ${String(i[k])}`
  return null
}

export class AuditService implements CallAudit {
  readonly repo: AuditRepo
  private inserted = 0

  constructor(private deps: AuditDeps) {
    this.repo = new AuditRepo(deps.db)
  }

  start(channel: ChannelName, meta: CallMeta, handlers: HandlerMap): CallTrail | undefined {
    if (channels[channel].kind !== 'command') return undefined
    const startedAt = this.deps.clock.now()
    const reader = BEFORE_AFTER[channel]
    const call: QueryCall = async (c, input) => (await (handlers[c] as (i: unknown, m: CallMeta) => unknown)(input, meta)) as never
    let input: unknown
    let before: unknown
    return {
      before: async (i) => {
        input = i
        if (reader) before = await this.readState(reader, call, reader.key(i))
      },
      end: async (rawInput, envelope) => {
        try {
          const after = reader && envelope.ok ? await this.readState(reader, call, reader.key(input, envelope.data)) : undefined
          this.record(channel, meta, input ?? rawInput, envelope, startedAt, reader, before, after)
        } catch (err) {
          this.deps.logger.error(`audit: could not record ${channel}`, { error: String(err) })
        }
      }
    }
  }

  private async readState(reader: ObjectRead, call: QueryCall, key: string | number | undefined): Promise<unknown> {
    if (key === undefined) return null
    try {
      return (await reader.read(call, key)) ?? null
    } catch {
      return null // gone (deleted) or not yet there
    }
  }

  private record(
    channel: ChannelName,
    meta: CallMeta,
    input: unknown,
    envelope: Envelope<unknown>,
    startedAt: number,
    reader: ObjectRead | undefined,
    before: unknown,
    after: unknown
  ): void {
    const now = this.deps.clock.now()
    const caller = meta.caller
    const outcome = envelope.ok
      ? 'ok'
      : envelope.error.code === 'FORBIDDEN' || envelope.error.code === 'UNAUTHORIZED'
        ? 'refused'
        : 'failed'
    const state = after ?? before
    const key = reader?.key(input, envelope.ok ? envelope.data : undefined)
    const object = reader && key !== undefined && reader.label ? reader.label(state, key) : objectFromInput(input)
    const withStates = reader !== undefined && envelope.ok
    const id = this.repo.insert({
      at: now,
      user_id: caller?.userId ?? null,
      user_name: caller?.name ?? 'console',
      role: caller?.role ?? 'admin',
      transport: meta.transport,
      channel,
      area: channel.split(':')[0]!,
      object,
      outcome,
      error: envelope.ok ? null : `${envelope.error.code}: ${envelope.error.message}`.slice(0, 2000),
      input: stored(input) ?? 'null',
      result: envelope.ok ? stored(envelope.data) : null,
      before: withStates ? (stored(before) ?? 'null') : null,
      after: withStates ? (stored(after) ?? 'null') : null,
      duration_ms: Math.max(0, now - startedAt)
    })
    this.deps.bus.publish('audit:recorded', { id, channel, at: now })
    if (++this.inserted % TRIM_EVERY === 0) this.trim()
  }

  /** Applies the retention: rows older than the retention and beyond the row cap go. */
  trim(): number {
    const { retentionDays, maxRows } = this.deps.limits()
    return this.repo.trim(this.deps.clock.now() - retentionDays * DAY_MS, maxRows)
  }

  search(input: z.output<typeof AuditSearchInput> | undefined) {
    const f = input ?? { limit: 50, offset: 0 }
    const { total, rows } = this.repo.search(f)
    return { total, entries: rows.map(toEntry), ...this.deps.limits() }
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    userName: r.user_name,
    role: r.role as AuditEntry['role'],
    transport: r.transport,
    channel: r.channel,
    area: r.area,
    object: r.object,
    outcome: r.outcome,
    error: r.error,
    input: parsed(r.input),
    result: parsed(r.result),
    before: parsed(r.before),
    after: parsed(r.after),
    hasBeforeAfter: r.before !== null || r.after !== null,
    durationMs: r.duration_ms
  }
}
