import type { z } from 'zod'
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import type { AlertView, ChannelConfig, NotifyChannelInput, RuleCondition, RuleInput, SilenceInput } from '../../../shared/contract'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import { secretHint, type SecretBox } from '../../core/secrets'
import type { Db } from '../../db/open'
import type { HealthService } from '../health/service'
import { backtest } from './backtest'
import { describeCondition, type Verdict } from './condition'
import { Dispatcher, type ChannelRow, type DeliveryResult } from './dispatcher'
import { AlertEngine, type RuleRec, type Tracker } from './engine'
import type { Transition } from './evaluator'
import { testMessage, type AlertMessage, type NotifyEvent } from './notify/message'
import { AlertsRepo, type AlertRow } from './repo'
import { isActiveSilence, matches, silencedBy, validRegex } from './silences'

export interface AlertDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  secrets: SecretBox
  health: HealthService
  dispatcher?: Dispatcher
}

const FLAP_WINDOW_MS = 30 * 60_000
const FLAP_LIMIT = 6
/** Event signals have no "all clear" event: their alerts resolve after this long without a new one. */
const SIGNAL_RESOLVE_MS: Record<string, number> = { drift: 6 * 3_600_000, budget: 24 * 3_600_000, model: 0 }

/** Rules, alerts, silences, channels: the alerting engine and everything around it. */
export class AlertService {
  readonly repo: AlertsRepo
  readonly engine: AlertEngine
  readonly dispatcher: Dispatcher
  private timers: NodeJS.Timeout[] = []
  private offs: (() => void)[] = []
  private changed = new Set<number>()
  private publishQueued = false
  private signalSeen = new Map<string, number>()

  constructor(private deps: AlertDeps) {
    this.repo = new AlertsRepo(deps.db)
    this.dispatcher = deps.dispatcher ?? new Dispatcher(deps)
    this.engine = new AlertEngine(
      deps.clock,
      {
        transition: (t, tr) => this.transition(t, tr),
        targetLabels: (s, c) => this.targetLabels(s, c),
        openAlert: (r, t) => this.openAlertState(r, t)
      },
      deps.logger
    )
  }

  start(): void {
    this.ensureDesktopChannel()
    this.ensureDefaultRules()
    this.reloadRules()
    // one transaction per result: the rules it touches write together
    const evaluate = this.deps.db.transaction((e: Parameters<AlertEngine['onHealthResult']>[0]) => this.engine.onHealthResult(e))
    this.offs.push(this.deps.health.onResult((e) => evaluate(e)))
    this.offs.push(
      this.deps.bus.subscribe((name, payload) => {
        if (name === 'health:config') {
          if (this.ensureDefaultRules() > 0) this.reloadRules()
        } else if (name === 'drift:detected') this.onDrift(payload as never)
        else if (name === 'costs:budget') this.onBudget(payload as never)
        else if (name === 'models:changed') this.onModel(payload as never)
      })
    )
    const tick = setInterval(() => this.tick(), 1000)
    tick.unref?.()
    this.timers.push(tick)
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    for (const off of this.offs) off()
    this.engine.stop()
    await this.dispatcher.idle()
  }

  private reloadRules(): void {
    this.engine.load(this.repo.rules())
  }

  // ---------- engine side effects ----------

  private openAlertState(ruleId: number, target: string) {
    const a = this.repo.openAlert(ruleId, target)
    return a ? { state: a.state as 'pending' | 'firing', pendingSince: a.pending_since } : undefined
  }

  private targetLabels(serviceId: number | null, checkId: number | null): Record<string, string> {
    if (serviceId === null) return {}
    const s = this.deps.health.repo.service(serviceId)
    const c = checkId === null ? undefined : this.deps.health.repo.check(checkId)
    return { ...(s ? { service: s.name, environment: s.environment, region: s.region } : {}), ...(c ? { check: c.name } : {}) }
  }

