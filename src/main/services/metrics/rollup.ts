/**
 * The built-in store's 5-minute rollup, for range queries with a step of 5 minutes or more. Per series and whole UTC
 * day, one blob holds for each of the 288 buckets (e − 5 min, e] the first and last sample time and the last value
 * (Float64 triplets; NaN time: no sample). "The last sample in (lo, hi]" for an interval of at most 5 minutes is then
 * read from at most two buckets, without touching the raw samples, unless the bucket holding `hi` has samples on both
 * sides of it (then one raw lookup answers that point). Answers are the raw path's exactly.
 * Whole past days are rolled up in the background (catchUp, a small budget each metrics tick); days not rolled up
 * yet are read raw. A day is dropped when samples are written into it late or retention deletes part of it.
 */
import { statementCache, type Db } from '../../db/open'

export const BUCKET_MS = 300_000
const DAY_MS = 86_400_000
const BUCKETS = DAY_MS / BUCKET_MS

type Row = { t: number; v: number | null }

/** `last(lo, hi)` of each interval (max(from − 1, at − width), min(to, at)], at = base + k·step within [from, to], in order. */
export function perStep(
  from: number,
  to: number,
  base: number,
  stepMs: number,
  widthMs: number,
  last: (lo: number, hi: number) => Row | null | undefined
): Row[] {
  const out: Row[] = []
  for (let k = Math.ceil((from - base) / stepMs); base + (k - 1) * stepMs < to; k++) {
    const row = last(Math.max(from - 1, base + k * stepMs - widthMs), Math.min(to, base + k * stepMs))
    if (row) out.push(row)
  }
  return out
}

/** The day (ms of its 00:00 UTC) a sample at t belongs to: buckets are (e − 5 min, e], so 00:00 closes the day before. */
export const dayOf = (t: number): number => Math.floor((t - 1) / DAY_MS) * DAY_MS

export class Rollup5m {
  private stmt: ReturnType<typeof statementCache>
  constructor(
    private db: Db,
    private now: () => number
  ) {
    this.stmt = statementCache(db)
  }

  /** A day can be rolled up once its last bucket is closed. */
  private complete(day: number): boolean {
    return day + DAY_MS <= this.now()
  }

  /** Days up to this one are rolled up for every series that has samples in them (since the last catch-up pass). */
  private doneThrough = -Infinity

  /**
   * Rolls up whole past days since `since` that have samples and no rollup yet, at most `max` series-days per call
   * (the metrics tick calls it every second with a small budget, so the main thread never stalls); returns how many.
   */
  catchUp(since: number, max: number): number {
    let built = 0
    const series = this.stmt('SELECT id FROM metrics_series').all() as { id: number }[]
    const has = this.stmt('SELECT 1 FROM metrics_rollup_5m WHERE series_id = ? AND day = ?')
    const any = this.stmt('SELECT 1 FROM metrics_samples WHERE series_id = ? AND t > ? AND t <= ? LIMIT 1')
    for (let d = Math.max(dayOf(since) + DAY_MS, this.doneThrough + DAY_MS); this.complete(d); d += DAY_MS) {
      for (const { id } of series) {
        if (has.get(id, d) || !any.get(id, d, d + DAY_MS)) continue
        if (built >= max) return built
        this.db.transaction(() => this.build(id, d))()
        built++
      }
      this.doneThrough = d
    }
    return built
  }

  /** Drops rolled-up days that samples were just written into (late or backfilled samples). */
  invalidate(rows: readonly { seriesId: number; t: number }[]): void {
    const seen = new Set<string>()
    const del = this.stmt('DELETE FROM metrics_rollup_5m WHERE series_id = ? AND day = ?')
    for (const r of rows) {
      const day = dayOf(r.t)
      if (!this.complete(day)) continue
      const key = `${r.seriesId}:${day}`
      if (seen.has(key)) continue
      seen.add(key)
      del.run(r.seriesId, day)
      this.doneThrough = Math.min(this.doneThrough, day - DAY_MS)
    }
  }

  /** Retention deleted samples before t: every day starting before it is no longer whole. */
  deleteBefore(t: number): void {
    this.stmt('DELETE FROM metrics_rollup_5m WHERE day < ?').run(t)
    this.doneThrough = Math.min(this.doneThrough, dayOf(t) - DAY_MS)
  }

