/**
 * Notification destinations (the contract calls them alert channels): desktop, e-mail, Slack, PagerDuty, webhook.
 * Secrets are sealed at rest and only a hint is ever sent back. Also the delivery log and report e-mails.
 */
import type { z } from 'zod'
import type { ChannelConfig, NotifyChannelInput } from '../../../shared/contract'
import { conflict, invalid, notFound } from '../../../shared/errors'
import { secretHint } from '../../core/secrets'
import type { ChannelRow, DeliveryResult, Dispatcher } from './dispatcher'
import { testMessage } from './notify/message'
import { baseUrlOf, describeTarget, type AlertParts } from './parts'
import type { DeliveryRow } from './repo'

export type DeliveryRecord = Omit<DeliveryRow, 'alertTarget'> & { ok: boolean }

/** A secret that cannot be what its destination needs is refused before it is sealed. */
export function validateSecret(config: ChannelConfig, secret: string | undefined, field = 'secret'): void {
  if (secret === undefined) return
  const first = secret.split('\n')[0]!.trim()
  if ((config.kind === 'slack' || config.kind === 'webhook') && !/^https?:\/\/\S+$/.test(first))
    throw invalid(field, `must be the ${config.kind} webhook URL (http or https)`)
  if (config.kind === 'pagerduty' && !/^[A-Za-z0-9]{20,64}$/.test(first))
    throw invalid(field, 'must be a PagerDuty integration (routing) key of 32 characters')
}

export class AlertDestinations {
  constructor(
    private parts: AlertParts,
    private dispatcher: Dispatcher,
    /** Hands the current rules to the engine (a deleted destination leaves its rules). */
    private reloadRules: () => void
  ) {}

  ensureDesktop(): void {
    if (!this.parts.repo.channels().some((c) => c.builtin === 1)) this.parts.repo.insertDesktopChannel(this.parts.deps.clock.now())
  }

  list() {
    const last = this.parts.repo.lastDeliveries()
    return this.parts.repo.channels().map((c) => {
      const d = last.get(c.id)
      return {
        id: c.id,
        name: c.name,
        kind: c.kind as ChannelConfig['kind'],
        config: JSON.parse(c.config) as Record<string, unknown>,
        hasSecret: c.secret !== null,
        secretHint: c.secret_hint,
        enabled: c.enabled === 1,
        builtin: c.builtin === 1,
        lastDelivery: d ? { at: d.at, ok: d.status === 'ok', error: d.error } : null
      }
    })
  }

  create(input: z.output<typeof NotifyChannelInput>): { id: number } {
    const { deps, repo, changes } = this.parts
    validateSecret(input.config, input.secret)
    if (repo.channels().some((c) => c.name === input.name)) throw conflict(`a channel named "${input.name}" already exists`)
    const id = repo.insertChannel(
      {
        name: input.name,
        kind: input.config.kind,
        config: JSON.stringify(input.config),
        secret: input.secret ? deps.secrets.encrypt(input.secret) : null,
        secretHint: input.secret ? secretHint(input.secret) : null,
        enabled: input.enabled
      },
      deps.clock.now()
    )
    changes.config()
    return { id }
  }

  update(id: number, input: z.output<typeof NotifyChannelInput>): { id: number } {
    const { deps, repo, changes } = this.parts
    const old = repo.channel(id)
    if (!old) throw notFound(`channel ${id}`)
    if (old.kind !== input.config.kind)
      throw invalid('config.kind', `a ${old.kind} channel cannot become ${input.config.kind}; create a new channel`)
    validateSecret(input.config, input.secret)
    if (repo.channels().some((c) => c.name === input.name && c.id !== id)) throw conflict(`a channel named "${input.name}" already exists`)
    const keep = input.secret === undefined
    repo.updateChannel(id, {
      name: input.name,
      config: JSON.stringify(input.config),
      secret: keep ? old.secret : deps.secrets.encrypt(input.secret!),
      secretHint: keep ? old.secret_hint : secretHint(input.secret!),
      enabled: input.enabled
    })
    changes.config()
    return { id }
  }

  delete(id: number): { id: number } {
    const { repo, changes } = this.parts
    const old = repo.channel(id)
    if (!old) throw notFound(`channel ${id}`)
    if (old.builtin) throw conflict('the built-in Desktop channel cannot be deleted; disable it instead')
    repo.deleteChannel(id)
    for (const r of repo.rules())
      if (r.channelIds.includes(id)) repo.updateRule(r.id, { ...r, channelIds: r.channelIds.filter((c) => c !== id) })
    this.reloadRules()
    changes.config()
    return { id }
  }

  async test(id: number): Promise<DeliveryResult> {
    const c = this.parts.repo.channel(id)
    if (!c) throw notFound(`channel ${id}`)
    const r = await this.dispatcher.deliver(c as ChannelRow, testMessage(c.name, this.parts.deps.clock.now(), baseUrlOf(this.parts.deps)))
    this.parts.changes.config()
    return r
  }

  deliveries(f: { channelId?: number | undefined; alertId?: number | undefined; limit: number }): DeliveryRecord[] {
    const { health } = this.parts.deps
    return this.parts.repo.deliveries(f).map(({ alertTarget, ...r }) => ({
      ...r,
      // "checkout is down — checkout": the rule and what it fired for, so the log reads without opening each alert
      alertName: r.alertName === null ? null : `${r.alertName}${alertTarget ? ` — ${describeTarget(health, alertTarget)}` : ''}`,
      ok: r.status === 'ok'
    }))
  }

  /**
   * E-mail a report (scheduled cost reports) through every enabled e-mail destination; `recipients`
   * replace the destination's own list when given. Logged in the delivery log like alerts.
   */
  async sendReport(r: { subject: string; html: string; csv: string; recipients: string[] }): Promise<DeliveryResult[]> {
    const { deps, repo } = this.parts
    const channels = repo.channels().filter((c) => c.kind === 'email' && c.enabled === 1)
    const now = deps.clock.now()
    const results: DeliveryResult[] = []
    for (const c of channels) {
      const config = JSON.parse(c.config) as Extract<ChannelConfig, { kind: 'email' }>
      const channel = r.recipients.length ? { ...c, config: JSON.stringify({ ...config, to: r.recipients }) } : c
      const message = { ...testMessage(c.name, now), event: 'test' as const, ruleName: r.subject, summary: r.subject, route: '/costs' }
      results.push(
        await this.dispatcher.deliver(channel, message, {
          subject: r.subject,
          html: r.html,
          text: `${r.subject}\n\nThe report is attached as CSV.`,
          attachments: [{ filename: 'cost-report.csv', content: r.csv }]
        })
      )
    }
    if (channels.length === 0) deps.logger.warn('cost report not sent: no enabled e-mail channel')
    return results
  }
}
