/**
 * Batched writes: entries queue in memory and are written in short transactions (lines, both full-text indexes,
 * per-minute counts, error issues and tailed-file offsets together), so a burst is absorbed without long locks and a
 * tailed file's offset is never ahead or behind the lines stored from it. A push resolves once its entries are committed.
 * The transactions are the shared ShortTransactions' (db/shortTransactions.ts): at most TX_BUDGET_MS each, then the
 * lock is left free at least as long as it was held while another connection (the main thread's) writes.
 */
import type { Db } from '../../../db/open'
import { statementCache } from '../../../db/open'
import { ShortTransactions } from '../../../db/shortTransactions'
import { isErrorLevel, levelOf } from '../ingest/levels'
import { labelsKey } from '../labels'
import type { Committed, Entry, IssueSignal } from './entry'
import { HourRollup } from './hourRollup'
import { IssueTracker } from './issues'

/** drainOnce's batch (shutdown and tests): at most this many entries or BATCH_MS. */
export const BATCH_ENTRIES = 2000
export const BATCH_MS = 20
/** Entries written per step of a short transaction. */
const CHUNK = 100
/** Beyond this many queued entries, pushes are refused (429) and tailers wait. */
export const MAX_QUEUED = 400_000

interface Waiter {
  /** Resolved when every entry enqueued up to this point is committed. */
  upTo: number
  resolve: () => void
  reject: (e: Error) => void
}

const emptyCommit = (): Committed => ({ lines: 0, bytes: 0, lastId: 0, bySource: {}, issues: [] })

function mergeCommit(into: Committed, c: Committed): void {
  into.lines += c.lines
  into.bytes += c.bytes
  into.lastId = Math.max(into.lastId, c.lastId)
  for (const [k, v] of Object.entries(c.bySource)) into.bySource[Number(k)] = (into.bySource[Number(k)] ?? 0) + v
  into.issues.push(...c.issues)
}

export class LogWriter {
  readonly issues: IssueTracker
  private queue: Entry[] = []
  private head = 0
  private enqueued = 0
  private committed = 0
  private waiters: Waiter[] = []
  private streams = new Map<string, number>()
  private sql: ReturnType<typeof statementCache>
  private pumping = false
  private closed = false
  private tx: ShortTransactions
  private hours: HourRollup

  constructor(
    private db: Db,
    private now: () => number,
    private onCommit: (c: Committed) => void = () => {},
    /** The main thread's write intent: the writer yields the lock while it is raised. */
    yieldTo?: Int32Array
  ) {
    this.sql = statementCache(db)
    this.tx = new ShortTransactions(db, undefined, yieldTo)
    this.hours = new HourRollup(this.sql)
    this.tx.beforeCommit = () => this.hours.maybeRebuild()
    this.issues = new IssueTracker(db)
    for (const r of db.prepare('SELECT id, source_id, labels FROM logs_streams').all() as {
      id: number
      source_id: number
      labels: string
    }[])
      this.streams.set(`${r.source_id}|${r.labels}`, r.id)
  }

  get queued(): number {
    return this.queue.length - this.head
  }

