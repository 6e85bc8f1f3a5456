/** SQL of the metrics area: sources, scrape targets, the built-in sample store, rules and recommendations. */
import type { Db } from '../../db/open'
import { BUCKET_MS, perStep, Rollup5m } from './rollup'
import { statementCache } from '../../db/open'

export interface SourceRow {
  id: number
  name: string
  url: string
  auth: 'none' | 'bearer' | 'basic'
  username: string | null
  secret: Buffer | null
  tenant: string | null
  created_at: number
}

export interface TargetRow {
  id: number
  url: string
  job: string
  service: string | null
  interval_s: number
  last_scrape_at: number | null
  last_error: string | null
  last_samples: number | null
  last_duration_ms: number | null
}

export interface RuleRow {
  id: number
  name: string
  source_id: number
  query: string
  kind: 'threshold' | 'predictive'
  op: '>' | '<'
  threshold: number
  for_s: number
  horizon_s: number
  state: 'ok' | 'pending' | 'firing' | 'error'
  pending_since: number | null
  last_value: number | null
  last_message: string | null
  last_eval_at: number | null
}

export interface RecommendationRow {
  id: number
  key: string
  kind: 'over-provisioned' | 'under-provisioned' | 'slow-endpoint' | 'deploy-regression'
  subject: string
  detail: string
  evidence_query: string
  baseline: number
  saving_per_month: number | null
  /** Where the saving's price comes from (bills in Costs, or the typed price). */
  saving_basis: string | null
  saving_currency: string | null
  /** JSON [{component, seconds, share}] of a slow endpoint. */
  breakdown: string | null
  state: 'open' | 'accepted' | 'dismissed' | 'snoozed'
  snoozed_until: number | null
  accepted_at: number | null
  measured: number | null
  created_at: number
}

export class MetricsRepo {
  private stmt: ReturnType<typeof statementCache>
  private seriesIds = new Map<string, number>()
  readonly rollup: Rollup5m
  constructor(
    readonly db: Db,
    now: () => number = Date.now
  ) {
    this.stmt = statementCache(db)
    this.rollup = new Rollup5m(db, now)
  }

  sources(): SourceRow[] {
    return this.stmt('SELECT * FROM metrics_sources ORDER BY name').all() as SourceRow[]
  }
  source(id: number): SourceRow | undefined {
    return this.stmt('SELECT * FROM metrics_sources WHERE id = ?').get(id) as SourceRow | undefined
  }
  insertSource(r: Omit<SourceRow, 'id'>): number {
    return Number(
      this.stmt(
        'INSERT INTO metrics_sources (name, url, auth, username, secret, tenant, created_at) VALUES (@name, @url, @auth, @username, @secret, @tenant, @created_at)'
      ).run(r).lastInsertRowid
    )
  }
  updateSource(r: Omit<SourceRow, 'created_at'>): void {
    this.stmt(
      'UPDATE metrics_sources SET name = @name, url = @url, auth = @auth, username = @username, secret = @secret, tenant = @tenant WHERE id = @id'
    ).run(r)
  }
  deleteSource(id: number): boolean {
    return this.stmt('DELETE FROM metrics_sources WHERE id = ?').run(id).changes > 0
  }

  targets(): TargetRow[] {
    return this.stmt('SELECT * FROM metrics_targets ORDER BY job, url').all() as TargetRow[]
  }
  target(id: number): TargetRow | undefined {
    return this.stmt('SELECT * FROM metrics_targets WHERE id = ?').get(id) as TargetRow | undefined
  }
  saveTarget(r: { id?: number; url: string; job: string; service: string | null; interval_s: number }, now: number): number {
    if (r.id) {
      this.stmt('UPDATE metrics_targets SET url = @url, job = @job, service = @service, interval_s = @interval_s WHERE id = @id').run(r)
      return r.id
    }
    return Number(
      this.stmt(
        'INSERT INTO metrics_targets (url, job, service, interval_s, created_at) VALUES (@url, @job, @service, @interval_s, @now)'
      ).run({ ...r, now }).lastInsertRowid
    )
  }
  deleteTarget(id: number): boolean {
    return this.stmt('DELETE FROM metrics_targets WHERE id = ?').run(id).changes > 0
  }
  recordScrape(id: number, at: number, error: string | null, samples: number | null, durationMs: number): void {
    this.stmt('UPDATE metrics_targets SET last_scrape_at = ?, last_error = ?, last_samples = ?, last_duration_ms = ? WHERE id = ?').run(
      at,
      error,
      samples,
      durationMs,
      id
    )
  }

