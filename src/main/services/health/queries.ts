import type { Incident, Series } from '../../../shared/contract'
import type { Db } from '../../db/open'
import type { ComponentRow } from './writer'
import { Histogram } from './histogram'
import { HOUR, MINUTE, uptimeOf } from './rollup'
import { STATUS_NAME } from './state'

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
    const seriesOf = (table: string) => db.prepare(`SELECT bucket, count, failures, degraded, maintenance, hist FROM ${table} WHERE check_id = ? AND bucket >= ? AND bucket < ?`)
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
        for (const r of stmt.iterate(id, start, to) as Iterable<{ bucket: number; count: number; failures: number; degraded: number; maintenance: number; hist: Buffer }>) {
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

  openIncidentCounts(): Map<number, number> {
    const rows = this.db.prepare('SELECT service_id AS sid, COUNT(*) AS n FROM health_incidents WHERE ended_at IS NULL GROUP BY service_id').all() as { sid: number; n: number }[]
    return new Map(rows.map((r) => [r.sid, r.n]))
  }

  results(checkId: number, limit: number, before?: number) {
    const rows = this.db
      .prepare(
        `SELECT ts, status, latency_ms AS latencyMs, status_code AS statusCode, maintenance, error_kind AS errorKind, error, snippet
         FROM results WHERE check_id = ? AND ts < ? ORDER BY ts DESC LIMIT ?`
      )
      .all(checkId, before ?? Number.MAX_SAFE_INTEGER, limit) as { ts: number; status: number; latencyMs: number; statusCode: number | null; maintenance: number; errorKind: string | null; error: string | null; snippet: string | null }[]
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
}

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v)

// ---------- the overview's complete hours, kept between calls ----------

/** Starts of the overview windows (24 h, 7 d, 30 d) when `edge` = current hour − 1 h: [start, edge) is complete. */
const windowStarts = (edge: number): [number, number, number] => [edge - 22 * HOUR, edge - 7 * DAY + 2 * HOUR, edge - 30 * DAY + 2 * HOUR]

/** Sums over the complete hours of each window (0: 24 h, 1: 7 d, 2: 30 d) of one check. */
interface CheckMemo {
  serviceId: number
  createdAt: number
  n: [number, number, number]
  f: [number, number, number]
  rows: [number, number, number]
}

/** The complete hours of the 24-hour window of one service: merged histogram and the sparkline's p95 per hour. */
interface ServiceMemo {
  all: Histogram
  spark: Map<number, number | null>
}

type HourRow = { check_id: number; bucket: number; n: number; f: number; hist: Buffer }
type CheckRef = { id: number; service_id: number; created_at: number }

let frozenIds = 0

/**
 * The overview needs 30 days of hourly rollups of every check (and 24 hourly histograms), but all of that
 * except the current and the previous hour is complete and no longer changes. This keeps, per check, the
 * sums of the complete hours in each window and, per service, the merged 24-hour histogram and sparkline
 * of its complete hours; when the hour moves on it adds the hour that completed and takes out the hours
 * that left each window. An overview then reads only the two live hours (~2 rows per check).
 *
 * What changes complete hours is noticed, never assumed away: temp triggers on rollup_hour note the check
 * of every row inserted, updated or deleted inside the held range (retention, deleted checks, imports,
 * hand-written SQL; the note rolls back with its transaction) and those checks are reloaded; checks that
 * appear, disappear or are recreated under a reused id are reloaded too; a commit by another connection
 * (a restore) shows in `PRAGMA data_version` and everything is read again.
 */
class FrozenHours {
  private edge = -Infinity
  private held = -Infinity
  private dataVersion = -1
  private checks = new Map<number, CheckMemo>()
  private services = new Map<number, ServiceMemo>()
  private readonly id = ++frozenIds
  private s?: ReturnType<FrozenHours['prepare']>
  /** How often each path ran (diagnostics, tests). */
  readonly stats = { calls: 0, rebuilds: 0, advances: 0, reloadedChecks: 0 }

  constructor(private db: Db) {}

