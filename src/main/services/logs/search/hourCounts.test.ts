/**
 * The hourly rows of per-minute counts (migration 0045) against the lines themselves, on random data: after
 * ingestion (hours marked as changed, then rebuilt), after retention deleted old lines in batches, after a source was deleted, and after the migration's
 * backfill rebuilt them from `logs_counts` alone. Block series and histogram buckets at random offsets and widths
 * must equal counts made by reading every line's timestamp.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { logsHarness, type LogsHarness } from '../__fixtures__/harness'
import { statementCache } from '../../../db/open'
import { HourRollup } from '../store/hourRollup'
import { hourOf } from './hourCounts'
import { minuteKey } from './reader'

let h: LogsHarness
afterEach(() => h?.close())

const DAY = 86_400_000
const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`

function random(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
}

/** Per stream, per minute key: lines counted from logs_lines (the reference). */
function fromLines(): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>()
  for (const r of h.db.prepare('SELECT ts, stream_id FROM logs_lines').iterate() as IterableIterator<{ ts: number; stream_id: number }>) {
    let m = out.get(r.stream_id)
    if (!m) out.set(r.stream_id, (m = new Map()))
    const k = minuteKey(r.ts)
    m.set(k, (m.get(k) ?? 0) + 1)
  }
  return out
}

function expectEqualToLines(rand: () => number, kMin: number, kMax: number): void {
  const ref = fromLines()
  const streams = (h.db.prepare('SELECT id FROM logs_streams').pluck().all() as number[]).sort((a, b) => a - b)
  const counts = h.search.reader.counts
  // every minute of every stream
  const seen = new Map<number, Map<number, number>>()
  counts.each(streams, kMin, kMax, (s, k, n) => {
    let m = seen.get(s)
    if (!m) seen.set(s, (m = new Map()))
    m.set(k, n)
  })
  expect(seen).toEqual(new Map([...ref].filter(([, m]) => m.size > 0)))
  // blocks and buckets at random offsets and widths
  for (let trial = 0; trial < 20; trial++) {
    const k0 = kMin + Math.floor(rand() * (kMax - kMin))
    const width = [1, 2, 5, 7, 15, 60, 90, 180][Math.floor(rand() * 8)]!
    const n = 1 + Math.floor(rand() * 40)
    const kTo = k0 + n * width - 1
    const s = streams[Math.floor(rand() * streams.length)]!
    const want = new Float64Array(n)
    for (const [k, c] of ref.get(s) ?? []) if (k >= k0 && k <= kTo) want[Math.floor((k - k0) / width)]! += c
    expect(counts.blockSeries(s, k0, kTo, width)).toEqual(want)
    const buckets = counts.bucketCounts(streams, k0, width, n)
    const wantBuckets = streams.flatMap((id) => {
      const arr = new Float64Array(n)
      for (const [k, c] of ref.get(id) ?? []) if (k >= k0 && k <= kTo) arr[Math.floor((k - k0) / width)]! += c
      return [...arr].flatMap((lines, bucket) => (lines > 0 ? [{ stream_id: id, bucket, lines }] : []))
    })
    const order = (a: { stream_id: number; bucket: number }, b: { stream_id: number; bucket: number }): number =>
      a.stream_id - b.stream_id || a.bucket - b.bucket
    expect(buckets.sort(order)).toEqual(wantBuckets.sort(order))
    expect(counts.linesIn(streams, k0, kTo)).toBe(wantBuckets.reduce((a, x) => a + x.lines, 0))
  }
}

describe('hourly per-minute counts', () => {
  it('place every minute key in its hour and slot, negative keys too', () => {
    for (const k of [-3601, -61, -60, -59, -1, 0, 1, 59, 60, 61, 120, 121, 29_940_000])
      expect((hourOf(k).hour - 1) * 60 + 1 + hourOf(k).slot).toBe(k)
    expect(hourOf(60)).toEqual({ hour: 1, slot: 59 })
    expect(hourOf(61)).toEqual({ hour: 2, slot: 0 })
  })

  it('equal the lines after random ingestion, retention, a deleted source and a backfill', async () => {
    const now = Date.UTC(2026, 0, 20, 13, 17, 23)
    h = logsHarness(now)
    const rand = random(7)
    const a = h.addSource({ name: 'a', kind: 'push', retentionDays: 2 })
    const b = h.addSource({ name: 'b', kind: 'push' })
    for (const src of [a, b, a]) {
      const streams = ['api', 'db', 'web'].map((service) => ({
        stream: { service, level: rand() < 0.5 ? 'info' : 'error' },
        // random times over the last 4 days, some in the same minute
        values: Array.from({ length: 1500 }, (_, i) => [ns(now - Math.floor(rand() * 4 * DAY)), `line ${i} of ${service}`])
      }))
      await h.ingest.push('loki', src, new TextEncoder().encode(JSON.stringify({ streams })), undefined)
    }
    const kMin = minuteKey(now - 5 * DAY)
    const kMax = minuteKey(now + 60_000)
    const marks = (): number => h.db.prepare('SELECT COUNT(*) FROM logs_hour_dirty').pluck().get() as number
    // hours changed since the writer last rebuilt them are read from the minutes
    expect(marks()).toBeGreaterThan(3)
    expectEqualToLines(rand, kMin, kMax)
    // a rebuild of a few marked hours at a time (the writer's cap per transaction) leaves the rest marked
    const before = marks()
    expect(h.db.transaction(() => new HourRollup(statementCache(h.db)).rebuild(0, 3))()).toBe(false)
    expect(marks()).toBe(before - 3)
    expectEqualToLines(rand, kMin, kMax)

    // the writer's other path (shutdown, tests): drainOnce's own transactions, then every marked hour rebuilt
    void h.ingest.writer.enqueue(
      Array.from({ length: 700 }, (_, i) => ({
        sourceId: b.id,
        ts: now - Math.floor(rand() * 3 * DAY),
        line: `drained ${i}`,
        labels: { service: 'drain', level: 'info', source: 'b' },
        attrs: null,
        message: `drained ${i}`,
        release: null
      }))
    )
    h.ingest.writer.flushAll()
    expect(marks()).toBe(0)
    expectEqualToLines(rand, kMin, kMax)

    const r = await h.ingest.runRetention() // source a keeps 2 days
    expect(r.deletedLines).toBeGreaterThan(0)
    expectEqualToLines(rand, kMin, kMax)

    h.db.prepare('UPDATE logs_sources SET deleting = 1 WHERE id = ?').run(b.id)
    expect((await h.ingest.runRetention()).removed).toEqual([b.id])
    expectEqualToLines(rand, kMin, kMax)
    expect(
      h.db.prepare(`SELECT COUNT(*) FROM logs_hour_counts WHERE minutes NOT LIKE '%1%' AND minutes NOT GLOB '*[2-9]*'`).pluck().get()
    ).toBe(0)

    // the migration's backfill, from logs_counts alone
    const sql = fs.readFileSync(path.join(__dirname, '../../../db/migrations/0045_logs_hour_counts.sql'), 'utf8')
    h.db.exec('DELETE FROM logs_hour_counts')
    h.db.exec(sql.slice(sql.indexOf('-- the lines already stored')))
    expectEqualToLines(rand, kMin, kMax)
  })
})