  /** The id of a series (created on first sight); `key` is the canonical label set. */
  seriesId(name: string, key: string): number {
    let id = this.seriesIds.get(key)
    if (id !== undefined) return id
    const row = this.stmt('SELECT id FROM metrics_series WHERE labels = ?').get(key) as { id: number } | undefined
    id = row ? row.id : Number(this.stmt('INSERT INTO metrics_series (name, labels) VALUES (?, ?)').run(name, key).lastInsertRowid)
    this.seriesIds.set(key, id)
    return id
  }
  insertSamples(rows: { seriesId: number; t: number; v: number }[]): void {
    const ins = this.stmt('INSERT OR REPLACE INTO metrics_samples (series_id, t, v) VALUES (?, ?, ?)')
    this.db.transaction(() => {
      for (const r of rows) ins.run(r.seriesId, r.t, Number.isNaN(r.v) ? null : r.v)
      this.rollup.invalidate(rows)
    })()
  }
  seriesByName(name: string | null): { id: number; labels: string }[] {
    if (name === null) return this.stmt('SELECT id, labels FROM metrics_series').all() as { id: number; labels: string }[]
    return this.stmt('SELECT id, labels FROM metrics_series WHERE name = ?').all(name) as { id: number; labels: string }[]
  }
  samples(seriesId: number, from: number, to: number): { t: number; v: number | null }[] {
    return this.stmt('SELECT t, v FROM metrics_samples WHERE series_id = ? AND t BETWEEN ? AND ? ORDER BY t').all(seriesId, from, to) as {
      t: number
      v: number | null
    }[]
  }
  /**
   * The last sample of each interval (base + k·step − width, base + k·step] within [from, to], in time order: one indexed
   * lookup per interval, so a 30-day range at a 2-hour step reads 361 rows of a series, not all of them; with a step of
   * 5 minutes or more (and a width of at most 5) the 5-minute rollup answers instead (`raw: true` forces the lookups).
   */
  lastPerStep(
    seriesId: number,
    from: number,
    to: number,
    base: number,
    stepMs: number,
    widthMs = stepMs,
    raw = false
  ): { t: number; v: number | null }[] {
    const last = this.stmt('SELECT t, v FROM metrics_samples WHERE series_id = ? AND t > ? AND t <= ? ORDER BY t DESC LIMIT 1')
    const lookup = (lo: number, hi: number) => last.get(seriesId, lo, hi) as { t: number; v: number | null } | undefined
    if (!raw && stepMs >= BUCKET_MS && widthMs <= BUCKET_MS)
      return this.rollup.lastPerStep(seriesId, from, to, base, stepMs, widthMs, lookup)
    return perStep(from, to, base, stepMs, widthMs, lookup)
  }
  deleteSamplesBefore(t: number): number {
    this.rollup.deleteBefore(t)
    return this.stmt('DELETE FROM metrics_samples WHERE t < ?').run(t).changes
  }