  private transition(t: Tracker, tr: Transition): void {
    const { repo } = this
    const open = repo.openAlert(t.rule.id, t.target)
    if (tr.kind === 'pending' || (tr.kind === 'fire' && !open)) {
      const id = repo.insertAlert({
        ruleId: t.rule.id,
        target: t.target,
        serviceId: t.serviceId,
        state: tr.kind === 'fire' ? 'firing' : 'pending',
        severity: t.rule.severity,
        summary: tr.verdict.summary,
        value: tr.verdict.value,
        labels: t.labels,
        at: tr.at
      })
      repo.event(id, tr.at, 'pending', tr.verdict.summary)
      if (tr.kind === 'fire') this.fire(id, t, tr.at, tr.verdict)
      this.touch(id)
      return
    }
    if (!open) return
    if (tr.kind === 'fire') this.fire(open.id, t, tr.at, tr.verdict)
    else if (tr.kind === 'update') repo.updateAlert(open.id, { summary: tr.verdict.summary, value: tr.verdict.value })
    else if (tr.kind === 'cancel') repo.deleteAlert(open.id)
    else if (tr.kind === 'resolve') {
      repo.updateAlert(open.id, { state: 'resolved', resolved_at: tr.at, summary: tr.verdict.summary })
      repo.event(open.id, tr.at, 'resolved', tr.verdict.summary)
      if (t.rule.notifyResolve && open.last_notified_at !== null) this.notify(open.id, 'resolve')
    }
    this.touch(open.id)
  }

  private fire(id: number, t: Tracker, at: number, verdict: Verdict): void {
    const flips = this.repo.recentFlips(t.rule.id, t.target, at - FLAP_WINDOW_MS)
    const flapping = flips >= FLAP_LIMIT
    this.repo.updateAlert(id, { state: 'firing', fired_at: at, summary: verdict.summary, value: verdict.value, flapping: flapping ? 1 : 0 })
    this.repo.event(id, at, 'firing', verdict.summary)
    if (flapping) this.repo.event(id, at, 'flapping', `${flips} state changes in the last 30 min: notifications paused until it settles`)
    this.notify(id, 'trigger')
  }

  /** Why notifications for this alert should not go out now, if they should not. */
  private suppression(a: AlertRow, event: NotifyEvent): string | null {
    const now = this.deps.clock.now()
    const labels = JSON.parse(a.labels) as Record<string, string>
    const silence = silencedBy(this.repo.silences(), labels, now)
    if (silence) return `silenced by silence #${silence.id}`
    if (event !== 'resolve' && a.snoozed_until !== null && a.snoozed_until > now)
      return `snoozed until ${new Date(a.snoozed_until).toISOString()}`
    if (a.service_id !== null && this.deps.health.inMaintenance(a.service_id, now)) return 'service is in a maintenance window'
    if (a.flapping && event === 'trigger') return 'flapping'
    return null
  }

  private notify(alertId: number, event: NotifyEvent): void {
    const a = this.repo.alert(alertId)
    if (!a) return
    const rule = this.repo.rule(a.rule_id)
    if (!rule) return
    const now = this.deps.clock.now()
    const reason = this.suppression(a, event)
    if (reason) {
      this.repo.event(alertId, now, 'suppressed', `${event} notification not sent: ${reason}`)
      return
    }
    const channels = rule.channelIds.map((id) => this.repo.channel(id)).filter((c): c is NonNullable<typeof c> => !!c && c.enabled === 1)
    const targeted = event === 'acknowledge' ? channels.filter((c) => c.kind === 'pagerduty' || c.kind === 'webhook') : channels
    if (targeted.length === 0) {
      this.repo.event(alertId, now, 'note', `no enabled channel for the ${event} notification`)
      return
    }
    const message = this.message(a, rule, event)
    this.repo.updateAlert(alertId, { last_notified_at: now })
    for (const ch of targeted) {
      this.dispatcher.enqueue(ch, message, (r) => {
        this.repo.event(
          alertId,
          this.deps.clock.now(),
          r.ok ? 'notified' : 'notify-failed',
          `${event} via ${ch.name}${r.ok ? '' : `: ${r.error}`} (${r.attempts} attempt${r.attempts === 1 ? '' : 's'})`
        )
        this.touch(alertId)
      })
    }
  }