  private prepare() {
    this.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS health_frozen_range (id INTEGER PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL);
      CREATE TEMP TABLE IF NOT EXISTS health_frozen_dirty (id INTEGER NOT NULL, check_id INTEGER NOT NULL, PRIMARY KEY (id, check_id)) WITHOUT ROWID;
      CREATE TEMP TRIGGER IF NOT EXISTS health_frozen_insert AFTER INSERT ON rollup_hour BEGIN
        INSERT OR IGNORE INTO health_frozen_dirty SELECT id, NEW.check_id FROM health_frozen_range WHERE NEW.bucket >= lo AND NEW.bucket < hi;
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS health_frozen_update AFTER UPDATE ON rollup_hour BEGIN
        INSERT OR IGNORE INTO health_frozen_dirty SELECT id, NEW.check_id FROM health_frozen_range WHERE NEW.bucket >= lo AND NEW.bucket < hi;
        INSERT OR IGNORE INTO health_frozen_dirty SELECT id, OLD.check_id FROM health_frozen_range WHERE OLD.bucket >= lo AND OLD.bucket < hi;
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS health_frozen_delete AFTER DELETE ON rollup_hour BEGIN
        INSERT OR IGNORE INTO health_frozen_dirty SELECT id, OLD.check_id FROM health_frozen_range WHERE OLD.bucket >= lo AND OLD.bucket < hi;
      END;`)
    this.db.prepare('INSERT OR REPLACE INTO health_frozen_range (id, lo, hi) VALUES (?, 0, 0)').run(this.id)
    return {
      dataVersion: this.db.prepare('PRAGMA data_version').pluck(),
      hold: this.db.prepare('UPDATE health_frozen_range SET lo = ?, hi = ? WHERE id = ?'),
      dirty: this.db.prepare('SELECT check_id FROM health_frozen_dirty WHERE id = ?').pluck(),
      clean: this.db.prepare('DELETE FROM health_frozen_dirty WHERE id = ?'),
      checks: this.db.prepare('SELECT id, service_id, created_at FROM checks'),
      // plain sums over one stretch of hours of one check (primary key range); CASE per row costs twice as much
      sums: this.db.prepare('SELECT COALESCE(SUM(count - maintenance), 0), COALESCE(SUM(failures), 0), COUNT(*) FROM rollup_hour WHERE check_id = ? AND bucket >= ? AND bucket < ?').raw(),
      range: this.db.prepare('SELECT check_id, bucket, count - maintenance AS n, failures AS f, hist FROM rollup_hour WHERE bucket >= ? AND bucket < ?'),
      live: this.db.prepare('SELECT check_id, bucket, count - maintenance AS n, failures AS f, hist FROM rollup_hour WHERE bucket >= ?'),
      ofCheck: this.db.prepare('SELECT check_id, bucket, count - maintenance AS n, failures AS f, hist FROM rollup_hour WHERE check_id = ? AND bucket >= ? AND bucket < ?')
    }
  }

  uptimes(now: number): Map<number, Uptimes> {
    const s = (this.s ??= this.prepare())
    this.stats.calls++
    const edge = Math.floor(now / HOUR) * HOUR - HOUR
    const list = s.checks.all() as CheckRef[]
    const dataVersion = s.dataVersion.get() as number
    if (dataVersion !== this.dataVersion || edge < this.edge || edge - this.edge > 2 * DAY) this.rebuild(edge, list)
    else {
      if (edge > this.edge) this.advance(edge)
      this.syncChecks(list)
    }
    if (this.held !== edge) {
      s.hold.run(windowStarts(edge)[2], edge, this.id)
      this.held = edge
    }
    this.dataVersion = dataVersion
    return this.combine(edge, list, s.live.all(edge) as HourRow[])
  }

  /** Everything from the rollups: at first use, when the clock jumped, and after another connection wrote. */
  private rebuild(edge: number, list: CheckRef[]): void {
    const s = this.s!
    this.stats.rebuilds++
    this.checks.clear()
    this.services.clear()
    this.edge = edge
    s.clean.run(this.id)
    for (const c of list) this.checks.set(c.id, this.load(c))
    this.buildServices(s.range.all(windowStarts(edge)[0], edge) as HourRow[], null)
  }

  /** Sums of one check's complete hours per window, from three disjoint stretches (~720 rows by primary key). */
  private load(c: CheckRef): CheckMemo {
    const [d1, d7, d30] = windowStarts(this.edge)
    const sums = this.s!.sums
    const [n1, f1, r1] = sums.get(c.id, d1, this.edge) as [number, number, number]
    const [n7, f7, r7] = sums.get(c.id, d7, d1) as [number, number, number]
    const [n30, f30, r30] = sums.get(c.id, d30, d7) as [number, number, number]
    return {
      serviceId: c.service_id,
      createdAt: c.created_at,
      n: [n1, n1 + n7, n1 + n7 + n30],
      f: [f1, f1 + f7, f1 + f7 + f30],
      rows: [r1, r1 + r7, r1 + r7 + r30]
    }
  }

  /** The hour moved on: add the hours that completed, take out the hours that left each window. */
  private advance(edge: number): void {
    const s = this.s!
    const from = this.edge
    const before = windowStarts(from)
    const after = windowStarts(edge)
    const ranges = mergeRanges([[from, edge], [before[0], after[0]], [before[1], after[1]], [before[2], after[2]]])
    const completed: HourRow[] = []
    this.stats.advances++
    for (const [lo, hi] of ranges) {
      for (const r of s.range.iterate(lo, hi) as Iterable<HourRow>) {
        const m = this.checks.get(r.check_id)
        if (!m) continue
        for (let w = 0; w < 3; w++) {
          const d = Number(r.bucket >= after[w]! && r.bucket < edge) - Number(r.bucket >= before[w]! && r.bucket < from)
          if (d) addTo(m, w, r.n, r.f, d)
        }
        const svc = this.services.get(m.serviceId)
        if (!svc) continue
        const was = r.bucket >= before[0] && r.bucket < from
        const is = r.bucket >= after[0] && r.bucket < edge
        if (was && !is) Histogram.decode(r.hist, svc.all, -1)
        else if (is && !was) {
          Histogram.decode(r.hist, svc.all)
          completed.push(r)
        }
      }
    }
    for (const svc of this.services.values()) for (const bucket of svc.spark.keys()) if (bucket < after[0]) svc.spark.delete(bucket)
    // sparkline values of the hours that completed, per service
    const perHour = new Map<string, { svc: ServiceMemo; bucket: number; hist: Histogram }>()
    for (const r of completed) {
      const svc = this.services.get(this.checks.get(r.check_id)!.serviceId)!
      const key = `${this.checks.get(r.check_id)!.serviceId}:${r.bucket}`
      let e = perHour.get(key)
      if (!e) perHour.set(key, (e = { svc, bucket: r.bucket, hist: new Histogram() }))
      Histogram.decode(r.hist, e.hist)
    }
    for (const e of perHour.values()) e.svc.spark.set(e.bucket, nullIfNaN(e.hist.percentile(95)))
    this.edge = edge
  }

  /** Checks whose complete hours changed, checks created, deleted or recreated under a reused id: reload them and their services. */
  private syncChecks(list: CheckRef[]): void {
    const s = this.s!
    const dirty = new Set(s.dirty.all(this.id) as number[])
    if (dirty.size) s.clean.run(this.id)
    const seen = new Set<number>()
    const stale = new Set<number>()
    for (const c of list) {
      seen.add(c.id)
      const m = this.checks.get(c.id)
      if (m && m.createdAt === c.created_at && m.serviceId === c.service_id && !dirty.has(c.id)) continue
      if (m) stale.add(m.serviceId)
      stale.add(c.service_id)
      this.stats.reloadedChecks++
      this.checks.set(c.id, this.load(c))
    }
    for (const [id, m] of this.checks) {
      if (seen.has(id)) continue
      this.checks.delete(id)
      stale.add(m.serviceId)
    }
    if (stale.size === 0) return
    for (const sid of stale) this.services.delete(sid)
    const d1 = windowStarts(this.edge)[0]
    const rows: HourRow[] = []
    for (const [id, m] of this.checks) if (stale.has(m.serviceId)) rows.push(...(s.ofCheck.all(id, d1, this.edge) as HourRow[]))
    this.buildServices(rows, stale)
  }

  /** Merged 24-hour histograms and sparkline values of complete hours, for `only` services (all when null). */
  private buildServices(rows: HourRow[], only: Set<number> | null): void {
    const perHour = new Map<number, Map<number, Histogram>>()
    for (const r of rows) {
      const sid = this.checks.get(r.check_id)?.serviceId
      if (sid === undefined) continue
      let hours = perHour.get(sid)
      if (!hours) perHour.set(sid, (hours = new Map()))
      let h = hours.get(r.bucket)
      if (!h) hours.set(r.bucket, (h = new Histogram()))
      Histogram.decode(r.hist, h)
    }
    const sids = only ?? new Set([...this.checks.values()].map((m) => m.serviceId))
    for (const sid of sids) {
      const memo: ServiceMemo = { all: new Histogram(), spark: new Map() }
      for (const [bucket, h] of perHour.get(sid) ?? []) {
        memo.all.merge(h)
        memo.spark.set(bucket, nullIfNaN(h.percentile(95)))
      }
      this.services.set(sid, memo)
    }
  }

  /** Complete hours from memory plus the live rows, per service. */
  private combine(edge: number, list: { id: number; service_id: number }[], live: HourRow[]): Map<number, Uptimes> {
    const d1 = windowStarts(edge)[0]
    const acc = new Map<number, { n: number[]; f: number[]; rows: number[]; all: Histogram | null; hours: Map<number, Histogram> }>()
    const accOf = (sid: number) => {
      let a = acc.get(sid)
      if (!a) acc.set(sid, (a = { n: [0, 0, 0], f: [0, 0, 0], rows: [0, 0, 0], all: null, hours: new Map() }))
      return a
    }
    for (const c of list) {
      const m = this.checks.get(c.id)
      if (!m || m.rows[2] === 0) continue
      const a = accOf(c.service_id)
      for (let w = 0; w < 3; w++) {
        a.n[w]! += m.n[w]!
        a.f[w]! += m.f[w]!
        a.rows[w]! += m.rows[w]!
      }
    }
    for (const r of live) {
      const sid = this.checks.get(r.check_id)?.serviceId
      if (sid === undefined) continue
      const a = accOf(sid)
      for (let w = 0; w < 3; w++) {
        a.n[w]! += r.n
        a.f[w]! += r.f
        a.rows[w]! += 1
      }
      a.all ??= (this.services.get(sid)?.all ?? new Histogram()).clone()
      Histogram.decode(r.hist, a.all)
      let h = a.hours.get(r.bucket)
      if (!h) a.hours.set(r.bucket, (h = new Histogram()))
      Histogram.decode(r.hist, h)
    }
    const out = new Map<number, Uptimes>()
    for (const [sid, a] of acc) {
      if (a.rows[2] === 0) continue
      const u: Uptimes = {
        uptime24h: uptimeOf(a.n[0]!, a.f[0]!, 0),
        uptime7d: uptimeOf(a.n[1]!, a.f[1]!, 0),
        uptime30d: uptimeOf(a.n[2]!, a.f[2]!, 0),
        p95Ms24h: null,
        sparkline: new Array<number | null>(24).fill(null)
      }
      if (a.rows[0]! > 0) {
        const svc = this.services.get(sid)
        u.p95Ms24h = nullIfNaN((a.all ?? svc?.all ?? new Histogram()).percentile(95))
        for (const [bucket, v] of svc?.spark ?? []) {
          const slot = Math.round((bucket - d1) / HOUR)
          if (slot >= 0 && slot < 24) u.sparkline[slot] = v
        }
        for (const [bucket, h] of a.hours) {
          const slot = Math.round((bucket - d1) / HOUR)
          if (slot >= 0 && slot < 24) u.sparkline[slot] = nullIfNaN(h.percentile(95))
        }
      }
      out.set(sid, u)
    }
    return out
  }
}

function addTo(m: CheckMemo, w: number, n: number, f: number, sign: number): void {
  m.n[w]! += n * sign
  m.f[w]! += f * sign
  m.rows[w]! += sign
}

/** Sorted, non-empty, non-overlapping [lo, hi) ranges. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.filter(([lo, hi]) => hi > lo).sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const r of sorted) {
    const last = out.at(-1)
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else out.push([r[0], r[1]])
  }
  return out
}
