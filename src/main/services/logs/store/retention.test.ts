/**
 * Retention: lines older than a source's days go, then the oldest while its estimated size is over its cap; each
 * batch removes the lines from both full-text indexes and the per-minute counts; other sources keep theirs; a
 * deleted source loses its lines and then its row.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { logsHarness, type LogsHarness } from '../__fixtures__/harness'
import { DELETE_BATCH } from './retention'

let h: LogsHarness
afterEach(() => h?.close())

const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`
const DAY = 86_400_000

async function pushSpread(
  src: ReturnType<LogsHarness['addSource']>,
  service: string,
  n: number,
  from: number,
  stepMs: number
): Promise<void> {
  const values = Array.from({ length: n }, (_, i) => [
    ns(from + i * stepMs),
    `level=info msg="${service} line ${i} with a unique word zq${i}x" n=${i}`
  ])
  await h.ingest.push('loki', src, new TextEncoder().encode(JSON.stringify({ streams: [{ stream: { service }, values }] })), undefined)
}

const count = (sql: string, ...args: unknown[]): number => (h.db.prepare(sql).get(...args) as { n: number }).n

describe('retention', () => {
  it('deletes lines older than each source’s days in batches, from the lines, both indexes and the counts', async () => {
    const now = Date.UTC(2026, 0, 20)
    h = logsHarness(now)
    const short = h.addSource({ name: 'short', kind: 'push', retentionDays: 2 })
    const long = h.addSource({ name: 'long', kind: 'push', retentionDays: 30 })
    h.db.prepare('UPDATE logs_sources SET retention_days = ? WHERE id = ?').run(2, short.id)
    await pushSpread(short, 'a', 5000, now - 5 * DAY, 86_400) // 5 days back to now, evenly
    await pushSpread(long, 'b', 1000, now - 5 * DAY, 432_000)
    const r = await h.ingest.runRetention()
    const cutoff = now - 2 * DAY
    const kept = Array.from({ length: 5000 }, (_, i) => now - 5 * DAY + i * 86_400).filter((t) => t > cutoff).length
    expect(r.deletedLines).toBe(5000 - kept)
    expect(r.deletedLines).toBeGreaterThan(DELETE_BATCH) // more than one batch
    expect(count('SELECT COUNT(*) AS n FROM logs_lines l JOIN logs_streams s ON s.id = l.stream_id WHERE s.source_id = ?', short.id)).toBe(
      kept
    )
    expect(count('SELECT COUNT(*) AS n FROM logs_lines l JOIN logs_streams s ON s.id = l.stream_id WHERE s.source_id = ?', long.id)).toBe(
      1000
    )
    expect(
      count('SELECT MIN(ts) AS n FROM logs_lines l JOIN logs_streams s ON s.id = l.stream_id WHERE s.source_id = ?', short.id)
    ).toBeGreaterThan(cutoff)
    // the counts and the indexes agree with the lines
    expect(count('SELECT SUM(lines) AS n FROM logs_counts')).toBe(kept + 1000)
    const total = count('SELECT COUNT(*) AS n FROM logs_lines')
    expect(count("SELECT COUNT(*) AS n FROM logs_fts WHERE logs_fts MATCH 'line'")).toBe(total)
    expect(count(`SELECT COUNT(*) AS n FROM logs_tri WHERE logs_tri MATCH '"lin" AND "ine"'`)).toBe(total)
    // a deleted line is no longer found by word or substring search
    const gone = h.search.search({ query: 'zq0x', mode: 'auto', from: 0, to: now, limit: 10, order: 'relevance' })
    expect(gone.kind === 'lines' && gone.lines.map((l) => l.labels.service)).toEqual(['b'])
    const sub = h.search.search({ query: 'a line 0 with', mode: 'substring', from: 0, to: now, limit: 10, order: 'relevance' })
    expect(sub.kind === 'lines' && sub.lines).toHaveLength(0)
  })

  it('keeps a source under its size cap by deleting its oldest lines, measured against the bytes on disk', async () => {
    const now = Date.UTC(2026, 0, 20)
    h = logsHarness(now)
    const capped = h.addSource({ name: 'capped', kind: 'push' })
    await pushSpread(capped, 'c', 20_000, now - 20_000 * 1000, 1000)
    const rawBefore = count('SELECT SUM(bytes) AS n FROM logs_counts')
    const overhead = h.ingest.retention.measureOverhead()
    expect(overhead).toBeGreaterThan(1) // indexes make the disk bigger than the text
    const cap = Math.round((rawBefore * overhead) / 2)
    h.db.prepare('UPDATE logs_sources SET max_bytes = ? WHERE id = ?').run(cap, capped.id)
    await h.ingest.runRetention()
    const rawAfter = count('SELECT SUM(bytes) AS n FROM logs_counts')
    expect(rawAfter * h.ingest.retention.overhead).toBeLessThanOrEqual(cap * 1.02)
    expect(rawAfter).toBeGreaterThan(rawBefore * 0.4)
    // the oldest went, the newest stayed
    const newest = count('SELECT MAX(ts) AS n FROM logs_lines')
    const oldest = count('SELECT MIN(ts) AS n FROM logs_lines')
    expect(newest).toBe(now - 1000)
    expect(oldest).toBeGreaterThan(now - 20_000 * 1000)
  })

  it('removes a deleted source’s lines and then the source', async () => {
    h = logsHarness()
    const a = h.addSource({ name: 'a', kind: 'push' })
    const b = h.addSource({ name: 'b', kind: 'push' })
    await pushSpread(a, 'a', 3000, h.clock.now - 3000, 1)
    await pushSpread(b, 'b', 10, h.clock.now - 10, 1)
    h.db.prepare('UPDATE logs_sources SET deleting = 1 WHERE id = ?').run(a.id)
    const r = await h.ingest.runRetention()
    expect(r.removed).toEqual([a.id])
    expect(r.deletedLines).toBe(3000)
    expect(count('SELECT COUNT(*) AS n FROM logs_sources WHERE id = ?', a.id)).toBe(0)
    expect(count('SELECT COUNT(*) AS n FROM logs_lines')).toBe(10)
    expect(count('SELECT COUNT(*) AS n FROM logs_streams WHERE source_id = ?', a.id)).toBe(0)
    // a source made again with the same labels gets a fresh stream
    const again = h.addSource({ name: 'a2', kind: 'push' })
    await pushSpread(again, 'a', 2, h.clock.now, 1)
    expect(count('SELECT COUNT(*) AS n FROM logs_lines')).toBe(12)
  })
})
