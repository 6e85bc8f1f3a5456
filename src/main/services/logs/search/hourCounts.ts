/**
 * Per-minute line counts read from `logs_hour_counts` (migration 0045): one row per stream and hour holding its 60
 * minutes. A day of one stream is 25 rows instead of 1,440. Hours the writer marked in `logs_hour_dirty` (changed
 * since it last rebuilt them, store/hourRollup.ts) are read from `logs_counts` instead, so the counts are exact.
 */
import type { Db } from '../../../db/open'
import { statementCache } from '../../../db/open'

/** The hour row and slot of minute key k (slot = (k − 1) mod 60, never negative). */
export function hourOf(k: number): { hour: number; slot: number } {
  const slot = (((k - 1) % 60) + 60) % 60
  return { hour: (k - 1 - slot) / 60 + 1, slot }
}

export class HourCounts {
  private sql: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.sql = statementCache(db)
  }

  /** Calls fn(stream, minute key, lines) for every minute kFrom..kTo of the streams with lines. */
  each(streams: number[], kFrom: number, kTo: number, fn: (stream: number, k: number, lines: number) => void): void {
    if (streams.length === 0 || kTo < kFrom) return
    const hFrom = hourOf(kFrom).hour
    const hTo = hourOf(kTo).hour
    const stmt = this.sql('SELECT hour, minutes FROM logs_hour_counts WHERE stream_id = ? AND hour BETWEEN ? AND ?').raw()
    const marked = this.sql('SELECT hour FROM logs_hour_dirty WHERE stream_id = ? AND hour BETWEEN ? AND ?').pluck()
    const minuteRows = this.sql('SELECT minute, lines FROM logs_counts WHERE stream_id = ? AND minute BETWEEN ? AND ?').raw()
    for (const s of streams) {
      // hours the writer changed since it last rebuilt them: their minutes from logs_counts
      const dirty = new Set(marked.all(s, hFrom, hTo) as number[])
      for (const hour of dirty) {
        const first = (hour - 1) * 60 + 1
        for (const [k, n] of minuteRows.iterate(s, Math.max(kFrom, first), Math.min(kTo, first + 59)) as IterableIterator<[number, number]>)
          if (n > 0) fn(s, k, n)
      }
      for (const [hour, minutes] of stmt.iterate(s, hFrom, hTo) as IterableIterator<[number, string]>) {
        if (dirty.has(hour)) continue
        const counts = JSON.parse(minutes) as number[]
        const first = (hour - 1) * 60 + 1
        const lo = Math.max(0, kFrom - first)
        const hi = Math.min(59, kTo - first)
        for (let i = lo; i <= hi; i++) if (counts[i]! > 0) fn(s, first + i, counts[i]!)
      }
    }
  }

  /** A stream's lines per block of g minutes from minute key kFrom to kTo (block j: kFrom + j·g …). */
  blockSeries(stream: number, kFrom: number, kTo: number, g: number): Float64Array {
    const out = new Float64Array(Math.max(0, Math.ceil((kTo - kFrom + 1) / g)))
    this.each([stream], kFrom, kTo, (_, k, n) => (out[Math.floor((k - kFrom) / g)]! += n))
    return out
  }

  /** Lines of streams per bucket of `mpb` minutes from minute key k0 (n buckets). */
  bucketCounts(streams: number[], k0: number, mpb: number, n: number): { stream_id: number; bucket: number; lines: number }[] {
    const sums = new Map<number, Float64Array>()
    this.each(streams, k0, k0 + n * mpb - 1, (s, k, lines) => {
      let arr = sums.get(s)
      if (!arr) sums.set(s, (arr = new Float64Array(n)))
      arr[Math.floor((k - k0) / mpb)]! += lines
    })
    const out: { stream_id: number; bucket: number; lines: number }[] = []
    for (const [s, arr] of sums) arr.forEach((lines, bucket) => lines > 0 && out.push({ stream_id: s, bucket, lines }))
    return out
  }

  /** Lines of streams in minutes kFrom..kTo. */
  linesIn(streams: number[], kFrom: number, kTo: number): number {
    let total = 0
    this.each(streams, kFrom, kTo, (_, __, n) => (total += n))
    return total
  }
}
