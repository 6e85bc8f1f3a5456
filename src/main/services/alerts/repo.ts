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
  /** FailureDetail as JSON (health signals), else null. */
  failure: string | null
}

export interface NoteRow {
  id: number
  at: number
  author: string
  text: string
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

/** The WHERE terms whose value is given (neither undefined nor ''), with their arguments. */
function conditions(terms: [string, unknown][]): { where: string[]; args: unknown[] } {
  const given = terms.filter(([, v]) => v !== undefined && v !== '')
  return { where: given.map(([sql]) => sql), args: given.map(([, v]) => v) }
}

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

  /** Services that already have their built-in "down" rule. */
  servicesWithDefaultRule(): Set<number> {
    const rows = this.sql('SELECT service_id AS id FROM alert_rules WHERE builtin = 1 AND service_id IS NOT NULL').all() as { id: number }[]
    return new Set(rows.map((r) => r.id))
  }

  /** Keys of the area-wide default rules already created once (kept after their rule is deleted). */
  seededDefaults(): Set<string> {
    return new Set((this.sql('SELECT key FROM alert_default_rules').all() as { key: string }[]).map((r) => r.key))
  }

  markDefaultSeeded(key: string, at: number): void {
    this.sql('INSERT OR IGNORE INTO alert_default_rules (key, created_at) VALUES (?, ?)').run(key, at)
  }

  /** Open (pending or firing) alerts per rule. */
  openCountsByRule(): Map<number, number> {
    const rows = this.sql("SELECT rule_id, count(*) AS n FROM alerts WHERE state != 'resolved' GROUP BY rule_id").all() as {
      rule_id: number
      n: number
    }[]
    return new Map(rows.map((o) => [o.rule_id, o.n]))
  }

  /** Alerts newest first with their delivery counts, in one query. */
  listAlerts(f: { state?: string | undefined; severity?: string | undefined; serviceId?: number | undefined; limit: number }): (AlertRow & {
    notifications: number
  })[] {
    const { where, args } = conditions([
      ['a.state = ?', f.state],
      ['a.severity = ?', f.severity],
      ['a.service_id = ?', f.serviceId]
    ])
    return this.db
      .prepare(
        `SELECT a.*, COALESCE(d.n, 0) AS notifications FROM alerts a
         LEFT JOIN (SELECT alert_id, count(*) AS n FROM deliveries WHERE alert_id IS NOT NULL GROUP BY alert_id) d ON d.alert_id = a.id
         ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY COALESCE(a.fired_at, a.pending_since) DESC LIMIT ?`
      )
      .all(...args, f.limit) as (AlertRow & { notifications: number })[]
  }

