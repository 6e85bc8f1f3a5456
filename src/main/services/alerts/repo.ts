import type { RuleCondition } from '../../../shared/contract'
import { statementCache, type Db } from '../../db/open'
import type { ChannelRow } from './dispatcher'
import type { RuleRec } from './engine'
import type { Silence } from './silences'

interface RuleRow {
  id: number
  name: string
  service_id: number | null
  check_id: number | null
  condition: string
  for_s: number
  severity: string
  labels: string
  runbook: string
  channel_ids: string
  reminder_s: number
  notify_resolve: number
  enabled: number
  builtin: number
}

export interface AlertRow {
  id: number
  rule_id: number
  target: string
  service_id: number | null
  state: 'pending' | 'firing' | 'resolved'
  severity: 'critical' | 'warning' | 'info'
  summary: string
  value: number | null
  labels: string
  pending_since: number
  fired_at: number | null
  resolved_at: number | null
  acknowledged_at: number | null
  acknowledged_by: string | null
  snoozed_until: number | null
  last_notified_at: number | null
  flapping: number
}

export type RuleWrite = Omit<RuleRec, 'id'> & { builtin?: boolean }

const toRule = (r: RuleRow): RuleRec & { builtin: boolean } => ({
  id: r.id,
  name: r.name,
  serviceId: r.service_id,
  checkId: r.check_id,
  condition: JSON.parse(r.condition) as RuleCondition,
  forS: r.for_s,
  severity: r.severity as RuleRec['severity'],
  labels: JSON.parse(r.labels) as Record<string, string>,
  runbook: r.runbook,
  channelIds: JSON.parse(r.channel_ids) as number[],
  reminderS: r.reminder_s,
  notifyResolve: r.notify_resolve === 1,
  enabled: r.enabled === 1,
  builtin: r.builtin === 1
})

/** SQL of the alerting area. */
export class AlertsRepo {
  private sql: ReturnType<typeof statementCache>
  constructor(private db: Db) {
    this.sql = statementCache(db)
  }

  rules(): (RuleRec & { builtin: boolean })[] {
    return (this.sql('SELECT * FROM alert_rules ORDER BY id').all() as RuleRow[]).map(toRule)
  }

