// The overview's complete hours, kept between calls (see FrozenHours).
import type { Db } from '../../db/open'
import { Histogram } from './histogram'
import { HOUR, uptimeOf } from './rollup'
import type { Uptimes } from './queries'

const DAY = 24 * HOUR
const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v)

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
export class FrozenHours {
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
      sums: this.db
        .prepare(
          'SELECT COALESCE(SUM(count - maintenance), 0), COALESCE(SUM(failures), 0), COUNT(*) FROM rollup_hour WHERE check_id = ? AND bucket >= ? AND bucket < ?'
        )
        .raw(),
      range: this.db.prepare(
        'SELECT check_id, bucket, count - maintenance AS n, failures AS f, hist FROM rollup_hour WHERE bucket >= ? AND bucket < ?'
      ),
      live: this.db.prepare('SELECT check_id, bucket, count - maintenance AS n, failures AS f, hist FROM rollup_hour WHERE bucket >= ?'),
      ofCheck: this.db.prepare(
        'SELECT check_id, bucket, count - maintenance AS n, failures AS f, hist FROM rollup_hour WHERE check_id = ? AND bucket >= ? AND bucket < ?'
      )
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
    const ranges = mergeRanges([
      [from, edge],
      [before[0], after[0]],
      [before[1], after[1]],
      [before[2], after[2]]
    ])
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