  /** How many days of a series are rolled up (for tests and the docs' figures). */
  days(seriesId: number): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM metrics_rollup_5m WHERE series_id = ?').get(seriesId) as { n: number }).n
  }

  private build(seriesId: number, day: number): void {
    const out = new Float64Array(BUCKETS * 3).fill(NaN)
    const rows = this.stmt('SELECT t, v FROM metrics_samples WHERE series_id = ? AND t > ? AND t <= ? ORDER BY t').all(
      seriesId,
      day,
      day + DAY_MS
    ) as Row[]
    for (const r of rows) {
      const i = Math.ceil((r.t - day) / BUCKET_MS) - 1
      if (Number.isNaN(out[i * 3]!)) out[i * 3] = r.t
      out[i * 3 + 1] = r.t
      out[i * 3 + 2] = r.v === null ? NaN : r.v
    }
    this.stmt('INSERT OR REPLACE INTO metrics_rollup_5m (series_id, day, buckets) VALUES (?, ?, ?)').run(
      seriesId,
      day,
      Buffer.from(out.buffer)
    )
  }

  /** The rolled-up days of [from, to] of a series (days not rolled up yet are read raw). */
  private load(seriesId: number, from: number, to: number): Map<number, Float64Array> {
    const out = new Map<number, Float64Array>()
    const stored = this.stmt('SELECT day, buckets FROM metrics_rollup_5m WHERE series_id = ? AND day BETWEEN ? AND ?').all(
      seriesId,
      dayOf(from),
      dayOf(to)
    ) as { day: number; buckets: Buffer }[]
    for (const r of stored) {
      const b = r.buckets
      if (b.byteOffset % 8 === 0) out.set(r.day, new Float64Array(b.buffer, b.byteOffset, BUCKETS * 3))
      else {
        const copy = new Float64Array(BUCKETS * 3)
        new Uint8Array(copy.buffer).set(b)
        out.set(r.day, copy)
      }
    }
    return out
  }

  /**
   * The last sample of each interval (max(from − 1, at − width), min(to, at)] with at = base + k·step, as the raw
   * lastPerStep answers it; `raw(lo, hi)` is the raw lookup for the points the buckets cannot settle.
   */
  lastPerStep(
    seriesId: number,
    from: number,
    to: number,
    base: number,
    stepMs: number,
    widthMs: number,
    raw: (lo: number, hi: number) => Row | undefined
  ): Row[] {
    const days = this.load(seriesId, from - BUCKET_MS - 1, to)
    const bucket = (e: number): { b: Float64Array; i: number } | null => {
      const day = dayOf(e)
      const b = days.get(day)
      return b ? { b, i: Math.round((e - day) / BUCKET_MS) - 1 } : null
    }
    return perStep(from, to, base, stepMs, widthMs, (lo, hi) => {
      const settled = settle(bucket, lo, hi)
      return settled === undefined ? raw(lo, hi) : settled
    })
  }
}

/** The last sample in (lo, hi] from the buckets (hi − lo ≤ 5 min): null when there is none, undefined when they cannot tell. */
function settle(bucket: (e: number) => { b: Float64Array; i: number } | null, lo: number, hi: number): Row | undefined | null {
  const e1 = Math.ceil(hi / BUCKET_MS) * BUCKET_MS
  const b1 = bucket(e1)
  const b0 = bucket(e1 - BUCKET_MS)
  if (!b1 || !b0) return undefined
  const first1 = b1.b[b1.i * 3]!
  const last1 = b1.b[b1.i * 3 + 1]!
  if (!Number.isNaN(first1)) {
    if (last1 <= hi) return last1 > lo ? row(b1) : null
    if (first1 <= hi) return undefined // samples on both sides of hi: a raw lookup settles it
  }
  const last0 = b0.b[b0.i * 3 + 1]!
  return !Number.isNaN(last0) && last0 > lo ? row(b0) : null
}

function row({ b, i }: { b: Float64Array; i: number }): Row {
  const v = b[i * 3 + 2]!
  return { t: b[i * 3 + 1]!, v: Number.isNaN(v) ? null : v }
}
