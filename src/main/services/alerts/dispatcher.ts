import type { ChannelConfig } from '../../../shared/contract'
import type { ExtChannelDeliverer } from './api'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { SecretBox } from '../../core/secrets'
import type { Db } from '../../db/open'
import { sendEmail } from './notify/email'
import { DeliveryError } from './notify/http'
import { failingSaid, titleOf, type AlertMessage } from './notify/message'
import { sendWebhook } from './notify/webhook'

export interface ChannelRow {
  id: number
  name: string
  kind: string
  config: string
  secret: Buffer | null
  enabled: number
}

export interface DeliveryResult {
  ok: boolean
  error: string | null
  responseCode: number | null
  durationMs: number
  attempts: number
}

export type EmailExtra = Parameters<typeof sendEmail>[4]

const PER_CHANNEL = 4
const TIMEOUT_MS = 10_000
/** The channel kinds of the built-in extensions that deliver Slack and PagerDuty. */
const BUILTIN_KIND = { slack: 'ext:slack/slack', pagerduty: 'ext:pagerduty/pagerduty' } as const

/**
 * Sends notifications off the rule engine's path: each channel has its own small queue, so a channel
 * that times out or fails never delays another channel or the engine. Every attempt is logged.
 */
export class Dispatcher {
  private queues = new Map<number, { running: number; waiting: (() => void)[] }>()
  private pending = new Set<Promise<unknown>>()
  /** Delivers to `ext:` channel kinds (set by the extensions area through the alertChannelKinds port). */
  extDeliverer: ExtChannelDeliverer | null = null

  constructor(
    private deps: { db: Db; clock: Clock; bus: EventBus; logger: Logger; secrets: SecretBox },
    private backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1))
  ) {}

  /** Queue a delivery and return at once. */
  enqueue(channel: ChannelRow, message: AlertMessage, onDone?: (r: DeliveryResult) => void): void {
    const p = this.run(channel, message)
      .then((r) => onDone?.(r))
      .catch((err: unknown) => this.deps.logger.error('alerts: recording a delivery failed', { channel: channel.name, error: String(err) }))
    this.pending.add(p)
    void p.finally(() => this.pending.delete(p))
  }

  /** Send and wait (the "send test" action, tests). */
  async deliver(channel: ChannelRow, message: AlertMessage, email?: EmailExtra): Promise<DeliveryResult> {
    return this.run(channel, message, email)
  }

  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  private async slot(channelId: number): Promise<() => void> {
    let q = this.queues.get(channelId)
    if (!q) this.queues.set(channelId, (q = { running: 0, waiting: [] }))
    const queue = q
    if (queue.running >= PER_CHANNEL) await new Promise<void>((r) => queue.waiting.push(r))
    queue.running++
    return () => {
      queue.running--
      queue.waiting.shift()?.()
    }
  }

  private async run(channel: ChannelRow, message: AlertMessage, email?: EmailExtra): Promise<DeliveryResult> {
    const release = await this.slot(channel.id)
    const { db, clock } = this.deps
    const started = performance.now()
    const deliveryId = Number(
      db
        .prepare("INSERT INTO deliveries (alert_id, channel_id, event, at, attempts, status) VALUES (?, ?, ?, ?, 0, 'sending')")
        .run(message.alertId || null, channel.id, message.event, clock.now()).lastInsertRowid
    )
    const config = JSON.parse(channel.config) as ChannelConfig
    const maxAttempts = config.kind === 'webhook' ? config.retries + 1 : config.kind === 'desktop' ? 1 : 2
    let attempts = 0
    let result: DeliveryResult = { ok: false, error: 'not sent', responseCode: null, durationMs: 0, attempts: 0 }
    try {
      for (;;) {
        attempts++
        try {
          const { code } = await this.sendOnce(channel, config, message, email)
          result = { ok: true, error: null, responseCode: code, durationMs: performance.now() - started, attempts }
          break
        } catch (err) {
          const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, null, false)
          result = { ok: false, error: e.message, responseCode: e.code, durationMs: performance.now() - started, attempts }
          db.prepare('UPDATE deliveries SET attempts = ?, error = ?, response_code = ? WHERE id = ?').run(
            attempts,
            e.message,
            e.code,
            deliveryId
          )
          if (!e.retryable || attempts >= maxAttempts) break
          await new Promise((r) => setTimeout(r, this.backoffMs(attempts)))
        }
      }
    } finally {
      release()
    }
    db.prepare('UPDATE deliveries SET attempts = ?, status = ?, error = ?, response_code = ?, duration_ms = ? WHERE id = ?').run(
      attempts,
      result.ok ? 'ok' : 'failed',
      result.error,
      result.responseCode,
      result.durationMs,
      deliveryId
    )
    if (!result.ok) this.deps.logger.warn(`notification via ${channel.name} failed`, { error: result.error })
    return result
  }

  private secret(channel: ChannelRow): string | null {
    if (!channel.secret) return null
    try {
      return this.deps.secrets.decrypt(channel.secret)
    } catch (err) {
      throw new DeliveryError(`the channel's secret cannot be read here (${(err as Error).message}); enter it again`, null, false)
    }
  }

  private async sendOnce(
    channel: ChannelRow,
    config: ChannelConfig,
    m: AlertMessage,
    email?: EmailExtra
  ): Promise<{ code: number | null }> {
    const need = (what: string): string => {
      const s = this.secret(channel)
      if (!s) throw new DeliveryError(`no ${what} set for this channel`, null, false)
      return s
    }
    switch (config.kind) {
      case 'desktop':
        this.deps.bus.publish('notify:desktop', {
          title: titleOf(m),
          body: m.summary,
          route: m.route,
          tone: m.event === 'resolve' ? 'resolved' : m.event === 'trigger' || m.event === 'reminder' ? 'firing' : 'info'
        })
        return { code: null }
      // Slack and PagerDuty are delivered by the built-in extensions of those names (extensions/builtin/)
      case 'slack':
        return this.viaExtension(BUILTIN_KIND.slack, { channel: config.channel }, need('webhook URL'), m)
      case 'pagerduty':
        return this.viaExtension(BUILTIN_KIND.pagerduty, { eventsUrl: config.eventsUrl, source: config.source }, need('routing key'), m)
      case 'webhook':
        return sendWebhook(need('webhook URL'), config.headers, m, config.timeoutMs, this.deps.clock.now())
      case 'email':
        return sendEmail(config, this.secret(channel), m, TIMEOUT_MS, email)
      default:
        return this.viaExtension(config.kind, config.settings, this.secret(channel), m)
    }
  }

  /** A delivery an extension makes (in its own process); the secret goes with this one call only. */
  private async viaExtension(
    kind: string,
    settings: Record<string, unknown>,
    secret: string | null,
    m: AlertMessage
  ): Promise<{ code: number | null }> {
    if (!this.extDeliverer) throw new DeliveryError(`no extension delivers ${kind}: the extensions runtime is not running`, null, false)
    let r: Awaited<ReturnType<ExtChannelDeliverer>>
    try {
      r = await this.extDeliverer(kind, settings, { ...m, title: titleOf(m), failing: failingSaid(m) }, secret)
    } catch (err) {
      throw new DeliveryError(`${kind}: ${(err as Error).message}`, null, false)
    }
    if (r.error !== null) throw new DeliveryError(r.error, r.code, r.retryable)
    return { code: r.code }
  }
}
