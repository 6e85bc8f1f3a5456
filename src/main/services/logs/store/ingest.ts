/**
 * The write side of the logs area, run on its own worker thread over its own connection (inline in unit tests):
 * tailers, HTTP push bodies, the batched writer, error issues and retention. Nothing here waits on the main thread.
 */
import zlib from 'node:zlib'
import { AppError } from '../../../../shared/errors'
import { openDatabase, type Db } from '../../../db/open'
import { lokiEntries, otlpEntries } from '../ingest/push'
import type { SourceSpec } from '../ingest/source'
import { FileTailer } from '../ingest/tailer'
import type { Committed } from './entry'
import type { IssueState } from './issues'
import { Retention, type RetentionReport } from './retention'
import { LogWriter, MAX_QUEUED } from './writer'

export interface IngestOptions {
  file: string
  nativeBinding?: string | undefined
  pollMs?: number
  /** Retention passes (0: only when asked). */
  retentionEveryMs?: number
  /** The main thread's write intent (db/writeIntent.ts), shared with the worker. */
  writeIntent?: SharedArrayBuffer | undefined
}

export interface IngestStats {
  queued: number
  committedLines: number
  linesPerSecond: number
  overhead: number
  tailers: { sourceId: number; error: string | null }[]
}

export type PushProtocol = 'loki' | 'otlp'
const MAX_INFLATED = 64 * 1024 * 1024

export class LogIngest {
  readonly db: Db
  readonly writer: LogWriter
  readonly retention: Retention
  private tailers = new Map<number, FileTailer>()
  private errors = new Map<number, string | null>()
  private timers: NodeJS.Timeout[] = []
  private committedLines = 0
  private rate: { at: number; lines: number }[] = []
  private retentionRunning = false

  constructor(
    private opts: IngestOptions,
    private now: () => number,
    private onCommit: (c: Committed) => void
  ) {
    this.db = openDatabase(opts.file, { ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}), wal: false })
    this.db.pragma('synchronous = NORMAL')
    this.writer = new LogWriter(
      this.db,
      now,
      (c) => {
        this.committedLines += c.lines
        this.rate.push({ at: this.now(), lines: c.lines })
        if (this.rate.length > 200) this.rate.splice(0, 100)
        this.onCommit(c)
      },
      opts.writeIntent ? new Int32Array(opts.writeIntent) : undefined
    )
    this.retention = new Retention(this.db)
    const poll = setInterval(() => this.pollTailers(), opts.pollMs ?? 500)
    poll.unref?.()
    this.timers.push(poll)
    if (opts.retentionEveryMs) {
      const t = setInterval(() => void this.runRetention().catch(() => {}), opts.retentionEveryMs)
      t.unref?.()
      this.timers.push(t)
    }
  }

  /** The current sources: tailers start, stop or take new settings. */
  configure(sources: SourceSpec[]): void {
    const files = sources.filter((s) => s.kind === 'file' && s.enabled && !s.deleting)
    for (const [id, t] of this.tailers) {
      const spec = files.find((s) => s.id === id)
      if (!spec || JSON.stringify(spec.paths) !== JSON.stringify(t.spec.paths) || spec.multiline !== t.spec.multiline) {
        t.flushAll()
        this.tailers.delete(id)
      } else t.spec = spec
    }
    for (const s of files)
      if (!this.tailers.has(s.id)) this.tailers.set(s.id, new FileTailer(s, this.db, this.now, (e) => void this.enqueue(e)))
    for (const s of sources) if (s.deleting) this.writer.forgetSource(s.id)
  }

  private enqueue(entries: Parameters<LogWriter['enqueue']>[0]): Promise<void> {
    return this.writer.enqueue(entries).catch(() => {})
  }

  /** One pass over every tailed source (the timer calls it; tests call it directly). */
  pollTailers(): number {
    if (this.writer.queued > MAX_QUEUED / 2) return 0
    let n = 0
    for (const [id, t] of this.tailers) {
      try {
        n += t.poll()
        this.setError(id, null)
      } catch (err) {
        this.setError(id, (err as Error).message)
      }
    }
    return n
  }

  private setError(id: number, error: string | null): void {
    if ((this.errors.get(id) ?? null) === error) return
    this.errors.set(id, error)
    this.db.prepare('UPDATE logs_sources SET last_error = ? WHERE id = ?').run(error, id)
  }

  /** A push body (Loki or OTLP JSON, maybe gzip or deflate): parsed, queued, and answered once committed. */
  async push(protocol: PushProtocol, source: SourceSpec, body: Uint8Array, encoding: string | undefined): Promise<{ accepted: number }> {
    if (this.writer.queued > MAX_QUEUED)
      throw new AppError('UNAVAILABLE', `the log writer is behind by ${this.writer.queued} lines: retry in a moment`)
    let raw: Buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    const enc = (encoding ?? '').trim().toLowerCase()
    try {
      if (enc === 'gzip') raw = zlib.gunzipSync(raw, { maxOutputLength: MAX_INFLATED })
      else if (enc === 'deflate') raw = zlib.inflateSync(raw, { maxOutputLength: MAX_INFLATED })
      else if (enc !== '' && enc !== 'identity')
        throw new AppError('VALIDATION', `content-encoding ${enc} is not supported (use gzip, deflate or none)`, 'content-encoding')
    } catch (err) {
      if (err instanceof AppError) throw err
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new AppError('PAYLOAD_TOO_LARGE', `the body inflates to more than ${MAX_INFLATED} bytes`)
      throw new AppError('VALIDATION', `body: not valid ${enc} data (${(err as Error).message})`, 'body')
    }
    let json: unknown
    try {
      json = JSON.parse(raw.toString('utf8'))
    } catch (err) {
      throw new AppError('VALIDATION', `body: not valid JSON (${(err as Error).message}); only the JSON encodings are accepted`, 'body')
    }
    const now = this.now()
    const entries = protocol === 'loki' ? lokiEntries(json, source, now) : otlpEntries(json, source, now)
    if (entries.length) await this.writer.enqueue(entries)
    return { accepted: entries.length }
  }

  setIssueState(id: number, state: IssueState): boolean {
    return this.writer.issues.setState(id, state, this.now())
  }

  /** Retention over every source until nothing more is due (batches with pauses between them). */
  async runRetention(): Promise<RetentionReport> {
    if (this.retentionRunning) return { deletedLines: 0, removed: [] }
    this.retentionRunning = true
    const total: RetentionReport = { deletedLines: 0, removed: [] }
    try {
      this.retention.measureOverhead()
      for (;;) {
        const r = await this.retention.run(this.now(), () => new Promise((res) => setImmediate(res)))
        total.deletedLines += r.deletedLines
        total.removed.push(...r.removed)
        for (const id of r.removed) this.writer.forgetSource(id)
        if (r.deletedLines === 0 && r.removed.length === 0) break
      }
    } finally {
      this.retentionRunning = false
    }
    return total
  }

  stats(): IngestStats {
    const since = this.now() - 10_000
    const recent = this.rate.filter((r) => r.at >= since).reduce((a, r) => a + r.lines, 0)
    return {
      queued: this.writer.queued,
      committedLines: this.committedLines,
      linesPerSecond: recent / 10,
      overhead: this.retention.overhead,
      tailers: [...this.tailers.keys()].map((id) => ({ sourceId: id, error: this.errors.get(id) ?? null }))
    }
  }

  /** Written and closed: open entries of tailed files are emitted first. */
  close(): void {
    for (const t of this.timers) clearInterval(t)
    for (const t of this.tailers.values()) t.flushAll()
    this.writer.close()
    this.db.close()
  }
}