  private message(a: AlertRow, rule: RuleRec, event: NotifyEvent): AlertMessage {
    return {
      alertId: a.id,
      event,
      severity: a.severity,
      state: a.state,
      ruleName: rule.name,
      target: this.describeTarget(a.target),
      summary: a.summary,
      labels: JSON.parse(a.labels) as Record<string, string>,
      startedAt: a.pending_since,
      firedAt: a.fired_at,
      resolvedAt: a.resolved_at,
      acknowledgedBy: a.acknowledged_by,
      runbook: rule.runbook,
      route: `/alerts/${a.id}`
    }
  }

  private describeTarget(target: string): string {
    const [kind, rawId] = target.split(':')
    const id = Number(rawId)
    if (kind === 'service') return this.deps.health.repo.service(id)?.name ?? target
    if (kind === 'check') {
      const c = this.deps.health.repo.check(id)
      const s = c ? this.deps.health.repo.service(c.service_id) : undefined
      return c ? `${s?.name ?? '?'} / ${c.name}` : target
    }
    return target.slice(target.indexOf(':') + 1)
  }

  private touch(alertId: number): void {
    this.changed.add(alertId)
    if (this.publishQueued) return
    this.publishQueued = true
    setImmediate(() => {
      this.publishQueued = false
      const ids = [...this.changed]
      this.changed.clear()
      this.deps.bus.publish('alerts:changed', { at: this.deps.clock.now(), alertIds: ids, reason: 'update' })
    })
  }

  /** Reminders, and resolving event-signal alerts whose signal went quiet. */
  tick(): void {
    const now = this.deps.clock.now()
    for (const a of this.repo.openAlerts()) {
      if (a.state !== 'firing') continue
      const rule = this.repo.rule(a.rule_id)
      if (!rule) continue
      const quietFor = SIGNAL_RESOLVE_MS[rule.condition.signal]
      if (quietFor !== undefined && now - (this.signalSeen.get(`${rule.id}|${a.target}`) ?? a.fired_at ?? now) >= quietFor) {
        this.engine.resolveSignal(rule.id, a.target, 'no new signal since; resolved automatically')
        continue
      }
      if (
        a.flapping &&
        now - (a.fired_at ?? now) > FLAP_WINDOW_MS &&
        this.repo.recentFlips(rule.id, a.target, now - FLAP_WINDOW_MS) < FLAP_LIMIT
      ) {
        this.repo.updateAlert(a.id, { flapping: 0 })
        this.repo.event(a.id, now, 'note', 'stopped flapping')
      }
      if (
        rule.reminderS > 0 &&
        a.acknowledged_at === null &&
        a.last_notified_at !== null &&
        now - a.last_notified_at >= rule.reminderS * 1000
      ) {
        this.repo.event(a.id, now, 'reminder', `still firing after ${Math.round((now - (a.fired_at ?? now)) / 60_000)} min`)
        this.notify(a.id, 'reminder')
      }
    }
  }

  // ---------- signals from other areas ----------

  private signal(kind: string, target: string, verdictFor: (c: RuleCondition) => Verdict | null, labels: Record<string, string>): void {
    for (const r of this.repo.rules()) if (r.condition.signal === kind) this.signalSeen.set(`${r.id}|${target}`, this.deps.clock.now())
    this.engine.onSignal(kind, target, verdictFor, labels)
  }

  private onDrift(p: {
    checkId: number
    checkName: string
    model: string
    version: string
    share: number
    driftedColumns: string[]
  }): void {
    this.signal(
      'drift',
      `drift:${p.checkId}`,
      (c) =>
        c.signal !== 'drift' || (c.model && c.model !== p.model)
          ? null
          : {
              holds: p.share >= c.minShare,
              value: p.share,
              summary: `${p.checkName}: ${(p.share * 100).toFixed(0)} % of columns drifted (${p.driftedColumns.slice(0, 5).join(', ')}) for ${p.model} ${p.version}`
            },
      { model: p.model, version: p.version, drift_check: p.checkName }
    )
  }

