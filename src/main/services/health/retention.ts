import type { Db } from '../../db/open'
import { HOUR, MINUTE } from './rollup'

const DAY = 24 * HOUR

export interface Retention {
  rawDays: number
  minuteDays: number
  hourDays: number | null
}

/**
 * Deletes expired rows in small batches, each its own short transaction, yielding between
 * batches so the poller and the writer never wait on cleanup. Closed incidents are kept as long as the minute
 * rollups (the detailed history they belong to); open ones always.
 */
export class RetentionSweeper {
  private running = false
  constructor(
    private db: Db,
    private batch = 2000
  ) {}

  async sweep(now: number, r: Retention, yieldFn: () => Promise<void> = () => new Promise((res) => setImmediate(res))): Promise<number> {
    if (this.running) return 0
    this.running = true
    let total = 0
    try {
      const targets: [string, number][] = [
        ['results', now - r.rawDays * DAY],
        ['rollup_minute', Math.floor((now - r.minuteDays * DAY) / MINUTE) * MINUTE],
        ...(r.hourDays === null ? [] : ([['rollup_hour', Math.floor((now - r.hourDays * DAY) / HOUR) * HOUR]] as [string, number][]))
      ]
      for (const [table, cutoff] of targets) {
        const col = table === 'results' ? 'ts' : 'bucket'
        const stmt = this.db.prepare(
          `DELETE FROM ${table} WHERE (check_id, ${col}) IN (SELECT check_id, ${col} FROM ${table} WHERE ${col} < ? ORDER BY ${col} LIMIT ${this.batch})`
        )
        for (;;) {
          const changes = stmt.run(cutoff).changes
          total += changes
          if (changes < this.batch) break
          await yieldFn()
        }
      }
      // per service, along its (service_id, started_at) index
      const incidentsBefore = now - r.minuteDays * DAY
      const incidents = this.db.prepare(
        `DELETE FROM health_incidents WHERE id IN (SELECT id FROM health_incidents WHERE service_id = ? AND started_at < ? AND ended_at < ? LIMIT ${this.batch})`
      )
      for (const id of this.db.prepare('SELECT id FROM services').pluck().all() as number[])
        for (;;) {
          const changes = incidents.run(id, incidentsBefore, incidentsBefore).changes
          total += changes
          if (changes < this.batch) break
          await yieldFn()
        }
    } finally {
      this.running = false
    }
    return total
  }
}
