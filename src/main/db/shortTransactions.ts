/**
 * Writes from a worker thread in short IMMEDIATE transactions, so the main thread's writers (the health poller
 * storing results) never wait long for SQLite's write lock: better-sqlite3 waits for a busy lock synchronously,
 * blocking the main thread's event loop for as long as another connection holds it.
 *
 * Each `write(fn, bytes)` runs fn inside the current transaction, opening one if none is open; a transaction is
 * committed once it has lasted `budgetMs` or written about MAX_TX_BYTES (`bytes` says how much fn wrote; COMMIT
 * appends it to the WAL with the lock held). Before opening the next one the writer leaves the lock free for at
 * least as long as it held it (and MIN_GAP_MS), so a writer sleeping in SQLite's busy handler finds it free. Callers
 * commit before long work that is not writing (parsing), so no transaction is held open across it.
 *
 * The connection keeps every page of a transaction in memory (nothing spills to disk while the lock is held) and
 * checkpoints the WAL itself after a commit (PASSIVE: it takes no lock a writer needs) instead of SQLite's automatic
 * checkpoint, so the main thread's commits never inherit one; and often, about every megabyte, because a checkpoint
 * ends with an fsync that stalls every other write to the disk (the main thread's small commits too) for as long as
 * it has data to flush. During a 20 M-line import, a writer committing every 50 ms waited 20–80 ms about 25 times
 * with 8 MB checkpoints, 2–4 times with 1 MB ones.
 *
 * All of that is for the sake of other writers. While no other connection has committed for a few seconds (PRAGMA
 * data_version tells), the writer is alone: it leaves no gaps between its transactions and checkpoints every
 * SOLO_CHECKPOINT_BYTES; the first commit of another connection brings the gaps and frequent checkpoints back.
 * A connection that has not committed lately may still be waiting for the lock: given the main thread's write intent
 * (writeIntent.ts), the writer commits after the step during which it was raised and begins nothing until it drops.
 */
import type { Db } from './open'
import { intentRaised } from './writeIntent'

/** How long one transaction may hold the write lock before it is committed. */
export const TX_BUDGET_MS = 10
const MAX_TX_BYTES = 1 << 20
const CHECKPOINT_BYTES = 1 << 20
const CHECKPOINT_COMMITS = 8
const MIN_GAP_MS = 4
/** Alone: no gaps, fewer checkpoints. Others count as writing for OTHERS_ACTIVE_MS after their last commit. */
const SOLO_CHECKPOINT_BYTES = 8 << 20
const OTHERS_ACTIVE_MS = 5000

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export class ShortTransactions {
  private open = false
  private startedAt = 0
  private txBytes = 0
  private walBytes = 0
  private walCommits = 0
  private lastCommit = -Infinity
  private lastHeld = 0
  /** Transactions committed and the longest one, in ms (benchmarks and tests read them). */
  readonly stats = { transactions: 0, longestMs: 0 }
  private readonly dataVersion: () => unknown
  private seenVersion: unknown
  /** When another connection's commit was last noticed. */
  private othersAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly db: Db,
    private readonly budgetMs = TX_BUDGET_MS,
    /** The main thread's write intent (writeIntent.ts), when this connection is a worker's. */
    private readonly yieldTo?: Int32Array
  ) {
    db.pragma('wal_autocheckpoint = 0')
    db.pragma(`cache_size = -${(4 * MAX_TX_BYTES) >> 10}`)
    const version = db.prepare('PRAGMA data_version').pluck()
    this.dataVersion = () => version.get()
    this.seenVersion = this.dataVersion()
  }

  /** True while no other connection has committed for a few seconds. */
  get alone(): boolean {
    return performance.now() - this.othersAt >= OTHERS_ACTIVE_MS
  }

  /** Notes a commit of another connection since the last look. */
  private lookAtOthers(): void {
    const v = this.dataVersion()
    if (v === this.seenVersion) return
    this.seenVersion = v
    this.othersAt = performance.now()
  }

  /** Runs fn inside the current transaction (opening one if needed); commits once the budget is spent. */
  async write<T>(fn: () => T, bytes = 0): Promise<T> {
    if (!this.open) await this.begin()
    let value: T
    try {
      value = fn()
    } catch (err) {
      this.rollback()
      throw err
    }
    this.txBytes += bytes
    if (this.txBytes >= MAX_TX_BYTES || performance.now() - this.startedAt >= this.budgetMs || intentRaised(this.yieldTo)) this.commit()
    return value
  }

  /** Whether a transaction is open (its writes not yet committed). */
  get inTransaction(): boolean {
    return this.open
  }

  /** Called inside the transaction just before each COMMIT (the last writes of a transaction's gathered work). */
  beforeCommit: (() => void) | null = null

  /** Commits the open transaction, if any. */
  commit(): void {
    if (!this.open) return
    this.beforeCommit?.()
    this.db.exec('COMMIT')
    this.open = false
    const now = performance.now()
    this.lastHeld = now - this.startedAt
    this.stats.transactions++
    this.stats.longestMs = Math.max(this.stats.longestMs, this.lastHeld)
    this.walBytes += this.txBytes
    this.lookAtOthers()
    const alone = this.alone
    if (alone ? this.walBytes >= SOLO_CHECKPOINT_BYTES : this.walBytes >= CHECKPOINT_BYTES || ++this.walCommits >= CHECKPOINT_COMMITS) {
      this.db.pragma('wal_checkpoint(PASSIVE)')
      this.walBytes = 0
      this.walCommits = 0
    }
    this.lastCommit = now
  }

  /** Rolls the open transaction back, if any (what it wrote was never committed). */
  rollback(): void {
    if (!this.open) return
    this.open = false
    if (this.db.inTransaction) this.db.exec('ROLLBACK')
  }

  private async begin(): Promise<void> {
    this.lookAtOthers()
    const wait = this.alone ? 0 : this.lastCommit + Math.max(MIN_GAP_MS, this.lastHeld) - performance.now()
    if (wait > 0) await sleep(wait)
    while (intentRaised(this.yieldTo)) await sleep(1)
    this.db.exec('BEGIN IMMEDIATE')
    this.startedAt = performance.now()
    this.txBytes = 0
    this.open = true
  }
}