  /** Queues entries; the promise settles when they are committed. */
  enqueue(entries: Entry[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the log writer is stopped'))
    for (const e of entries) this.queue.push(e)
    this.enqueued += entries.length
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ upTo: this.enqueued, resolve, reject }))
    this.schedule()
    return p
  }

  private schedule(): void {
    if (this.pumping || this.closed) return
    this.pumping = true
    setImmediate(() => void this.pump())
  }

  /** Writes what is queued in short transactions, settling waiters at each commit. */
  private async pump(): Promise<void> {
    let n = 0
    let out = emptyCommit()
    const done = (err: Error | null): void => {
      if (n === 0) return
      this.committed += n
      this.settle(err)
      if (!err) this.onCommit(out)
      n = 0
      out = emptyCommit()
    }
    while (this.queued > 0 && !this.closed) {
      try {
        // entries are taken inside the transaction, so a drainOnce between transactions keeps commits in queue order
        await this.tx.write(() => {
          const part = this.take(CHUNK)
          n += part.length
          mergeCommit(out, this.write(part))
        })
        if (!this.tx.inTransaction) done(null)
      } catch (err) {
        this.tx.rollback()
        this.hours.forget()
        done(err as Error)
      }
    }
    try {
      this.tx.commit()
      done(null)
    } catch (err) {
      this.tx.rollback()
      this.hours.forget()
      done(err as Error)
    }
    this.pumping = false
    if (this.queued > 0) this.schedule()
  }

  private take(max: number): Entry[] {
    const end = Math.min(this.queue.length, this.head + max)
    const part = this.queue.slice(this.head, end)
    this.head = end
    if (this.head > 50_000) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    return part
  }

  /** Writes one batch now (at most BATCH_ENTRIES, or what fits in BATCH_MS); tests and shutdown call it in a loop. */
  drainOnce(): number {
    if (this.queued === 0) return 0
    let result: Committed
    let n = 0
    try {
      result = this.db
        .transaction(() => {
          const started = performance.now()
          const out = emptyCommit()
          while (n < BATCH_ENTRIES && this.head < this.queue.length) {
            const part = this.take(Math.min(CHUNK, BATCH_ENTRIES - n))
            n += part.length
            mergeCommit(out, this.write(part))
            if (performance.now() - started > BATCH_MS) break
          }
          this.hours.maybeRebuild()
          return out
        })
        .immediate()
    } catch (err) {
      this.hours.forget()
      this.committed += n
      this.settle(err as Error)
      throw err
    }
    this.committed += n
    // keep the WAL short here, so a commit on the main thread never inherits a large checkpoint
    this.db.pragma('wal_checkpoint(PASSIVE)')
    this.settle(null)
    this.onCommit(result)
    return n
  }

  /** Writes everything queued and rebuilds the marked hour rows (shutdown, tests). */
  flushAll(): void {
    while (this.queued > 0) this.drainOnce()
    if (!this.db.open || this.tx.inTransaction) return
    while (!this.db.transaction(() => this.hours.rebuild()).immediate());
  }

  close(): void {
    this.flushAll()
    this.closed = true
  }

  private settle(err: Error | null): void {
    while (this.waiters.length && this.waiters[0]!.upTo <= this.committed) {
      const w = this.waiters.shift()!
      if (err) w.reject(err)
      else w.resolve()
    }
  }

  private streamId(sourceId: number, labels: Entry['labels'], now: number): number {
    const key = labelsKey(labels)
    const k = `${sourceId}|${key}`
    let id = this.streams.get(k)
    if (id === undefined) {
      this.sql('INSERT OR IGNORE INTO logs_streams (source_id, labels, created_at) VALUES (?, ?, ?)').run(sourceId, key, now)
      id = (this.sql('SELECT id FROM logs_streams WHERE source_id = ? AND labels = ?').get(sourceId, key) as { id: number }).id
      this.streams.set(k, id)
    }
    return id
  }

  /** Streams are removed with their source; forget cached ids. */
  forgetSource(sourceId: number): void {
    for (const k of [...this.streams.keys()]) if (k.startsWith(`${sourceId}|`)) this.streams.delete(k)
  }

  private write(batch: Entry[]): Committed {
    const now = this.now()
    const insLine = this.sql('INSERT INTO logs_lines (ts, stream_id, line, attrs) VALUES (?, ?, ?, ?)')
    const insFts = this.sql('INSERT INTO logs_fts (rowid, line) VALUES (?, ?)')
    const insTri = this.sql('INSERT INTO logs_tri (rowid, line) VALUES (?, ?)')
    const counts = new Map<string, { stream: number; minute: number; lines: number; bytes: number }>()
    const files = new Map<string, { sourceId: number; mark: NonNullable<Entry['file']> }>()
    const bySource: Record<number, number> = {}
    const issues: IssueSignal[] = []
    let lastId = 0
    let firstId = 0
    let bytes = 0
    for (const e of batch) {
      const stream = this.streamId(e.sourceId, e.labels, now)
      const id = Number(insLine.run(e.ts, stream, e.line, e.attrs ? JSON.stringify(e.attrs) : null).lastInsertRowid)
      insFts.run(id, e.line)
      insTri.run(id, e.line)
      if (firstId === 0) firstId = id
      lastId = id
      const size = Buffer.byteLength(e.line)
      bytes += size
      const minute = Math.ceil(e.ts / 60_000)
      const ck = `${stream}|${minute}`
      const c = counts.get(ck)
      if (c) {
        c.lines++
        c.bytes += size
      } else counts.set(ck, { stream, minute, lines: 1, bytes: size })
      bySource[e.sourceId] = (bySource[e.sourceId] ?? 0) + 1
      if (e.file) files.set(`${e.sourceId}|${e.file.key}`, { sourceId: e.sourceId, mark: e.file })
      const level = levelOf(e.labels.level)
      if (level && isErrorLevel(level)) {
        const s = this.issues.record(e, id, now)
        if (s) issues.push(s)
      }
    }
    const upCount = this.sql(
      `INSERT INTO logs_counts (stream_id, minute, lines, bytes) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_id, minute) DO UPDATE SET lines = lines + excluded.lines, bytes = bytes + excluded.bytes`
    )
    const ids = new Map<number, { min: number; max: number }>()
    for (const c of counts.values()) {
      upCount.run(c.stream, c.minute, c.lines, c.bytes)
      this.hours.touch(c.stream, c.minute)
    }
    for (let i = 0; i < batch.length; i++) {
      const m = Math.ceil(batch[i]!.ts / 60_000)
      const id = firstId + i
      const r = ids.get(m)
      if (!r) ids.set(m, { min: id, max: id })
      else r.max = id
    }
    const upIds = this.sql(
      `INSERT INTO logs_minute_ids (minute, min_id, max_id) VALUES (?, ?, ?)
       ON CONFLICT (minute) DO UPDATE SET min_id = min(min_id, excluded.min_id), max_id = max(max_id, excluded.max_id)`
    )
    for (const [m, r] of ids) upIds.run(m, r.min, r.max)
    const upFile = this.sql(
      `INSERT INTO logs_files (source_id, file_key, path, offset, head, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, file_key) DO UPDATE SET path = excluded.path, offset = excluded.offset, head = excluded.head, updated_at = excluded.updated_at`
    )
    for (const { sourceId, mark } of files.values()) upFile.run(sourceId, mark.key, mark.path, mark.offset, mark.head, now)
    return { lines: batch.length, bytes, lastId, bySource, issues }
  }
}
