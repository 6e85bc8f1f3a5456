/** The life of an alert: pending → firing → resolved as the engine decides, notifications, reminders, acknowledge, snooze. */
import { conflict, notFound } from '../../../shared/errors'
import type { Verdict } from './condition'
import type { Dispatcher } from './dispatcher'
import type { RuleRec, Tracker } from './engine'
import type { Transition } from './evaluator'
import { readFailure } from './failure'
import { linkTo, type AlertMessage, type NotifyEvent } from './notify/message'
import { baseUrlOf, describeTarget, type AlertParts } from './parts'
import type { AlertRow } from './repo'
import { silencedBy } from './silences'

const failureJson = (v: Verdict): string | null => (v.failure ? JSON.stringify(v.failure) : null)

export const FLAP_WINDOW_MS = 30 * 60_000
export const FLAP_LIMIT = 6

export class AlertLifecycle {
  constructor(
    private parts: AlertParts,
    private dispatcher: Dispatcher
  ) {}

  /** The engine's open alert for a rule and target, if any. */
  openAlertState(ruleId: number, target: string) {
    const a = this.parts.repo.openAlert(ruleId, target)
    return a ? { state: a.state as 'pending' | 'firing', pendingSince: a.pending_since } : undefined
  }

  targetLabels(serviceId: number | null, checkId: number | null): Record<string, string> {
    if (serviceId === null) return {}
    const { health } = this.parts.deps
    const s = health.service(serviceId)
    const c = checkId === null ? undefined : health.check(checkId)
    return { ...(s ? { service: s.name, environment: s.environment, region: s.region } : {}), ...(c ? { check: c.name } : {}) }
  }

