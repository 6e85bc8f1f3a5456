/** The alerting area's facade: wires the engine to its parts (lifecycle, signals, rules, silences, destinations) and reads alerts. */
import type { z } from 'zod'
import type { AlertsSettings, AlertView, NotifyChannelInput, RuleInput, SilenceInput } from '../../../shared/contract'
import { notFound } from '../../../shared/errors'
import { describeCondition } from './condition'
import { AlertDestinations, type DeliveryRecord } from './destinations'
import { Dispatcher, type DeliveryResult } from './dispatcher'
import { AlertEngine } from './engine'
import { alertsFiles } from './files'
import type { ConfigFiles } from '../../core/configFiles'
import { AlertLifecycle } from './lifecycle'
import { readFailure } from './failure'
import { LogRules } from './logRules'
import { linkTo } from './notify/message'
import { AlertChanges, baseUrlOf, describeTarget, type AlertDeps, type AlertParts } from './parts'
import { AlertsRepo, type AlertRow } from './repo'
import { AlertRules } from './rules'
import { alertsSettings } from './settings'
import { AlertSignals } from './signals'
import { silencedBy } from './silences'
import { AlertSilences } from './silencing'

export type { AlertDeps } from './parts'

const baseSettings = (deps: AlertDeps): z.output<typeof AlertsSettings> => ({ baseUrl: baseUrlOf(deps) })
export type { DeliveryRecord } from './destinations'

/** Resolved alerts, their events and deliveries are kept this long, then deleted (hourly, in small batches). */
export const ALERT_HISTORY_DAYS = 90
const HISTORY_BATCH = 2000

/** Rules, alerts, silences, destinations: the alerting engine and everything around it. */
export class AlertService {
  readonly repo: AlertsRepo
  readonly engine: AlertEngine
  readonly dispatcher: Dispatcher
  private readonly parts: AlertParts
  private readonly lifecycle: AlertLifecycle
  private readonly signals: AlertSignals
  readonly logRules: LogRules
  private readonly rulesPart: AlertRules
  private readonly silencing: AlertSilences
  private readonly destinations: AlertDestinations
  private timers: NodeJS.Timeout[] = []
  private offs: (() => void)[] = []

  constructor(private deps: AlertDeps & { dispatcher?: Dispatcher }) {
    this.repo = new AlertsRepo(deps.db)
    this.parts = { deps, repo: this.repo, changes: new AlertChanges(deps) }
    this.dispatcher = deps.dispatcher ?? new Dispatcher(deps)
    this.lifecycle = new AlertLifecycle(this.parts, this.dispatcher)
    const life = this.lifecycle
    this.engine = new AlertEngine(
      deps.clock,
      {
        transition: (t, tr) => life.transition(t, tr),
        targetLabels: (s, c) => life.targetLabels(s, c),
        openAlert: (r, t) => life.openAlertState(r, t)
      },
      deps.logger
    )
    const reload = (): void => this.engine.load(this.repo.rules())
    this.signals = new AlertSignals(this.parts, this.engine)
    this.logRules = new LogRules(this.parts, this.engine, deps.logs)
    this.rulesPart = new AlertRules(this.parts, reload)
    this.silencing = new AlertSilences(this.parts)
    this.destinations = new AlertDestinations(this.parts, this.dispatcher, reload)
  }

  /** The provisioned folder's port: `*.alerts.yaml` files. */
  filesPort(): ConfigFiles {
    return alertsFiles(this.parts, () => this.engine.load(this.repo.rules()))
  }