  private onBudget(p: {
    budgetId: number
    name: string
    threshold: number
    basis: 'actual' | 'forecast'
    amount: number
    budget: number
    currency: string
    period: string
  }): void {
    this.signal(
      'budget',
      `budget:${p.budgetId}:${p.period}`,
      (c) =>
        c.signal !== 'budget' || (c.basis !== 'any' && c.basis !== p.basis)
          ? null
          : {
              holds: p.threshold >= c.minThreshold,
              value: p.amount,
              summary: `${p.name}: ${p.basis} spend ${p.amount.toFixed(2)} ${p.currency} is ${(p.threshold * 100).toFixed(0)} % of the ${p.budget.toFixed(2)} ${p.currency} budget for ${p.period}`
            },
      { budget: p.name, period: p.period }
    )
  }

  private onModel(p: { modelId: number; kind: 'stage' | 'alias' | 'version' | 'import' | 'evaluation'; description: string }): void {
    this.signal(
      'model',
      `model:${p.modelId}:${this.deps.clock.now()}`,
      (c) => (c.signal !== 'model' || !c.kinds.includes(p.kind) ? null : { holds: true, value: null, summary: p.description }),
      { change: p.kind }
    )
  }

  // ---------- defaults ----------

  private ensureDesktopChannel(): void {
    if (this.repo.channels().some((c) => c.builtin === 1)) return
    this.deps.db
      .prepare(
        "INSERT OR IGNORE INTO alert_channels (name, kind, config, enabled, builtin, created_at) VALUES ('Desktop', 'desktop', '{\"kind\":\"desktop\"}', 1, 1, ?)"
      )
      .run(this.deps.clock.now())
  }

  /** Every service gets a "down" rule: fires after 3 failed checks, resolves after 2 good ones. */
  ensureDefaultRules(): number {
    const desktop = this.repo.channels().find((c) => c.builtin === 1)
    const missing = this.repo.servicesWithoutDefaultRule()
    for (const s of missing) {
      this.repo.insertRule(
        {
          name: `${s.name} is down`,
          serviceId: s.id,
          checkId: null,
          condition: { signal: 'down', failuresToFire: 3, successesToResolve: 2 },
          forS: 0,
          severity: 'critical',
          labels: {},
          runbook: `## ${s.name} is down\n\n1. Open the service page and read the last error and response snippet.\n2. Check the service's own logs and its dependencies (the health+json components).\n3. Acknowledge the alert so others know someone is on it.`,
          channelIds: desktop ? [desktop.id] : [],
          reminderS: 0,
          notifyResolve: true,
          enabled: true,
          builtin: true
        },
        this.deps.clock.now()
      )
    }
    return missing.length
  }

  // ---------- rules ----------

  private checkRuleTargets(r: z.output<typeof RuleInput>): void {
    if (r.serviceId !== null && !this.deps.health.repo.service(r.serviceId))
      throw invalid('serviceId', `service ${r.serviceId} does not exist`)
    if (r.checkId !== null) {
      const c = this.deps.health.repo.check(r.checkId)
      if (!c) throw invalid('checkId', `check ${r.checkId} does not exist`)
      if (r.serviceId !== null && c.service_id !== r.serviceId) throw invalid('checkId', `check ${r.checkId} belongs to another service`)
    }
    r.channelIds.forEach((id, i) => {
      if (!this.repo.channel(id)) throw invalid(`channelIds[${i}]`, `channel ${id} does not exist`)
    })
  }

  createRule(r: z.output<typeof RuleInput>): { id: number } {
    this.checkRuleTargets(r)
    const id = this.repo.insertRule(r, this.deps.clock.now())
    this.reloadRules()
    this.configChanged()
    return { id }
  }

  updateRule(id: number, r: z.output<typeof RuleInput>): { id: number } {
    if (!this.repo.rule(id)) throw notFound(`rule ${id}`)
    this.checkRuleTargets(r)
    this.repo.updateRule(id, r)
    this.reloadRules()
    this.configChanged()
    return { id }
  }