  transition(t: Tracker, tr: Transition): void {
    const { repo, changes } = this.parts
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
        at: tr.at,
        failure: failureJson(tr.verdict)
      })
      repo.event(id, tr.at, 'pending', tr.verdict.summary)
      if (tr.kind === 'fire') this.fire(id, t, tr.at, tr.verdict)
      changes.touch(id)
      return
    }
    if (!open) return
    if (tr.kind === 'fire') this.fire(open.id, t, tr.at, tr.verdict)
    else if (tr.kind === 'update')
      repo.updateAlert(open.id, {
        summary: tr.verdict.summary,
        value: tr.verdict.value,
        ...(tr.verdict.failure && { failure: failureJson(tr.verdict) })
      })
    else if (tr.kind === 'cancel') repo.deleteAlert(open.id)
    else if (tr.kind === 'resolve') {
      repo.updateAlert(open.id, { state: 'resolved', resolved_at: tr.at, summary: tr.verdict.summary })
      repo.event(open.id, tr.at, 'resolved', tr.verdict.summary)
      if (t.rule.notifyResolve && open.last_notified_at !== null) this.notify(open.id, 'resolve')
    }
    changes.touch(open.id)
  }

  private fire(id: number, t: Tracker, at: number, verdict: Verdict): void {
    const { repo } = this.parts
    const flips = repo.recentFlips(t.rule.id, t.target, at - FLAP_WINDOW_MS)
    const flapping = flips >= FLAP_LIMIT
    repo.updateAlert(id, {
      state: 'firing',
      fired_at: at,
      summary: verdict.summary,
      value: verdict.value,
      flapping: flapping ? 1 : 0,
      ...(verdict.failure && { failure: failureJson(verdict) })
    })
    repo.event(id, at, 'firing', verdict.summary)
    if (flapping) repo.event(id, at, 'flapping', `${flips} state changes in the last 30 min: notifications paused until it settles`)
    this.notify(id, 'trigger')
  }

  /** Why notifications for this alert should not go out now, if they should not. */
  private suppression(a: AlertRow, event: NotifyEvent): string | null {
    const { deps, repo } = this.parts
    const now = deps.clock.now()
    const labels = JSON.parse(a.labels) as Record<string, string>
    const silence = silencedBy(repo.silences(), labels, now)
    if (silence) return `silenced by silence #${silence.id}`
    if (event !== 'resolve' && a.snoozed_until !== null && a.snoozed_until > now)
      return `snoozed until ${new Date(a.snoozed_until).toISOString()}`
    if (a.service_id !== null && deps.health.inMaintenance(a.service_id, now)) return 'service is in a maintenance window'
    if (a.flapping && event === 'trigger') return 'flapping'
    return null
  }

  notify(alertId: number, event: NotifyEvent): void {
    const { deps, repo, changes } = this.parts
    const a = repo.alert(alertId)
    if (!a) return
    const rule = repo.rule(a.rule_id)
    if (!rule) return
    const now = deps.clock.now()
    const reason = this.suppression(a, event)
    if (reason) {
      repo.event(alertId, now, 'suppressed', `${event} notification not sent: ${reason}`)
      return
    }
    const channels = rule.channelIds.map((id) => repo.channel(id)).filter((c): c is NonNullable<typeof c> => !!c && c.enabled === 1)
    const targeted =
      event === 'acknowledge'
        ? channels.filter((c) => c.kind === 'pagerduty' || c.kind === 'webhook' || c.kind.startsWith('ext:'))
        : channels
    if (targeted.length === 0) {
      repo.event(alertId, now, 'note', `no enabled channel for the ${event} notification`)
      return
    }
    const message = this.message(a, rule, event)
    repo.updateAlert(alertId, { last_notified_at: now })
    for (const ch of targeted) {
      this.dispatcher.enqueue(ch, message, (r) => {
        if (!repo.alert(alertId)) return // deleted with its service or rule while the delivery ran
        repo.event(
          alertId,
          deps.clock.now(),
          r.ok ? 'notified' : 'notify-failed',
          `${event} via ${ch.name}${r.ok ? '' : `: ${r.error}`} (${r.attempts} attempt${r.attempts === 1 ? '' : 's'})`
        )
        changes.touch(alertId)
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
      target: describeTarget(this.parts.deps.health, a.target),
      summary: a.summary,
      labels: JSON.parse(a.labels) as Record<string, string>,
      startedAt: a.pending_since,
      firedAt: a.fired_at,
      resolvedAt: a.resolved_at,
      acknowledgedBy: a.acknowledged_by,
      runbook: rule.runbook,
      route: `/alerts/${a.id}`,
      failure: readFailure(a.failure),
      link: linkTo(baseUrlOf(this.parts.deps), `/alerts/${a.id}`)
    }
  }

  /** Reminders, flapping that settled, and (through `resolveQuiet`) event-signal alerts whose signal went quiet. */
  tick(resolveQuiet: (rule: RuleRec, a: AlertRow, now: number) => boolean): void {
    const { deps, repo } = this.parts
    const now = deps.clock.now()
    for (const a of repo.openAlerts()) {
      if (a.state !== 'firing') continue
      const rule = repo.rule(a.rule_id)
      if (!rule) continue
      if (resolveQuiet(rule, a, now)) continue
      if (
        a.flapping &&
        now - (a.fired_at ?? now) > FLAP_WINDOW_MS &&
        repo.recentFlips(rule.id, a.target, now - FLAP_WINDOW_MS) < FLAP_LIMIT
      ) {
        repo.updateAlert(a.id, { flapping: 0 })
        repo.event(a.id, now, 'note', 'stopped flapping')
      }
      if (
        rule.reminderS > 0 &&
        a.acknowledged_at === null &&
        a.last_notified_at !== null &&
        now - a.last_notified_at >= rule.reminderS * 1000
      ) {
        repo.event(a.id, now, 'reminder', `still firing after ${Math.round((now - (a.fired_at ?? now)) / 60_000)} min`)
        this.notify(a.id, 'reminder')
      }
    }
  }

  acknowledge(id: number, by: string): void {
    const { deps, repo, changes } = this.parts
    const a = repo.alert(id)
    if (!a) throw notFound(`alert ${id}`)
    if (a.state === 'resolved') throw conflict(`alert ${id} is already resolved`)
    if (a.acknowledged_at !== null)
      throw conflict(`alert ${id} was already acknowledged${a.acknowledged_by ? ` by ${a.acknowledged_by}` : ''}`)
    const now = deps.clock.now()
    repo.updateAlert(id, { acknowledged_at: now, acknowledged_by: by || null })
    repo.event(id, now, 'acknowledged', by ? `by ${by}` : '')
    if (a.state === 'firing' && a.last_notified_at !== null) this.notify(id, 'acknowledge')
    changes.touch(id)
  }

  snooze(id: number, minutes: number): void {
    const { deps, repo, changes } = this.parts
    const a = repo.alert(id)
    if (!a) throw notFound(`alert ${id}`)
    if (a.state === 'resolved') throw conflict(`alert ${id} is already resolved`)
    const now = deps.clock.now()
    const until = now + minutes * 60_000
    repo.updateAlert(id, { snoozed_until: until })
    repo.event(id, now, 'snoozed', `until ${new Date(until).toISOString()}`)
    changes.touch(id)
  }
}
