import type { Db } from '../../db/open'
import type { HealthComponent } from '../../../shared/health/types'
import { Aggregate, HOUR, MINUTE, type RollupRow } from './rollup'

/** One recorded result, with the state it left its check in. */
export interface ResultRecord {
  checkId: number
  ts: number
  status: 0 | 1 | 2
  latencyMs: number
  statusCode: number | null
  maintenance: boolean
  errorKind: string | null
  error: string | null
  snippet: string | null
  state: string
  since: number
  failures: number
  successes: number
  certExpiresAt: number | null
  certDaysLeft: number | null
  components: HealthComponent[] | null
}

export interface IncidentChange {
  kind: 'open' | 'close'
  serviceId: number
  checkId: number | null
  at: number
  cause?: string
  errorKind?: string | null
}

const SNIPPET_MAX = 2048

/** Buffers results and writes them in one transaction per flush: raw rows, rollups, state, incidents. */
export class ResultWriter {
  private buffer: ResultRecord[] = []
  private incidents: IncidentChange[] = []
  private minutes = new Map<string, Aggregate>()
  private hours = new Map<string, Aggregate>()
  private componentSig = new Map<number, string>()
  private stmts

  constructor(private db: Db) {
    this.stmts = {
      result: db.prepare(
        `INSERT OR REPLACE INTO results (check_id, ts, status, latency_ms, status_code, maintenance, error_kind, error, snippet)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ),
      getMinute: db.prepare('SELECT * FROM rollup_minute WHERE check_id = ? AND bucket = ?'),
      getHour: db.prepare('SELECT * FROM rollup_hour WHERE check_id = ? AND bucket = ?'),
      putMinute: db.prepare(
        `INSERT OR REPLACE INTO rollup_minute (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist)
         VALUES (@check_id, @bucket, @count, @failures, @degraded, @maintenance, @lat_min, @lat_max, @lat_sum, @p50, @p95, @p99, @hist)`
      ),
      putHour: db.prepare(
        `INSERT OR REPLACE INTO rollup_hour (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist)
         VALUES (@check_id, @bucket, @count, @failures, @degraded, @maintenance, @lat_min, @lat_max, @lat_sum, @p50, @p95, @p99, @hist)`
      ),
      state: db.prepare(
        `INSERT INTO check_state (check_id, state, since, last_run_at, last_latency_ms, last_status_code, last_error, last_error_kind, last_snippet,
           consecutive_failures, consecutive_successes, cert_expires_at, cert_days_left)
         VALUES (@checkId, @state, @since, @ts, @latencyMs, @statusCode, @error, @errorKind, @snippet, @failures, @successes, @certExpiresAt, @certDaysLeft)
         ON CONFLICT(check_id) DO UPDATE SET state = excluded.state, since = excluded.since, last_run_at = excluded.last_run_at,
           last_latency_ms = excluded.last_latency_ms, last_status_code = excluded.last_status_code, last_error = excluded.last_error,
           last_error_kind = excluded.last_error_kind, last_snippet = excluded.last_snippet, consecutive_failures = excluded.consecutive_failures,
           consecutive_successes = excluded.consecutive_successes,
           cert_expires_at = COALESCE(excluded.cert_expires_at, check_state.cert_expires_at),
           cert_days_left = COALESCE(excluded.cert_days_left, check_state.cert_days_left)`
      ),
      clearComponents: db.prepare('DELETE FROM check_components WHERE check_id = ?'),
      component: db.prepare(
        `INSERT INTO check_components (check_id, key, name, status, observed_value, observed_unit, component_type, time, output, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ),
      openIncident: db.prepare('INSERT INTO health_incidents (service_id, check_id, started_at, cause, error_kind) VALUES (?, ?, ?, ?, ?)'),
      closeIncident: db.prepare('UPDATE health_incidents SET ended_at = ? WHERE service_id = ? AND ended_at IS NULL')
    }
  }

  get pending(): number {
    return this.buffer.length
  }

  push(record: ResultRecord): void {
    this.buffer.push(record)
  }

  incident(change: IncidentChange): void {
    this.incidents.push(change)
  }

  /** Forget cached aggregates of a check (deleted or history cleared). */
  forget(checkId: number): void {
    for (const map of [this.minutes, this.hours]) for (const key of map.keys()) if (key.startsWith(`${checkId}:`)) map.delete(key)
    this.componentSig.delete(checkId)
  }

  private aggregate(map: Map<string, Aggregate>, get: { get(...a: unknown[]): unknown }, checkId: number, bucket: number): Aggregate {
    const key = `${checkId}:${bucket}`
    let agg = map.get(key)
    if (!agg) {
      const row = get.get(checkId, bucket) as RollupRow | undefined
      agg = row ? Aggregate.fromRow(row) : new Aggregate()
      map.set(key, agg)
    }
    return agg
  }

  /** Write everything buffered; returns what was written. `live` filters out results of deleted checks. */
  flush(live: (checkId: number) => boolean): ResultRecord[] {
    if (this.buffer.length === 0 && this.incidents.length === 0) return []
    const batch = this.buffer.filter((r) => live(r.checkId))
    const incidents = this.incidents
    this.buffer = []
    this.incidents = []
    const touchedMinutes = new Set<string>()
    const touchedHours = new Set<string>()
    const latest = new Map<number, ResultRecord>()
    const s = this.stmts
    this.db.transaction(() => {
      for (const r of batch) {
        const snippet = r.status === 0 || r.snippet === null ? null : r.snippet.slice(0, SNIPPET_MAX)
        s.result.run(r.checkId, r.ts, r.status, r.latencyMs, r.statusCode, r.maintenance ? 1 : 0, r.errorKind, r.error, snippet)
        const m = Math.floor(r.ts / MINUTE) * MINUTE
        const h = Math.floor(r.ts / HOUR) * HOUR
        this.aggregate(this.minutes, s.getMinute, r.checkId, m).add(r.status, r.latencyMs, r.maintenance)
        this.aggregate(this.hours, s.getHour, r.checkId, h).add(r.status, r.latencyMs, r.maintenance)
        touchedMinutes.add(`${r.checkId}:${m}`)
        touchedHours.add(`${r.checkId}:${h}`)
        latest.set(r.checkId, r)
      }
      for (const key of touchedMinutes) {
        const [id, b] = key.split(':').map(Number)
        s.putMinute.run(this.minutes.get(key)!.toRow(id!, b!))
      }
      for (const key of touchedHours) {
        const [id, b] = key.split(':').map(Number)
        s.putHour.run(this.hours.get(key)!.toRow(id!, b!))
      }
      for (const r of latest.values()) {
        s.state.run({ ...r, snippet: r.snippet?.slice(0, SNIPPET_MAX) ?? null })
        if (r.components) this.writeComponents(r.checkId, r.components, r.ts)
      }
      for (const change of incidents) {
        if (change.kind === 'open') s.openIncident.run(change.serviceId, change.checkId, change.at, change.cause ?? 'down', change.errorKind ?? null)
        else s.closeIncident.run(change.at, change.serviceId)
      }
    }).immediate()
    this.evict(batch.at(-1)?.ts)
    return batch
  }

  private writeComponents(checkId: number, components: HealthComponent[], at: number): void {
    const sig = JSON.stringify(components.map((c) => [c.key, c.status, c.observedValue, c.observedUnit, c.output, c.time]))
    if (this.componentSig.get(checkId) === sig) return
    this.componentSig.set(checkId, sig)
    this.stmts.clearComponents.run(checkId)
    for (const c of components) {
      this.stmts.component.run(
        checkId,
        c.key,
        c.name,
        c.status,
        c.observedValue === undefined ? null : String(c.observedValue),
        c.observedUnit ?? null,
        c.componentType ?? null,
        c.time ?? null,
        c.output ?? null,
        at
      )
    }
  }

  /** Drop cached buckets that can no longer receive results. */
  private evict(now: number | undefined): void {
    if (now === undefined) return
    const minuteFloor = now - 3 * MINUTE
    const hourFloor = now - 2 * HOUR
    for (const [key, _] of this.minutes) if (Number(key.split(':')[1]) < minuteFloor) this.minutes.delete(key)
    for (const [key, _] of this.hours) if (Number(key.split(':')[1]) < hourFloor) this.hours.delete(key)
  }
}