  deleteRule(id: number): { id: number } {
    if (this.repo.deleteRule(id) === 0) throw notFound(`rule ${id}`)
    this.reloadRules()
    this.configChanged()
    return { id }
  }

  rules(serviceId?: number) {
    const open = this.deps.db.prepare("SELECT rule_id, count(*) AS n FROM alerts WHERE state != 'resolved' GROUP BY rule_id").all() as {
      rule_id: number
      n: number
    }[]
    const counts = new Map(open.map((o) => [o.rule_id, o.n]))
    return this.repo
      .rules()
      .filter((r) => serviceId === undefined || r.serviceId === serviceId)
      .map((r) => ({
        ...r,
        condition: r.condition as unknown as Record<string, unknown>,
        serviceName: r.serviceId === null ? null : (this.deps.health.repo.service(r.serviceId)?.name ?? null),
        checkName: r.checkId === null ? null : (this.deps.health.repo.check(r.checkId)?.name ?? null),
        description: describeCondition(r.condition),
        openAlerts: counts.get(r.id) ?? 0
      }))
  }

  backtest(rule: z.output<typeof RuleInput>, days: number) {
    this.checkRuleTargets(rule)
    return backtest(this.deps.db, rule, days, this.deps.clock.now(), this.deps.health.getSettings().rawDays)
  }

  // ---------- alerts ----------