  rules(): RuleRow[] {
    return this.stmt('SELECT * FROM metrics_rules ORDER BY name').all() as RuleRow[]
  }
  rule(id: number): RuleRow | undefined {
    return this.stmt('SELECT * FROM metrics_rules WHERE id = ?').get(id) as RuleRow | undefined
  }
  saveRule(
    r: Omit<RuleRow, 'state' | 'pending_since' | 'last_value' | 'last_message' | 'last_eval_at' | 'id'> & { id?: number },
    now: number
  ): number {
    if (r.id) {
      this.stmt(
        `UPDATE metrics_rules SET name = @name, source_id = @source_id, query = @query, kind = @kind, op = @op, threshold = @threshold, for_s = @for_s,
         horizon_s = @horizon_s, state = 'ok', pending_since = NULL WHERE id = @id`
      ).run(r)
      return r.id
    }
    return Number(
      this.stmt(
        `INSERT INTO metrics_rules (name, source_id, query, kind, op, threshold, for_s, horizon_s, created_at)
         VALUES (@name, @source_id, @query, @kind, @op, @threshold, @for_s, @horizon_s, @now)`
      ).run({ ...r, now }).lastInsertRowid
    )
  }
  deleteRule(id: number): boolean {
    return this.stmt('DELETE FROM metrics_rules WHERE id = ?').run(id).changes > 0
  }
  recordRule(
    id: number,
    state: RuleRow['state'],
    pendingSince: number | null,
    value: number | null,
    message: string | null,
    at: number
  ): void {
    this.stmt('UPDATE metrics_rules SET state = ?, pending_since = ?, last_value = ?, last_message = ?, last_eval_at = ? WHERE id = ?').run(
      state,
      pendingSince,
      value !== null && Number.isFinite(value) ? value : null,
      message,
      at,
      id
    )
  }

  recommendations(state?: RecommendationRow['state']): RecommendationRow[] {
    if (state)
      return this.stmt('SELECT * FROM metrics_recommendations WHERE state = ? ORDER BY saving_per_month DESC NULLS LAST, id').all(
        state
      ) as RecommendationRow[]
    return this.stmt('SELECT * FROM metrics_recommendations ORDER BY saving_per_month DESC NULLS LAST, id').all() as RecommendationRow[]
  }
  recommendation(id: number): RecommendationRow | undefined {
    return this.stmt('SELECT * FROM metrics_recommendations WHERE id = ?').get(id) as RecommendationRow | undefined
  }
  /** Insert or refresh a recommendation by key; a decided one keeps its state. */
  upsertRecommendation(
    r: Omit<RecommendationRow, 'id' | 'state' | 'snoozed_until' | 'accepted_at' | 'measured' | 'created_at'>,
    now: number
  ): void {
    this.stmt(
      `INSERT INTO metrics_recommendations (key, kind, subject, detail, evidence_query, baseline, saving_per_month, saving_basis, saving_currency, breakdown, created_at, updated_at)
       VALUES (@key, @kind, @subject, @detail, @evidence_query, @baseline, @saving_per_month, @saving_basis, @saving_currency, @breakdown, @now, @now)
       ON CONFLICT (key) DO UPDATE SET detail = excluded.detail, evidence_query = excluded.evidence_query,
         baseline = CASE WHEN state = 'accepted' THEN baseline ELSE excluded.baseline END,
         saving_per_month = excluded.saving_per_month, saving_basis = excluded.saving_basis, saving_currency = excluded.saving_currency, breakdown = excluded.breakdown,
         updated_at = excluded.updated_at`
    ).run({ ...r, now })
  }
  decide(id: number, state: RecommendationRow['state'], snoozedUntil: number | null, now: number): void {
    this.stmt(
      `UPDATE metrics_recommendations SET state = ?, snoozed_until = ?, accepted_at = CASE WHEN ? = 'accepted' THEN ? ELSE NULL END, updated_at = ? WHERE id = ?`
    ).run(state, snoozedUntil, state, now, now, id)
  }
  recordMeasured(id: number, measured: number): void {
    this.stmt('UPDATE metrics_recommendations SET measured = ? WHERE id = ?').run(measured, id)
  }
  wakeSnoozed(now: number): void {
    this.stmt(`UPDATE metrics_recommendations SET state = 'open', snoozed_until = NULL WHERE state = 'snoozed' AND snoozed_until <= ?`).run(
      now
    )
  }
}