  rule(id: number): (RuleRec & { builtin: boolean }) | undefined {
    const r = this.sql('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined
    return r ? toRule(r) : undefined
  }

  insertRule(r: RuleWrite, at: number): number {
    return Number(
      this.sql(
        `INSERT INTO alert_rules (name, service_id, check_id, condition, for_s, severity, labels, runbook, channel_ids, reminder_s, notify_resolve, enabled, builtin, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ).run(
        r.name,
        r.serviceId,
        r.checkId,
        JSON.stringify(r.condition),
        r.forS,
        r.severity,
        JSON.stringify(r.labels),
        r.runbook,
        JSON.stringify(r.channelIds),
        r.reminderS,
        r.notifyResolve ? 1 : 0,
        r.enabled ? 1 : 0,
        r.builtin ? 1 : 0,
        at
      ).lastInsertRowid
    )
  }

  updateRule(id: number, r: RuleWrite): void {
    this.sql(
      `UPDATE alert_rules SET name = ?, service_id = ?, check_id = ?, condition = ?, for_s = ?, severity = ?, labels = ?, runbook = ?, channel_ids = ?,
         reminder_s = ?, notify_resolve = ?, enabled = ? WHERE id = ?`
    ).run(
      r.name,
      r.serviceId,
      r.checkId,
      JSON.stringify(r.condition),
      r.forS,
      r.severity,
      JSON.stringify(r.labels),
      r.runbook,
      JSON.stringify(r.channelIds),
      r.reminderS,
      r.notifyResolve ? 1 : 0,
      r.enabled ? 1 : 0,
      id
    )
  }

  deleteRule(id: number): number {
    return this.sql('DELETE FROM alert_rules WHERE id = ?').run(id).changes
  }

  servicesWithoutDefaultRule(): { id: number; name: string }[] {
    return this.sql(
      'SELECT s.id, s.name FROM services s WHERE NOT EXISTS (SELECT 1 FROM alert_rules r WHERE r.service_id = s.id AND r.builtin = 1)'
    ).all() as { id: number; name: string }[]
  }

  alert(id: number): AlertRow | undefined {
    return this.sql('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined
  }

  openAlert(ruleId: number, target: string): AlertRow | undefined {
    return this.sql("SELECT * FROM alerts WHERE rule_id = ? AND target = ? AND state != 'resolved'").get(ruleId, target) as
      AlertRow | undefined
  }

  openAlerts(): AlertRow[] {
    return this.sql("SELECT * FROM alerts WHERE state != 'resolved'").all() as AlertRow[]
  }

  insertAlert(a: {
    ruleId: number
    target: string
    serviceId: number | null
    state: 'pending' | 'firing'
    severity: string
    summary: string
    value: number | null
    labels: Record<string, string>
    at: number
  }): number {
    return Number(
      this.sql(
        `INSERT INTO alerts (rule_id, target, service_id, state, severity, summary, value, labels, pending_since, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ).run(
        a.ruleId,
        a.target,
        a.serviceId,
        a.state,
        a.severity,
        a.summary,
        a.value,
        JSON.stringify(a.labels),
        a.at,
        a.state === 'firing' ? a.at : null
      ).lastInsertRowid
    )
  }

  updateAlert(
    id: number,
    fields: Partial<
      Record<
        | 'state'
        | 'summary'
        | 'value'
        | 'fired_at'
        | 'resolved_at'
        | 'acknowledged_at'
        | 'acknowledged_by'
        | 'snoozed_until'
        | 'last_notified_at'
        | 'flapping',
        unknown
      >
    >
  ): void {
    const keys = Object.keys(fields)
    if (!keys.length) return
    this.sql(`UPDATE alerts SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(
      ...keys.map((k) => (fields as Record<string, unknown>)[k]),
      id
    )
  }

  deleteAlert(id: number): void {
    this.sql('DELETE FROM alerts WHERE id = ?').run(id)
  }

  event(alertId: number, at: number, kind: string, detail = ''): void {
    this.sql('INSERT INTO alert_events (alert_id, at, kind, detail) VALUES (?, ?, ?, ?)').run(alertId, at, kind, detail)
  }

  timeline(alertId: number): { at: number; kind: string; detail: string }[] {
    return this.sql('SELECT at, kind, detail FROM alert_events WHERE alert_id = ? ORDER BY at, id').all(alertId) as {
      at: number
      kind: string
      detail: string
    }[]
  }

  recentFlips(alertRuleId: number, target: string, since: number): number {
    return (
      this.sql(
        "SELECT count(*) AS n FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.rule_id = ? AND a.target = ? AND e.kind IN ('firing', 'resolved') AND e.at >= ?"
      ).get(alertRuleId, target, since) as { n: number }
    ).n
  }

  channels(): (ChannelRow & { secret_hint: string | null; builtin: number })[] {
    return this.sql('SELECT * FROM alert_channels ORDER BY id').all() as (ChannelRow & { secret_hint: string | null; builtin: number })[]
  }

  channel(id: number): (ChannelRow & { secret_hint: string | null; builtin: number }) | undefined {
    return this.sql('SELECT * FROM alert_channels WHERE id = ?').get(id) as
      (ChannelRow & { secret_hint: string | null; builtin: number }) | undefined
  }

  silences(): (Silence & { comment: string; createdBy: string })[] {
    const rows = this.sql('SELECT * FROM silences ORDER BY ends_at DESC').all() as {
      id: number
      matchers: string
      starts_at: number
      ends_at: number
      comment: string
      created_by: string
    }[]
    return rows.map((r) => ({
      id: r.id,
      matchers: JSON.parse(r.matchers) as Silence['matchers'],
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      comment: r.comment,
      createdBy: r.created_by
    }))
  }
}