  private view(a: AlertRow, ruleNames: Map<number, string>, silences = this.repo.silences()): AlertView {
    const now = this.deps.clock.now()
    const labels = JSON.parse(a.labels) as Record<string, string>
    const notifications = (this.deps.db.prepare('SELECT count(*) AS n FROM deliveries WHERE alert_id = ?').get(a.id) as { n: number }).n
    return {
      id: a.id,
      ruleId: a.rule_id,
      ruleName: ruleNames.get(a.rule_id) ?? `rule ${a.rule_id}`,
      target: this.describeTarget(a.target),
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

  list(f: {
    state?: 'pending' | 'firing' | 'resolved'
    severity?: string
    serviceId?: number
    label?: string
    limit: number
  }): AlertView[] {
    const where: string[] = []
    const args: unknown[] = []
    const add = (sql: string, v: unknown): void => {
      where.push(sql)
      args.push(v)
    }
    if (f.state) add('state = ?', f.state)
    if (f.severity) add('severity = ?', f.severity)
    if (f.serviceId !== undefined) add('service_id = ?', f.serviceId)
    const rows = this.deps.db
      .prepare(
        `SELECT * FROM alerts ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY COALESCE(fired_at, pending_since) DESC LIMIT ?`
      )
      .all(...args, f.label ? 10_000 : f.limit) as AlertRow[]
    const names = new Map(this.repo.rules().map((r) => [r.id, r.name]))
    const silences = this.repo.silences()
    let out = rows.map((a) => this.view(a, names, silences))
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
    const names = new Map(rule ? [[rule.id, rule.name]] : [])
    return {
      ...this.view(a, names),
      runbook: rule?.runbook ?? '',
      ruleDescription: rule ? describeCondition(rule.condition) : '',
      timeline: this.repo.timeline(id),
      deliveries: this.deliveries({ alertId: id, limit: 200 })
    }
  }

  acknowledge(id: number, by: string): AlertView {
    const a = this.repo.alert(id)
    if (!a) throw notFound(`alert ${id}`)
    if (a.state === 'resolved') throw conflict(`alert ${id} is already resolved`)
    if (a.acknowledged_at !== null)
      throw conflict(`alert ${id} was already acknowledged${a.acknowledged_by ? ` by ${a.acknowledged_by}` : ''}`)
    const now = this.deps.clock.now()
    this.repo.updateAlert(id, { acknowledged_at: now, acknowledged_by: by || null })
    this.repo.event(id, now, 'acknowledged', by ? `by ${by}` : '')
    if (a.state === 'firing' && a.last_notified_at !== null) this.notify(id, 'acknowledge')
    this.touch(id)
    return this.view(this.repo.alert(id)!, new Map(this.repo.rules().map((r) => [r.id, r.name])))
  }

  snooze(id: number, minutes: number): AlertView {
    const a = this.repo.alert(id)
    if (!a) throw notFound(`alert ${id}`)
    if (a.state === 'resolved') throw conflict(`alert ${id} is already resolved`)
    const now = this.deps.clock.now()
    const until = now + minutes * 60_000
    this.repo.updateAlert(id, { snoozed_until: until })
    this.repo.event(id, now, 'snoozed', `until ${new Date(until).toISOString()}`)
    this.touch(id)
    return this.view(this.repo.alert(id)!, new Map(this.repo.rules().map((r) => [r.id, r.name])))
  }

  // ---------- silences ----------

  silences(includeExpired: boolean) {
    const now = this.deps.clock.now()
    const open = this.repo.openAlerts().map((a) => JSON.parse(a.labels) as Record<string, string>)
    return this.repo
      .silences()
      .filter((s) => includeExpired || s.endsAt > now)
      .map((s) => ({ ...s, active: isActiveSilence(s, now), matching: open.filter((l) => matches(s.matchers, l)).length }))
      .sort((a, b) => Number(b.active) - Number(a.active) || b.endsAt - a.endsAt)
  }

  createSilence(s: z.output<typeof SilenceInput>): { id: number } {
    const now = this.deps.clock.now()
    s.matchers.forEach((m, i) => {
      if ((m.op === '=~' || m.op === '!~') && !validRegex(m.value))
        throw invalid(`matchers[${i}].value`, 'is not a valid regular expression')
    })
    const startsAt = s.startsAt ?? now
    if (s.endsAt <= now) throw invalid('endsAt', 'must be in the future')
    const id = Number(
      this.deps.db
        .prepare('INSERT INTO silences (matchers, starts_at, ends_at, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(JSON.stringify(s.matchers), startsAt, s.endsAt, s.comment, s.createdBy, now).lastInsertRowid
    )
    this.configChanged()
    return { id }
  }

  expireSilence(id: number): { id: number } {
    const now = this.deps.clock.now()
    if (this.deps.db.prepare('UPDATE silences SET ends_at = MIN(ends_at, ?) WHERE id = ?').run(now, id).changes === 0)
      throw notFound(`silence ${id}`)
    this.configChanged()
    return { id }
  }

  // ---------- channels ----------

  channels() {
    const last = this.deps.db.prepare(
      "SELECT at, status, error FROM deliveries WHERE channel_id = ? AND status != 'sending' ORDER BY at DESC, id DESC LIMIT 1"
    )
    return this.repo.channels().map((c) => {
      const d = last.get(c.id) as { at: number; status: string; error: string | null } | undefined
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

  private validateSecret(config: ChannelConfig, secret: string | undefined): void {
    if (secret === undefined) return
    const first = secret.split('\n')[0]!.trim()
    if ((config.kind === 'slack' || config.kind === 'webhook') && !/^https?:\/\/\S+$/.test(first))
      throw invalid('secret', `must be the ${config.kind} webhook URL (http or https)`)
    if (config.kind === 'pagerduty' && !/^[A-Za-z0-9]{20,64}$/.test(first))
      throw invalid('secret', 'must be a PagerDuty integration (routing) key of 32 characters')
  }

  createChannel(input: z.output<typeof NotifyChannelInput>): { id: number } {
    this.validateSecret(input.config, input.secret)
    if (this.repo.channels().some((c) => c.name === input.name)) throw conflict(`a channel named "${input.name}" already exists`)
    const sealed = input.secret ? this.deps.secrets.encrypt(input.secret) : null
    const id = Number(
      this.deps.db
        .prepare('INSERT INTO alert_channels (name, kind, config, secret, secret_hint, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(
          input.name,
          input.config.kind,
          JSON.stringify(input.config),
          sealed,
          input.secret ? secretHint(input.secret) : null,
          input.enabled ? 1 : 0,
          this.deps.clock.now()
        ).lastInsertRowid
    )
    this.configChanged()
    return { id }
  }

  updateChannel(id: number, input: z.output<typeof NotifyChannelInput>): { id: number } {
    const old = this.repo.channel(id)
    if (!old) throw notFound(`channel ${id}`)
    if (old.kind !== input.config.kind)
      throw invalid('config.kind', `a ${old.kind} channel cannot become ${input.config.kind}; create a new channel`)
    this.validateSecret(input.config, input.secret)
    const clash = this.repo.channels().find((c) => c.name === input.name && c.id !== id)
    if (clash) throw conflict(`a channel named "${input.name}" already exists`)
    const keep = input.secret === undefined
    this.deps.db
      .prepare('UPDATE alert_channels SET name = ?, config = ?, secret = ?, secret_hint = ?, enabled = ? WHERE id = ?')
      .run(
        input.name,
        JSON.stringify(input.config),
        keep ? old.secret : this.deps.secrets.encrypt(input.secret!),
        keep ? old.secret_hint : secretHint(input.secret!),
        input.enabled ? 1 : 0,
        id
      )
    this.configChanged()
    return { id }
  }

  deleteChannel(id: number): { id: number } {
    const old = this.repo.channel(id)
    if (!old) throw notFound(`channel ${id}`)
    if (old.builtin) throw conflict('the built-in Desktop channel cannot be deleted; disable it instead')
    this.deps.db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id)
    for (const r of this.repo.rules())
      if (r.channelIds.includes(id)) this.repo.updateRule(r.id, { ...r, channelIds: r.channelIds.filter((c) => c !== id) })
    this.reloadRules()
    this.configChanged()
    return { id }
  }

  async testChannel(id: number): Promise<DeliveryResult> {
    const c = this.repo.channel(id)
    if (!c) throw notFound(`channel ${id}`)
    const r = await this.dispatcher.deliver(c as ChannelRow, testMessage(c.name, this.deps.clock.now()))
    this.configChanged()
    return r
  }

  deliveries(f: { channelId?: number; alertId?: number; limit: number }): DeliveryRecord[] {
    const where: string[] = []
    const args: unknown[] = []
    if (f.channelId !== undefined) {
      where.push('d.channel_id = ?')
      args.push(f.channelId)
    }
    if (f.alertId !== undefined) {
      where.push('d.alert_id = ?')
      args.push(f.alertId)
    }
    const rows = this.deps.db
      .prepare(
        `SELECT d.id, d.alert_id AS alertId, d.channel_id AS channelId, c.name AS channelName, c.kind, d.event, d.at, d.attempts, d.status, d.error,
                d.response_code AS responseCode, d.duration_ms AS durationMs
         FROM deliveries d JOIN alert_channels c ON c.id = d.channel_id ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY d.at DESC, d.id DESC LIMIT ?`
      )
      .all(...args, f.limit) as Omit<DeliveryRecord, 'ok'>[]
    return rows.map((r) => ({ ...r, ok: r.status === 'ok' }))
  }

  /**
   * E-mail a report (scheduled cost reports) through every enabled e-mail channel; `recipients`
   * replace the channel's own list when given. Logged in the delivery log like alerts.
   */
  async sendReport(r: { subject: string; html: string; csv: string; recipients: string[] }): Promise<DeliveryResult[]> {
    const channels = this.repo.channels().filter((c) => c.kind === 'email' && c.enabled === 1)
    const now = this.deps.clock.now()
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
    if (channels.length === 0) this.deps.logger.warn('cost report not sent: no enabled e-mail channel')
    return results
  }

  /** Send any message through a channel by id (cost reports by e-mail). */
  channelRow(id: number): ChannelRow {
    const c = this.repo.channel(id)
    if (!c) throw new AppError('NOT_FOUND', `channel ${id} not found`)
    return c
  }

  private configChanged(): void {
    this.deps.bus.publish('alerts:config', { at: this.deps.clock.now() })
  }
}

export interface DeliveryRecord {
  id: number
  alertId: number | null
  channelId: number
  channelName: string
  kind: string
  event: string
  at: number
  attempts: number
  ok: boolean
  status: string
  error: string | null
  responseCode: number | null
  durationMs: number | null
}