  start(): void {
    this.destinations.ensureDesktop()
    this.rulesPart.ensureDefaultRules()
    this.engine.load(this.repo.rules())
    // one transaction per result: the rules it touches write together
    const evaluate = this.deps.db.transaction((e: Parameters<AlertEngine['onHealthResult']>[0]) => this.engine.onHealthResult(e))
    this.offs.push(this.deps.health.onResult((e) => evaluate(e)))
    this.offs.push(
      this.deps.bus.on('health:config', () => {
        if (this.rulesPart.ensureDefaultRules() > 0) this.engine.load(this.repo.rules())
      }),
      ...this.signals.listen(),
      // scheduled cost reports go out through the e-mail destinations, to the schedule's recipients
      this.deps.bus.on('costs:report', (r) => {
        this.sendReport(r).catch((err: unknown) => this.deps.logger.error('cost report e-mail failed', { error: String(err) }))
      })
    )
    const tick = setInterval(() => this.tick(), 1000)
    const history = setInterval(
      () =>
        void this.sweepHistory().catch((err: unknown) => this.deps.logger.error('alerts: history cleanup failed', { error: String(err) })),
      3_600_000
    )
    for (const t of [tick, history]) t.unref?.()
    this.timers.push(tick, history)
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    for (const off of this.offs) off()
    this.engine.stop()
    await this.dispatcher.idle()
  }

  /** Deletes alert history older than ALERT_HISTORY_DAYS, a batch at a time, yielding between batches; returns rows deleted. */
  async sweepHistory(): Promise<number> {
    const before = this.deps.clock.now() - ALERT_HISTORY_DAYS * 86_400_000
    let total = 0
    for (;;) {
      const n = this.repo.pruneHistory(before, HISTORY_BATCH)
      total += n
      if (n === 0) return total
      await new Promise((r) => setImmediate(r))
    }
  }

  /** Reminders, flapping that settled, quiet event signals, log counts that are due. */
  tick(): void {
    this.lifecycle.tick((rule, a, now) => this.signals.resolveQuiet(rule, a, now))
    this.logRules.tick(this.deps.clock.now())
  }

  // ---------- alerts ----------

  private view(a: AlertRow, ruleNames: Map<number, string>, notifications: number, silences = this.repo.silences()): AlertView {
    const now = this.deps.clock.now()
    const labels = JSON.parse(a.labels) as Record<string, string>
    return {
      id: a.id,
      ruleId: a.rule_id,
      ruleName: ruleNames.get(a.rule_id) ?? `rule ${a.rule_id}`,
      target: describeTarget(this.deps.health, a.target),
      state: a.state,
      severity: a.severity,
      summary: a.summary,
      value: a.value,
      labels,
      serviceId: a.service_id,
      pendingSince: a.pending_since,
      firedAt: a.fired_at,
      resolvedAt: a.resolved_at,
      acknowledgedAt: a.acknowledged_at,
      acknowledgedBy: a.acknowledged_by,
      snoozedUntil: a.snoozed_until !== null && a.snoozed_until > now ? a.snoozed_until : null,
      silenced: a.state !== 'resolved' && !!silencedBy(silences, labels, now),
      flapping: a.flapping === 1,
      inMaintenance: a.state !== 'resolved' && a.service_id !== null && this.deps.health.inMaintenance(a.service_id, now),
      notifications
    }
  }

  private ruleNames(): Map<number, string> {
    return new Map(this.repo.rules().map((r) => [r.id, r.name]))
  }

  private viewOf(id: number): AlertView {
    const a = this.repo.alert(id)
    if (!a) throw notFound(`alert ${id}`)
    return this.view(a, this.ruleNames(), this.repo.deliveryCount(id))
  }

  list(f: {
    state?: 'pending' | 'firing' | 'resolved'
    severity?: string
    serviceId?: number
    label?: string
    limit: number
  }): AlertView[] {
    const rows = this.repo.listAlerts({ state: f.state, severity: f.severity, serviceId: f.serviceId, limit: f.label ? 10_000 : f.limit })
    const names = this.ruleNames()
    const silences = this.repo.silences()
    let out = rows.map((a) => this.view(a, names, a.notifications, silences))
    if (f.label) {
      const [k, ...rest] = f.label.split('=')
      out = out.filter((a) => a.labels[k!] === rest.join('=')).slice(0, f.limit)
    }
    return out
  }

