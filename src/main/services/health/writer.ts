import type { Db } from '../../db/open'
import type { HealthComponent } from '../../../shared/health/types'
import { Aggregate, HOUR, MINUTE, ROLLUP_COLUMNS, type RollupRow } from './rollup'

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

type Buckets = Map<number, Map<number, Aggregate>>

/**
 * Buffers results and writes them in one transaction per flush: raw rows, rollups, state, incidents.
 * Open rollup buckets stay in memory (bucket start → check → aggregate) until they can no longer
 * receive results; each flush rewrites only the buckets it touched, and only the components that changed.
 */
export class ResultWriter {
  private buffer: ResultRecord[] = []
  private incidents: IncidentChange[] = []
  private minutes: Buckets = new Map()
  private hours: Buckets = new Map()
  /** Per check, what its check_components rows hold: key → signature. Unknown until first written. */
  private components = new Map<number, Map<string, string>>()
  /** Per check, the components of its newest flushed result and when its rows were last refreshed. */
  private latestComponents = new Map<number, { rows: ComponentRow[]; writtenAt: number }>()
  private stmts

  constructor(private db: Db) {
    this.stmts = {
      result: db.prepare(
        `INSERT OR REPLACE INTO results (check_id, ts, status, latency_ms, status_code, maintenance, error_kind, error, snippet)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ),
      getMinute: db.prepare('SELECT * FROM rollup_minute WHERE check_id = ? AND bucket = ?'),
      getHour: db.prepare('SELECT * FROM rollup_hour WHERE check_id = ? AND bucket = ?'),
      putMinute: db.prepare(`INSERT OR REPLACE INTO rollup_minute (${ROLLUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      putHour: db.prepare(`INSERT OR REPLACE INTO rollup_hour (${ROLLUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      state: db.prepare(
        `INSERT INTO check_state (check_id, state, since, last_run_at, last_latency_ms, last_status_code, last_error, last_error_kind, last_snippet,
           consecutive_failures, consecutive_successes, cert_expires_at, cert_days_left)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(check_id) DO UPDATE SET state = excluded.state, since = excluded.since, last_run_at = excluded.last_run_at,
           last_latency_ms = excluded.last_latency_ms, last_status_code = excluded.last_status_code, last_error = excluded.last_error,
           last_error_kind = excluded.last_error_kind, last_snippet = excluded.last_snippet, consecutive_failures = excluded.consecutive_failures,
           consecutive_successes = excluded.consecutive_successes,
           cert_expires_at = COALESCE(excluded.cert_expires_at, check_state.cert_expires_at),
           cert_days_left = COALESCE(excluded.cert_days_left, check_state.cert_days_left)`
      ),
      clearComponents: db.prepare('DELETE FROM check_components WHERE check_id = ?'),
      deleteComponent: db.prepare('DELETE FROM check_components WHERE check_id = ? AND key = ?'),
      component: db.prepare(
        `INSERT INTO check_components (check_id, key, name, status, observed_value, observed_unit, component_type, time, output, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(check_id, key) DO UPDATE SET name = excluded.name, status = excluded.status, observed_value = excluded.observed_value,
           observed_unit = excluded.observed_unit, component_type = excluded.component_type, time = excluded.time, output = excluded.output,
           updated_at = excluded.updated_at`
      ),
      openIncident: db.prepare('INSERT INTO health_incidents (service_id, check_id, started_at, cause, error_kind) VALUES (?, ?, ?, ?, ?)'),
      closeIncident: db.prepare('UPDATE health_incidents SET ended_at = ? WHERE service_id = ? AND ended_at IS NULL')
    }
  }

  get pending(): number {
    return this.buffer.length
  }

  /** Open rollup aggregates held in memory (leak checks): at most ~3 minutes and ~3 hours of buckets per check. */
  get cachedAggregates(): { minutes: number; hours: number } {
    const count = (b: Buckets): number => [...b.values()].reduce((n, byCheck) => n + byCheck.size, 0)
    return { minutes: count(this.minutes), hours: count(this.hours) }
  }

  /** Checks whose component signatures and newest components are held in memory (leak checks). */
  get cachedComponents(): { signatures: number; latest: number } {
    return { signatures: this.components.size, latest: this.latestComponents.size }
  }

  push(record: ResultRecord): void {
    this.buffer.push(record)
  }

  incident(change: IncidentChange): void {
    this.incidents.push(change)
  }

  /** Forget cached aggregates of a check (deleted or history cleared). */
  forget(checkId: number): void {
    for (const buckets of [this.minutes, this.hours]) for (const byCheck of buckets.values()) byCheck.delete(checkId)
    this.components.delete(checkId)
    this.latestComponents.delete(checkId)
  }

  /** The newest components of a check (fresher than its rows, which follow values at most once a minute), if any arrived since start. */
  componentsOf(checkId: number): ComponentRow[] | undefined {
    return this.latestComponents.get(checkId)?.rows
  }

  private aggregate(buckets: Buckets, get: { get(...a: unknown[]): unknown }, checkId: number, bucket: number): Aggregate {
    let byCheck = buckets.get(bucket)
    if (!byCheck) buckets.set(bucket, (byCheck = new Map()))
    let agg = byCheck.get(checkId)
    if (!agg) {
      const row = get.get(checkId, bucket) as RollupRow | undefined
      agg = row ? Aggregate.fromRow(row) : new Aggregate()
      byCheck.set(checkId, agg)
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
    // bucket aggregates touched by this batch, each once, with the row they belong to
    const touchedMinutes = new Map<Aggregate, [number, number]>()
    const touchedHours = new Map<Aggregate, [number, number]>()
    const latest = new Map<number, ResultRecord>()
    let newest = -Infinity
    const s = this.stmts
    this.db
      .transaction(() => {
        for (const r of batch) {
          const snippet = r.status === 0 || r.snippet === null ? null : r.snippet.slice(0, SNIPPET_MAX)
          s.result.run(r.checkId, r.ts, r.status, r.latencyMs, r.statusCode, r.maintenance ? 1 : 0, r.errorKind, r.error, snippet)
          const m = Math.floor(r.ts / MINUTE) * MINUTE
          const h = Math.floor(r.ts / HOUR) * HOUR
          const minute = this.aggregate(this.minutes, s.getMinute, r.checkId, m)
          const hour = this.aggregate(this.hours, s.getHour, r.checkId, h)
          minute.add(r.status, r.latencyMs, r.maintenance)
          hour.add(r.status, r.latencyMs, r.maintenance)
          touchedMinutes.set(minute, [r.checkId, m])
          touchedHours.set(hour, [r.checkId, h])
          latest.set(r.checkId, r)
          if (r.ts > newest) newest = r.ts
        }
        for (const [agg, [id, b]] of touchedMinutes) s.putMinute.run(agg.toParams(id, b))
        for (const [agg, [id, b]] of touchedHours) s.putHour.run(agg.toParams(id, b))
        for (const r of latest.values()) {
          s.state.run(
            r.checkId,
            r.state,
            r.since,
            r.ts,
            r.latencyMs,
            r.statusCode,
            r.error,
            r.errorKind,
            // like the results table: a snippet only when the result is not UP (it is shown beside the error);
            // UP bodies would make every state row ~1-2 KB, rewritten on every run
            r.status === 0 || r.snippet === null ? null : r.snippet.slice(0, SNIPPET_MAX),
            r.failures,
            r.successes,
            r.certExpiresAt,
            r.certDaysLeft
          )
          if (r.components) this.writeComponents(r.checkId, r.components, r.ts)
        }
        for (const change of incidents) {
          if (change.kind === 'open')
            s.openIncident.run(change.serviceId, change.checkId, change.at, change.cause ?? 'down', change.errorKind ?? null)
          else s.closeIncident.run(change.at, change.serviceId)
        }
      })
      .immediate()
    this.evict(newest)
    return batch
  }

  /**
   * Upsert the components that changed since the last write, delete the ones that went away. A change of value or
   * time alone is written at most once a minute (readers get the newest from componentsOf); any other change at once.
   */
  private writeComponents(checkId: number, components: HealthComponent[], at: number): void {
    let known = this.components.get(checkId)
    if (!known) {
      // first write since start: the table may hold rows from an earlier run
      this.stmts.clearComponents.run(checkId)
      known = new Map()
    }
    const rows = components.map((c) => componentRow(c, at))
    const previous = this.latestComponents.get(checkId)
    const refresh = !previous || at - previous.writtenAt >= COMPONENT_VALUE_REFRESH_MS
    const next = new Map<string, string>()
    let wrote = false
    for (const r of rows) {
      const shape = `${r.name}\u0000${r.status}\u0000${r.observedUnit}\u0000${r.componentType}\u0000${r.output}`
      const sig = `${shape}\u0000${r.observedValue}\u0000${r.time}`
      const had = known.get(r.key)
      if (had === sig || (had !== undefined && !refresh && had.startsWith(`${shape}\u0000`))) {
        next.set(r.key, had)
        continue
      }
      next.set(r.key, sig)
      wrote = true
      this.stmts.component.run(checkId, r.key, r.name, r.status, r.observedValue, r.observedUnit, r.componentType, r.time, r.output, at)
    }
    for (const key of known.keys()) if (!next.has(key)) this.stmts.deleteComponent.run(checkId, key)
    this.components.set(checkId, next)
    this.latestComponents.set(checkId, { rows, writtenAt: wrote || !previous ? at : previous.writtenAt })
  }

  /** Drop cached buckets that can no longer receive results. */
  private evict(now: number): void {
    if (now === -Infinity) return
    const minuteFloor = now - 3 * MINUTE
    const hourFloor = now - 2 * HOUR
    for (const bucket of this.minutes.keys()) if (bucket < minuteFloor) this.minutes.delete(bucket)
    for (const bucket of this.hours.keys()) if (bucket < hourFloor) this.hours.delete(bucket)
  }
}

/** How often a component whose value alone changes is written to its row. */
export const COMPONENT_VALUE_REFRESH_MS = 60_000

/** A component as check_components holds it and the service detail shows it. */
export interface ComponentRow {
  key: string
  name: string
  status: HealthComponent['status']
  observedValue: string | null
  observedUnit: string | null
  componentType: string | null
  time: string | null
  output: string | null
  updatedAt: number
}

function componentRow(c: HealthComponent, at: number): ComponentRow {
  return {
    key: c.key,
    name: c.name,
    status: c.status,
    observedValue: c.observedValue === undefined ? null : String(c.observedValue),
    observedUnit: c.observedUnit ?? null,
    componentType: c.componentType ?? null,
    time: c.time ?? null,
    output: c.output ?? null,
    updatedAt: at
  }
}
