import type { Statement } from 'better-sqlite3'
import type { Db } from './open'

/**
 * While others write: the longest turn, and the pause after it. A waiting writer retries 1, 3, 8, 18 and 33 ms after
 * its first try: with turns of at most 33 ms, one of those retries falls in the first pause (16 ms, longer than the
 * gaps between them), so it waits about one turn at most.
 */
const SHARED_TURN_MS = 30
const SHARED_PAUSE_MS = 16
/** While nobody else writes: longer turns, no pause. */
const SOLO_TURN_MS = 250
/** Others count as writing for this long after their last commit. */
const OTHERS_ACTIVE_MS = 5000

/**
 * A bulk writer's share of a workspace's single write lock. Other connections (the main thread writes health results
 * every second) wait for it synchronously, polling with SQLite's busy handler: retries 1, 3, 8, 18, 33 ms after the
 * first try, then every 20–100 ms. So while others write, the bulk writer takes short turns and leaves the lock free
 * for longer than those retry intervals in between (a waiting writer gets it within about 35 ms); once nobody else
 * has committed for a few seconds (PRAGMA data_version tells), it takes long turns without pauses.
 */
export class LockShare {
  private readonly version: Statement
  private seen: unknown
  private othersAt = Number.NEGATIVE_INFINITY

  constructor(db: Db) {
    this.version = db.prepare('PRAGMA data_version').pluck()
    this.seen = this.version.get()
  }

  /** True while another connection has committed recently. */
  get shared(): boolean {
    return performance.now() - this.othersAt < OTHERS_ACTIVE_MS
  }

  /** When the turn starting now must end (performance.now() time). */
  turnEnd(): number {
    return performance.now() + (this.shared ? SHARED_TURN_MS : SOLO_TURN_MS)
  }

  /** After a turn (a committed transaction): notes others' commits, then pauses while others write. */
  async rest(): Promise<void> {
    const v = this.version.get()
    if (v !== this.seen) {
      this.seen = v
      this.othersAt = performance.now()
    }
    await new Promise((r) => (this.shared ? setTimeout(r, SHARED_PAUSE_MS) : setImmediate(r)))
  }
}