  deliveryCount(alertId: number): number {
    return (this.sql('SELECT count(*) AS n FROM deliveries WHERE alert_id = ?').get(alertId) as { n: number }).n
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
    failure: string | null
  }): number {
    return Number(
      this.sql(
        `INSERT INTO alerts (rule_id, target, service_id, state, severity, summary, value, labels, pending_since, fired_at, failure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
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
        a.state === 'firing' ? a.at : null,
        a.failure
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
        | 'flapping'
        | 'failure',
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

  /**
   * Up to `batch` resolved alerts (their events go with them) and up to `batch` deliveries per destination from before
   * `before`; returns how many rows went. Both walk an index (alerts by state and start, deliveries by destination and time).
   */
  pruneHistory(before: number, batch: number): number {
    let n = this.sql(
      "DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE state = 'resolved' AND pending_since < ? AND resolved_at < ? LIMIT ?)"
    ).run(before, before, batch).changes
    for (const { id } of this.sql('SELECT id FROM alert_channels').all() as { id: number }[])
      n += this.sql('DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE channel_id = ? AND at < ? LIMIT ?)').run(
        id,
        before,
        batch
      ).changes
    return n
  }

  deleteAlert(id: number): void {
    this.sql('DELETE FROM alerts WHERE id = ?').run(id)
  }

  event(alertId: number, at: number, kind: string, detail = ''): void {
    this.sql('INSERT INTO alert_events (alert_id, at, kind, detail) VALUES (?, ?, ?, ?)').run(alertId, at, kind, detail)
  }

  addNote(alertId: number, at: number, author: string, text: string): number {
    return Number(
      this.sql('INSERT INTO alert_notes (alert_id, at, author, text) VALUES (?, ?, ?, ?)').run(alertId, at, author, text).lastInsertRowid
    )
  }

  /** An alert's notes, oldest first. */
  notes(alertId: number): NoteRow[] {
    return this.sql('SELECT id, at, author, text FROM alert_notes WHERE alert_id = ? ORDER BY at, id').all(alertId) as NoteRow[]
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

  insertSilence(matchers: unknown, startsAt: number, endsAt: number, comment: string, createdBy: string, at: number): number {
    return Number(
      this.sql('INSERT INTO silences (matchers, starts_at, ends_at, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        JSON.stringify(matchers),
        startsAt,
        endsAt,
        comment,
        createdBy,
        at
      ).lastInsertRowid
    )
  }

  /** Ends a silence now (or keeps its earlier end); false when there is no such silence. */
  expireSilence(id: number, at: number): boolean {
    return this.sql('UPDATE silences SET ends_at = MIN(ends_at, ?) WHERE id = ?').run(at, id).changes > 0
  }

  insertDesktopChannel(at: number): void {
    this.sql(
      "INSERT OR IGNORE INTO alert_channels (name, kind, config, enabled, builtin, created_at) VALUES ('Desktop', 'desktop', '{\"kind\":\"desktop\"}', 1, 1, ?)"
    ).run(at)
  }

  insertChannel(
    c: { name: string; kind: string; config: string; secret: Buffer | null; secretHint: string | null; enabled: boolean },
    at: number
  ): number {
    return Number(
      this.sql(
        'INSERT INTO alert_channels (name, kind, config, secret, secret_hint, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
      ).run(c.name, c.kind, c.config, c.secret, c.secretHint, c.enabled ? 1 : 0, at).lastInsertRowid
    )
  }

  updateChannel(id: number, c: { name: string; config: string; secret: Buffer | null; secretHint: string | null; enabled: boolean }): void {
    this.sql('UPDATE alert_channels SET name = ?, config = ?, secret = ?, secret_hint = ?, enabled = ? WHERE id = ?').run(
      c.name,
      c.config,
      c.secret,
      c.secretHint,
      c.enabled ? 1 : 0,
      id
    )
  }

  deleteChannel(id: number): void {
    this.sql('DELETE FROM alert_channels WHERE id = ?').run(id)
  }

  /** The newest finished delivery of each channel, in one query. */
  lastDeliveries(): Map<number, { at: number; status: string; error: string | null }> {
    const rows = this.sql(
      `SELECT channel_id AS channelId, at, status, error FROM (
         SELECT channel_id, at, status, error, row_number() OVER (PARTITION BY channel_id ORDER BY at DESC, id DESC) AS rn
         FROM deliveries WHERE status != 'sending') WHERE rn = 1`
    ).all() as { channelId: number; at: number; status: string; error: string | null }[]
    return new Map(rows.map((r) => [r.channelId, r]))
  }

  deliveries(f: { channelId?: number | undefined; alertId?: number | undefined; limit: number }): DeliveryRow[] {
    const { where, args } = conditions([
      ['d.channel_id = ?', f.channelId],
      ['d.alert_id = ?', f.alertId]
    ])
    return this.db
      .prepare(
        `SELECT d.id, d.alert_id AS alertId, r.name AS alertName, a.target AS alertTarget, d.channel_id AS channelId, c.name AS channelName, c.kind, d.event, d.at,
                d.attempts, d.status, d.error, d.response_code AS responseCode, d.duration_ms AS durationMs
         FROM deliveries d JOIN alert_channels c ON c.id = d.channel_id
         LEFT JOIN alerts a ON a.id = d.alert_id LEFT JOIN alert_rules r ON r.id = a.rule_id ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY d.at DESC, d.id DESC LIMIT ?`
      )
      .all(...args, f.limit) as DeliveryRow[]
  }
}

export interface DeliveryRow {
  id: number
  alertId: number | null
  /** The alert's rule name (null for tests and reports). */
  alertName: string | null
  alertTarget: string | null
  channelId: number
  channelName: string
  kind: string
  event: string
  at: number
  attempts: number
  status: string
  error: string | null
  responseCode: number | null
  durationMs: number | null
}
