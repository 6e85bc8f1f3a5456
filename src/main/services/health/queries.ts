import type { Incident, Series } from '../../../shared/contract'
import type { Db } from '../../db/open'
import type { RawResult } from './api'
import type { ComponentRow } from './writer'
import { Histogram } from './histogram'
import { HOUR, MINUTE, uptimeOf } from './rollup'
import { STATUS_NAME } from './state'
import { FrozenHours } from './frozenHours'

const DAY = 24 * HOUR

export interface Uptimes {
  uptime24h: number | null
  uptime7d: number | null
  uptime30d: number | null
  p95Ms24h: number | null
  sparkline: (number | null)[]
}

/** Read side of health: everything comes from rollups, never from raw rows (but the raw-result list). */
export class HealthQueries {
  private frozen: FrozenHours
  private seriesMinute
  private seriesHour

  constructor(private db: Db) {
    this.frozen = new FrozenHours(db)
    const seriesOf = (table: string) =>
      db.prepare(
        `SELECT bucket, count, failures, degraded, maintenance, hist FROM ${table} WHERE check_id = ? AND bucket >= ? AND bucket < ?`
      )
    this.seriesMinute = seriesOf('rollup_minute')
    this.seriesHour = seriesOf('rollup_hour')
  }

  /**
   * Uptime 24 h / 7 d / 30 d, merged p95 over 24 h and an hourly p95 sparkline, per service.
   * Complete hours come from memory (see FrozenHours); only the last two hours are read on each call.
   */
  uptimes(now: number): Map<number, Uptimes> {
    return this.frozen.uptimes(now)
  }

  /** The same figures read from every hourly rollup of the last 30 days: the reference FrozenHours is tested against. */
  uptimesFromRollups(now: number): Map<number, Uptimes> {
    const hourNow = Math.floor(now / HOUR) * HOUR
    const d1 = hourNow - 23 * HOUR
    const d7 = hourNow - 7 * DAY + HOUR
    const d30 = hourNow - 30 * DAY + HOUR
    const sums = this.db
      .prepare(
        `SELECT c.service_id AS sid,
           SUM(CASE WHEN r.bucket >= @d1 THEN r.count - r.maintenance ELSE 0 END) AS n1,
           SUM(CASE WHEN r.bucket >= @d1 THEN r.failures ELSE 0 END) AS f1,
           SUM(CASE WHEN r.bucket >= @d7 THEN r.count - r.maintenance ELSE 0 END) AS n7,
           SUM(CASE WHEN r.bucket >= @d7 THEN r.failures ELSE 0 END) AS f7,
           SUM(r.count - r.maintenance) AS n30, SUM(r.failures) AS f30
         FROM rollup_hour r JOIN checks c ON c.id = r.check_id
         WHERE r.bucket >= @d30 GROUP BY c.service_id`
      )
      .all({ d1, d7, d30 }) as { sid: number; n1: number; f1: number; n7: number; f7: number; n30: number; f30: number }[]
    const out = new Map<number, Uptimes>()
    for (const s of sums) {
      out.set(s.sid, {
        uptime24h: uptimeOf(s.n1, s.f1, 0),
        uptime7d: uptimeOf(s.n7, s.f7, 0),
        uptime30d: uptimeOf(s.n30, s.f30, 0),
        p95Ms24h: null,
        sparkline: new Array<number | null>(24).fill(null)
      })
    }
    const recent = this.db
      .prepare('SELECT c.service_id AS sid, r.bucket, r.hist FROM rollup_hour r JOIN checks c ON c.id = r.check_id WHERE r.bucket >= ?')
      .all(d1) as { sid: number; bucket: number; hist: Buffer }[]
    const merged = new Map<number, { all: Histogram; hours: Histogram[] }>()
    for (const r of recent) {
      let m = merged.get(r.sid)
      if (!m) merged.set(r.sid, (m = { all: new Histogram(), hours: Array.from({ length: 24 }, () => new Histogram()) }))
      const slot = Math.round((r.bucket - d1) / HOUR)
      Histogram.decode(r.hist, m.hours[slot] ?? new Histogram())
      Histogram.decode(r.hist, m.all)
    }
    for (const [sid, m] of merged) {
      const u = out.get(sid)
      if (!u) continue
      u.p95Ms24h = nullIfNaN(m.all.percentile(95))
      u.sparkline = m.hours.map((h) => nullIfNaN(h.percentile(95)))
    }
    return out
  }

