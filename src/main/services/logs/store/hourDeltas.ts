/**
 * The writer's additions to `logs_hour_counts` (migration 0045: per stream and hour, its 60 per-minute line counts):
 * gathered over a transaction and written once per stream and hour just before it commits, rather than by a trigger
 * on every per-minute upsert (which cost about a quarter of the writer's CPU). Decrements and deletes of
 * `logs_counts` (retention, a deleted source) reach the table through the migration's triggers.
 */
import type { statementCache } from '../../../db/open'
import { hourOf } from '../search/hourCounts'

const EMPTY = (): number[] => new Array<number>(60).fill(0)

export class HourDeltas {
  private pending = new Map<string, { stream: number; hour: number; slots: Map<number, number> }>()

  constructor(private sql: ReturnType<typeof statementCache>) {}

  add(stream: number, minute: number, lines: number): void {
    const { hour, slot } = hourOf(minute)
    const key = `${stream}|${hour}`
    let p = this.pending.get(key)
    if (!p) this.pending.set(key, (p = { stream, hour, slots: new Map() }))
    p.slots.set(slot, (p.slots.get(slot) ?? 0) + lines)
  }

  /** Writes what was gathered (inside the transaction, before COMMIT). */
  flush(): void {
    if (this.pending.size === 0) return
    const get = this.sql('SELECT minutes FROM logs_hour_counts WHERE stream_id = ? AND hour = ?').pluck()
    const put = this.sql(
      'INSERT INTO logs_hour_counts (stream_id, hour, minutes) VALUES (?, ?, ?) ON CONFLICT (stream_id, hour) DO UPDATE SET minutes = excluded.minutes'
    )
    for (const { stream, hour, slots } of this.pending.values()) {
      const row = get.get(stream, hour) as string | undefined
      const minutes = row ? (JSON.parse(row) as number[]) : EMPTY()
      for (const [slot, n] of slots) minutes[slot]! += n
      put.run(stream, hour, JSON.stringify(minutes))
    }
    this.pending.clear()
  }

  /** Forgets what was gathered (the transaction rolled back). */
  clear(): void {
    this.pending.clear()
  }
}
