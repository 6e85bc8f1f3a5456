/**
 * Writes from a worker thread in short IMMEDIATE transactions, so the main thread's writers (the health poller
 * storing results) never wait long for SQLite's write lock: better-sqlite3 waits for a busy lock synchronously,
 * blocking the main thread's event loop for as long as another connection holds it.
 *
 * Each `write(fn)` runs fn inside the current transaction, opening one if none is open; once a transaction has
 * lasted `budgetMs` it is committed. Before opening the next one the writer leaves the lock free for at least as
 * long as it held it (and MIN_GAP_MS), so a writer that is sleeping in SQLite's busy handler finds it free.
 * Callers commit before any long work that is not writing (parsing), so no transaction is held open across it.
 */
import type { Db } from './open'

/** How long one transaction may hold the write lock before it is committed. */
export const TX_BUDGET_MS = 12
const MIN_GAP_MS = 4

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export class ShortTransactions {
  private open = false
  private startedAt = 0
  private lastCommit = -Infinity
  private lastHeld = 0
  /** Transactions committed and the longest one, in ms (benchmarks and tests read them). */
  readonly stats = { transactions: 0, longestMs: 0 }

  constructor(
    private readonly db: Db,
    private readonly budgetMs = TX_BUDGET_MS
  ) {}

  /** Runs fn inside the current transaction (opening one if needed); commits once the budget is spent. */
  async write<T>(fn: () => T): Promise<T> {
    if (!this.open) await this.begin()
    let value: T
    try {
      value = fn()
    } catch (err) {
      this.rollback()
      throw err
    }
    if (performance.now() - this.startedAt >= this.budgetMs) this.commit()
    return value
  }

  /** Commits the open transaction, if any. */
  commit(): void {
    if (!this.open) return
    this.db.exec('COMMIT')
    this.open = false
    const now = performance.now()
    this.lastCommit = now
    this.lastHeld = now - this.startedAt
    this.stats.transactions++
    this.stats.longestMs = Math.max(this.stats.longestMs, this.lastHeld)
  }

  /** Rolls the open transaction back, if any (what it wrote was never committed). */
  rollback(): void {
    if (!this.open) return
    this.open = false
    if (this.db.inTransaction) this.db.exec('ROLLBACK')
  }

  private async begin(): Promise<void> {
    const wait = this.lastCommit + Math.max(MIN_GAP_MS, this.lastHeld) - performance.now()
    if (wait > 0) await sleep(wait)
    this.db.exec('BEGIN IMMEDIATE')
    this.startedAt = performance.now()
    this.open = true
  }
}