  get(id: number) {
    const a = this.repo.alert(id)
    if (!a) throw notFound(`alert ${id}`)
    const rule = this.repo.rule(a.rule_id)
    return {
      ...this.view(a, new Map(rule ? [[rule.id, rule.name]] : []), this.repo.deliveryCount(id)),
      runbook: rule?.runbook ?? '',
      ruleDescription: rule ? describeCondition(rule.condition) : '',
      timeline: this.repo.timeline(id),
      deliveries: this.destinations.deliveries({ alertId: id, limit: 200 }),
      failure: readFailure(a.failure),
      notes: this.repo.notes(id),
      link: linkTo(baseUrlOf(this.deps), `/alerts/${id}`)
    }
  }

  /** A note on an alert (resolved ones too: what was learnt), with its author and time. */
  addNote(id: number, author: string, text: string) {
    if (!this.repo.alert(id)) throw notFound(`alert ${id}`)
    const at = this.deps.clock.now()
    const noteId = this.repo.addNote(id, at, author.trim(), text.trim())
    this.parts.changes.touch(id)
    return { id: noteId, at, author: author.trim(), text: text.trim() }
  }

  settings(): z.output<typeof AlertsSettings> {
    return baseSettings(this.deps)
  }

  setSettings(next: z.output<typeof AlertsSettings>): z.output<typeof AlertsSettings> {
    if (!this.deps.settings) throw new Error('alerting settings are not available here')
    return this.deps.settings.write(alertsSettings, { baseUrl: next.baseUrl.replace(/\/+$/, '') }, this.deps.clock.now())
  }

  acknowledge(id: number, by: string): AlertView {
    this.lifecycle.acknowledge(id, by)
    return this.viewOf(id)
  }

  snooze(id: number, minutes: number): AlertView {
    this.lifecycle.snooze(id, minutes)
    return this.viewOf(id)
  }

  // ---------- rules (rules.ts) ----------

  ensureDefaultRules(): number {
    const n = this.rulesPart.ensureDefaultRules()
    if (n > 0) this.engine.load(this.repo.rules())
    return n
  }
  rules(serviceId?: number) {
    return this.rulesPart.list(serviceId)
  }
  createRule(r: z.output<typeof RuleInput>): { id: number } {
    return this.rulesPart.create(r)
  }
  updateRule(id: number, r: z.output<typeof RuleInput>): { id: number } {
    return this.rulesPart.update(id, r)
  }
  deleteRule(id: number): { id: number } {
    return this.rulesPart.delete(id)
  }
  backtest(rule: z.output<typeof RuleInput>, days: number) {
    return this.rulesPart.backtest(rule, days)
  }

  // ---------- silences (silencing.ts) ----------

  silences(includeExpired: boolean) {
    return this.silencing.list(includeExpired)
  }
  createSilence(s: z.output<typeof SilenceInput>): { id: number } {
    return this.silencing.create(s)
  }
  expireSilence(id: number): { id: number } {
    return this.silencing.expire(id)
  }

  // ---------- destinations (destinations.ts) ----------

  channels() {
    return this.destinations.list()
  }
  createChannel(input: z.output<typeof NotifyChannelInput>): { id: number } {
    return this.destinations.create(input)
  }
  updateChannel(id: number, input: z.output<typeof NotifyChannelInput>): { id: number } {
    return this.destinations.update(id, input)
  }
  deleteChannel(id: number): { id: number } {
    return this.destinations.delete(id)
  }
  testChannel(id: number): Promise<DeliveryResult> {
    return this.destinations.test(id)
  }
  deliveries(f: { channelId?: number; alertId?: number; limit: number }): DeliveryRecord[] {
    return this.destinations.deliveries(f)
  }
  sendReport(r: { subject: string; html: string; csv: string; recipients: string[] }): Promise<DeliveryResult[]> {
    return this.destinations.sendReport(r)
  }
}