  /** Percentiles and status counts on an even grid of at most `points` buckets over [from, to). */
  series(checkIds: number[], from: number, to: number, points: number, minuteRetentionMs: number, now: number): Series {
    const span = to - from
    const useMinutes = span <= 2 * DAY && from >= now - minuteRetentionMs
    const unit = useMinutes ? MINUTE : HOUR
    const bucketMs = Math.max(unit, Math.ceil(span / points / unit) * unit)
    const start = Math.floor(from / bucketMs) * bucketMs
    const n = Math.max(1, Math.ceil((to - start) / bucketMs))
    // histograms only for grid buckets that have rows (a 30-day chart of a new check has few)
    const hists: (Histogram | undefined)[] = new Array<Histogram | undefined>(n)
    const col = (): number[] => new Array<number>(n).fill(0)
    const count = col()
    const failures = col()
    const degraded = col()
    const maintenance = col()
    if (checkIds.length) {
      const stmt = useMinutes ? this.seriesMinute : this.seriesHour
      for (const id of checkIds) {
        for (const r of stmt.iterate(id, start, to) as Iterable<{
          bucket: number
          count: number
          failures: number
          degraded: number
          maintenance: number
          hist: Buffer
        }>) {
          const i = Math.floor((r.bucket - start) / bucketMs)
          if (i < 0 || i >= n) continue
          count[i]! += r.count
          failures[i]! += r.failures
          degraded[i]! += r.degraded
          maintenance[i]! += r.maintenance
          Histogram.decode(r.hist, (hists[i] ??= new Histogram()))
        }
      }
    }
    const p50 = new Array<number | null>(n).fill(null)
    const p95 = new Array<number | null>(n).fill(null)
    const p99 = new Array<number | null>(n).fill(null)
    for (let i = 0; i < n; i++) {
      const h = hists[i]
      if (!h) continue
      const [a, b, c] = h.quantiles()
      p50[i] = nullIfNaN(a)
      p95[i] = nullIfNaN(b)
      p99[i] = nullIfNaN(c)
    }
    const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0)
    return {
      bucketMs,
      t: Array.from({ length: n }, (_, i) => start + i * bucketMs),
      count,
      failures,
      degraded,
      maintenance,
      p50,
      p95,
      p99,
      uptime: uptimeOf(sum(count), sum(failures), sum(maintenance)),
      source: useMinutes ? 'minute' : 'hour'
    }
  }

  /** Per-check totals over a range, from hourly rollups (minute rollups for short ranges). */
  usage(from: number, to: number, minuteRetentionMs: number, now: number) {
    const useMinutes = to - from <= 2 * DAY && from >= now - minuteRetentionMs
    const table = useMinutes ? 'rollup_minute' : 'rollup_hour'
    const unit = useMinutes ? MINUTE : HOUR
    const rows = this.db
      .prepare(
        `SELECT r.check_id AS checkId, SUM(r.count) AS count, SUM(r.failures) AS failures, SUM(r.lat_sum) AS latSum
         FROM ${table} r WHERE r.bucket >= ? AND r.bucket < ? GROUP BY r.check_id`
      )
      .all(Math.floor(from / unit) * unit, to) as { checkId: number; count: number; failures: number; latSum: number }[]
    const p95 = new Map<number, Histogram>()
    const hist = this.db.prepare(`SELECT check_id, hist FROM ${table} WHERE bucket >= ? AND bucket < ?`)
    for (const r of hist.iterate(Math.floor(from / unit) * unit, to) as Iterable<{ check_id: number; hist: Buffer }>) {
      let h = p95.get(r.check_id)
      if (!h) p95.set(r.check_id, (h = new Histogram()))
      Histogram.decode(r.hist, h)
    }
    return rows.map((r) => ({
      checkId: r.checkId,
      count: r.count,
      failures: r.failures,
      errorRate: r.count ? r.failures / r.count : null,
      meanMs: r.count ? r.latSum / r.count : null,
      p95Ms: nullIfNaN(p95.get(r.checkId)?.percentile(95) ?? NaN)
    }))
  }

  incidents(opts: { serviceId?: number; openOnly: boolean; limit: number }, now: number): Incident[] {
    const where: string[] = []
    const args: unknown[] = []
    if (opts.serviceId !== undefined) {
      where.push('i.service_id = ?')
      args.push(opts.serviceId)
    }
    if (opts.openOnly) where.push('i.ended_at IS NULL')
    const rows = this.db
      .prepare(
        `SELECT i.id, i.service_id AS serviceId, s.name AS serviceName, i.check_id AS checkId, c.name AS checkName,
                i.started_at AS startedAt, i.ended_at AS endedAt, i.cause, i.error_kind AS errorKind
         FROM health_incidents i JOIN services s ON s.id = i.service_id LEFT JOIN checks c ON c.id = i.check_id
         ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY i.started_at DESC LIMIT ?`
      )
      .all(...args, opts.limit) as Omit<Incident, 'durationMs'>[]
    return rows.map((r) => ({ ...r, durationMs: (r.endedAt ?? now) - r.startedAt }))
  }

  /**
   * When each service's data starts: its earliest minute rollup when minutes still reach back to its first hour,
   * else its earliest hour. One index lookup per check (MIN on the primary key).
   */
  dataSince(): Map<number, number> {
    const rows = this.db
      .prepare(
        `SELECT service_id AS sid,
                MIN((SELECT MIN(bucket) FROM rollup_hour WHERE check_id = checks.id)) AS hour,
                MIN((SELECT MIN(bucket) FROM rollup_minute WHERE check_id = checks.id)) AS minute
           FROM checks GROUP BY service_id`
      )
      .all() as { sid: number; hour: number | null; minute: number | null }[]
    const out = new Map<number, number>()
    for (const r of rows) {
      const first = r.hour === null ? r.minute : r.minute !== null && r.minute - r.hour < 3_600_000 ? r.minute : r.hour
      if (first !== null) out.set(r.sid, first)
    }
    return out
  }

  openIncidentCounts(): Map<number, number> {
    const rows = this.db
      .prepare('SELECT service_id AS sid, COUNT(*) AS n FROM health_incidents WHERE ended_at IS NULL GROUP BY service_id')
      .all() as { sid: number; n: number }[]
    return new Map(rows.map((r) => [r.sid, r.n]))
  }

  results(checkId: number, limit: number, before?: number) {
    const rows = this.db
      .prepare(
        `SELECT ts, status, latency_ms AS latencyMs, status_code AS statusCode, maintenance, error_kind AS errorKind, error, snippet
         FROM results WHERE check_id = ? AND ts < ? ORDER BY ts DESC LIMIT ?`
      )
      .all(checkId, before ?? Number.MAX_SAFE_INTEGER, limit) as {
      ts: number
      status: number
      latencyMs: number
      statusCode: number | null
      maintenance: number
      errorKind: string | null
      error: string | null
      snippet: string | null
    }[]
    return rows.map((r) => ({ ...r, status: STATUS_NAME[r.status as 0 | 1 | 2], maintenance: r.maintenance === 1 }))
  }

  components(checkId: number) {
    return this.db
      .prepare(
        `SELECT key, name, status, observed_value AS observedValue, observed_unit AS observedUnit, component_type AS componentType, time, output, updated_at AS updatedAt
         FROM check_components WHERE check_id = ? ORDER BY key`
      )
      .all(checkId) as ComponentRow[]
  }

  /** Raw results since `from`, oldest first, of one check, one service or all (the alert backtest replays them). */
  rawResults(scope: { checkId: number | null; serviceId: number | null }, from: number): Iterable<RawResult> {
    const where = scope.checkId !== null ? 'c.id = ?' : scope.serviceId !== null ? 'c.service_id = ?' : '1 = 1'
    const args = scope.checkId !== null ? [scope.checkId] : scope.serviceId !== null ? [scope.serviceId] : []
    return this.db
      .prepare(
        `SELECT r.check_id AS checkId, c.service_id AS serviceId, c.name AS checkName, r.ts, r.status, r.latency_ms AS latencyMs, r.maintenance, r.error
         FROM results r JOIN checks c ON c.id = r.check_id WHERE ${where} AND r.ts >= ? ORDER BY r.ts`
      )
      .iterate(...args, from) as Iterable<RawResult>
  }

  /** How many times a service's checks ran in [from, to), from the hourly rollups. */
  checkRuns(serviceId: number, from: number, to: number): number {
    const row = this.db
      .prepare(
        'SELECT COALESCE(SUM(r.count), 0) AS n FROM rollup_hour r JOIN checks c ON c.id = r.check_id WHERE c.service_id = ? AND r.bucket >= ? AND r.bucket < ?'
      )
      .get(serviceId, from, to) as { n: number }
    return row.n
  }
}

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v)
