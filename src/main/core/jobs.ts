/**
 * One job model for every area's long work (imports, evaluations, runs): ids made here, states, progress with one
 * shape, cancel, a queue per kind, and `interrupted` for jobs that were running when the console stopped.
 *
 * Running and queued jobs live in memory; their row is written when they are queued, start and end, so progress
 * ticks cost no writes. Progress reaches views as `job:progress`, at most every PROGRESS_MS per job (state changes at once).
 */
import { randomUUID } from 'node:crypto'
import type { JobProgress, JobState, JobStarted, JobView } from '../../shared/contract/jobs'
import { AppError, notFound } from '../../shared/errors'
import type { Db } from '../db/open'
import type { EventBus } from './bus'
import type { Clock } from './clock'
import type { Logger } from './log'

const PROGRESS_MS = 250
/** Finished jobs kept in the table (the newest); older rows go as new jobs end. */
export const KEEP_FINISHED = 1000
const RESULT_MAX_CHARS = 256 * 1024

export interface JobContext {
  readonly id: string
  /** Aborted when the job is cancelled or the console stops. */
  readonly signal: AbortSignal
  /** `done` of `total` (null while unknown); a message such as "reading bill.csv". */
  progress(done: number, total?: number | null, message?: string): void
  /** Throws CANCELLED once the job has been cancelled. */
  throwIfCancelled(): void
}

export interface JobSpec<T> {
  /** `area:what`, e.g. `costs:import`; jobs of one kind share a queue. */
  kind: string
  area: string
  title: string
  /** What `done` and `total` count: 'rows', 'runs', 'resamples' … */
  unit?: string
  /** Where the outcome is shown. */
  route?: string
  /** How many jobs of this kind run at once (default 1); the rest wait as `queued`. */
  concurrency?: number
  run(job: JobContext): Promise<T>
  /** The JSON kept as the job's result (default: the value itself). */
  result?(value: T): unknown
  /** After a failure or cancellation (not after success): undo partial work; the job ends after it. */
  cleanup?(): void | Promise<void>
}

interface Settle<T> {
  resolve: (v: T) => void
  reject: (e: unknown) => void
}

interface Live {
  view: JobView
  done: Promise<unknown>
  ac: AbortController
  lastSent: number
  timer: NodeJS.Timeout | undefined
  /** Runs the job; `slot` false for a queued job that is only ending (cancelled before it ran). */
  start: (slot?: boolean) => void
}

interface Row {
  id: string
  kind: string
  area: string
  title: string
  state: JobState
  done: number
  total: number | null
  unit: string
  message: string | null
  error: string | null
  route: string | null
  result: string | null
  created_at: number
  started_at: number | null
  ended_at: number | null
}

const fromRow = (r: Row, withResult: boolean): JobView => ({
  jobId: r.id,
  kind: r.kind,
  area: r.area,
  title: r.title,
  state: r.state,
  done: r.done,
  total: r.total,
  unit: r.unit,
  ...(r.message ? { message: r.message } : {}),
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  error: r.error,
  route: r.route,
  ...(withResult && r.result !== null ? { result: JSON.parse(r.result) as unknown } : {})
})

/** What a command that started a job answers (the promise stays on the server). */
export const startedOf = (s: JobStarted): JobStarted => ({ jobId: s.jobId, state: s.state })

export const isCancellation = (err: unknown): boolean =>
  (err instanceof AppError && err.code === 'CANCELLED') || (err instanceof Error && err.name === 'AbortError')

export class JobService {
  private live = new Map<string, Live>()
  private waiting = new Map<string, Live[]>()
  private runningByKind = new Map<string, number>()
  private stopped = false

  constructor(
    private db: Db,
    private clock: Clock,
    private bus: EventBus,
    private logger: Logger
  ) {}

  /** At start: jobs a previous process left queued or running are `interrupted`; old finished rows are pruned. */
  recover(): number {
    const now = this.clock.now()
    const n = this.db
      .prepare(
        "UPDATE jobs SET state = 'interrupted', ended_at = ?, error = 'the console stopped while this job was running' WHERE state IN ('queued', 'running')"
      )
      .run(now).changes
    this.prune()
    return n
  }

  /** Keep the newest KEEP_FINISHED rows: a console that runs imports every few minutes for months keeps a bounded table. */
  private prune(): void {
    this.db
      .prepare(
        "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state NOT IN ('queued', 'running') ORDER BY created_at DESC LIMIT -1 OFFSET ?)"
      )
      .run(KEEP_FINISHED)
  }

  /** Queue a job and answer at once; `done` settles with its value (or rejects with its error). */
  start<T>(spec: JobSpec<T>): JobStarted & { done: Promise<T> } {
    if (this.stopped) throw new AppError('UNAVAILABLE', 'the console is stopping; no new jobs start')
    const id = randomUUID()
    const now = this.clock.now()
    const view: JobView = {
      jobId: id,
      kind: spec.kind,
      area: spec.area,
      title: spec.title,
      state: 'queued',
      done: 0,
      total: null,
      unit: spec.unit ?? '',
      createdAt: now,
      startedAt: null,
      endedAt: null,
      error: null,
      route: spec.route ?? null
    }
    const ac = new AbortController()
    let settle!: Settle<T>
    const done = new Promise<T>((resolve, reject) => (settle = { resolve, reject }))
    // a caller that only follows the job through events must not see an unhandled rejection
    done.catch(() => undefined)
    const live: Live = {
      view,
      ac,
      done,
      lastSent: 0,
      timer: undefined,
      start: (slot = true) => void this.execute(spec, live, settle, slot)
    }
    this.live.set(id, live)
    this.db
      .prepare('INSERT INTO jobs (id, kind, area, title, state, unit, route, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, spec.kind, spec.area, spec.title, 'queued', view.unit, view.route, now)
    const limit = Math.max(1, spec.concurrency ?? 1)
    if ((this.runningByKind.get(spec.kind) ?? 0) < limit) live.start()
    else {
      const q = this.waiting.get(spec.kind) ?? []
      q.push(live)
      this.waiting.set(spec.kind, q)
      this.send(live, true)
    }
    return { jobId: id, state: view.state, done }
  }

  /** Start a job and wait for its value (service methods that tests and other areas await); bad input rejects. */
  async run<T>(spec: JobSpec<T> | (() => JobSpec<T>)): Promise<T> {
    return this.start(typeof spec === 'function' ? spec() : spec).done
  }

  /** Settles when the job ends: its value, or its error (a finished job answers from its row). */
  async wait(id: string): Promise<unknown> {
    const live = this.live.get(id)
    if (live) return live.done
    const v = this.get(id)
    if (v.state === 'done') return v.result
    throw new AppError(v.state === 'cancelled' ? 'CANCELLED' : 'UNAVAILABLE', v.error ?? `job ${id} ended ${v.state}`)
  }

  cancel(id: string): { cancelled: boolean; state: JobState } {
    const live = this.live.get(id)
    if (!live) return { cancelled: false, state: this.get(id).state }
    live.ac.abort()
    if (live.view.state === 'queued') {
      const q = this.waiting.get(live.view.kind) ?? []
      this.waiting.set(
        live.view.kind,
        q.filter((l) => l !== live)
      )
      live.start(false) // ends at once as cancelled, without taking a slot
    }
    return { cancelled: true, state: 'cancelled' }
  }

  get(id: string): JobView {
    const live = this.live.get(id)
    if (live) return { ...live.view }
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined
    if (!row) throw notFound(`job ${id}`)
    return fromRow(row, true)
  }

  list(opts: { area?: string | undefined; state?: 'active' | 'finished' | 'all'; limit?: number } = {}): Omit<JobView, 'result'>[] {
    const limit = opts.limit ?? 100
    const active = [...this.live.values()]
      .map((l) => ({ ...l.view }))
      .filter((v) => !opts.area || v.area === opts.area)
      .sort((a, b) => b.createdAt - a.createdAt)
    if (opts.state === 'active') return active.slice(0, limit)
    const ids = new Set(active.map((a) => a.jobId))
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs WHERE state NOT IN ('queued', 'running') ${opts.area ? 'AND area = ?' : ''} ORDER BY created_at DESC LIMIT ?`
      )
      .all(...(opts.area ? [opts.area, limit] : [limit])) as Row[]
    const finished = rows.map((r) => fromRow(r, false)).filter((v) => !ids.has(v.jobId))
    return (opts.state === 'finished' ? finished : [...active, ...finished]).slice(0, limit)
  }

  /** Jobs of this process still queued or running. */
  get activeCount(): number {
    return this.live.size
  }

  /** Cancel everything and wait until each job has ended; their rows say `interrupted`. */
  async stop(): Promise<void> {
    this.stopped = true
    const pending = [...this.live.values()]
    for (const live of pending) live.ac.abort(new Error('console stopping'))
    for (const q of this.waiting.values()) for (const live of q) live.start(false)
    this.waiting.clear()
    await Promise.all(pending.map((l) => new Promise<void>((r) => this.whenEnded(l.view.jobId, r))))
  }

  private enders = new Map<string, (() => void)[]>()
  private whenEnded(id: string, cb: () => void): void {
    if (!this.live.has(id)) return cb()
    const list = this.enders.get(id) ?? []
    list.push(cb)
    this.enders.set(id, list)
  }

  private async execute<T>(spec: JobSpec<T>, live: Live, settle: Settle<T>, slot: boolean): Promise<void> {
    const { view, ac } = live
    if (slot) this.runningByKind.set(spec.kind, (this.runningByKind.get(spec.kind) ?? 0) + 1)
    if (slot) {
      view.state = 'running'
      view.startedAt = this.clock.now()
      this.db.prepare("UPDATE jobs SET state = 'running', started_at = ? WHERE id = ?").run(view.startedAt, view.jobId)
      this.send(live, true)
    }
    const ctx: JobContext = {
      id: view.jobId,
      signal: ac.signal,
      progress: (done, total, message) => {
        view.done = done
        if (total !== undefined) view.total = total
        if (message !== undefined) view.message = message
        this.send(live, false)
      },
      throwIfCancelled: () => {
        if (ac.signal.aborted) throw new AppError('CANCELLED', `${view.title}: cancelled`)
      }
    }
    let value: T | undefined
    let failure: unknown
    try {
      ctx.throwIfCancelled()
      value = await spec.run(ctx)
      if (ac.signal.aborted) throw new AppError('CANCELLED', `${view.title}: cancelled`)
    } catch (err) {
      failure = err
    }
    if (failure !== undefined) {
      try {
        await spec.cleanup?.()
      } catch (err) {
        this.logger.error(`clean-up of job ${view.kind} failed`, { jobId: view.jobId, error: String(err) })
      }
    }
    const stopping = this.stopped && ac.signal.aborted
    view.state =
      failure === undefined ? 'done' : stopping ? 'interrupted' : ac.signal.aborted || isCancellation(failure) ? 'cancelled' : 'failed'
    view.endedAt = this.clock.now()
    if (failure !== undefined) {
      view.error = view.state === 'cancelled' ? 'cancelled' : failure instanceof Error ? failure.message : String(failure)
      if (view.state === 'failed' && !(failure instanceof AppError))
        this.logger.error(`job ${view.kind} failed`, {
          jobId: view.jobId,
          error: failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)
        })
    } else if (view.total !== null) view.done = view.total
    let result: string | null = null
    if (failure === undefined) {
      const json = JSON.stringify(spec.result ? spec.result(value as T) : value) ?? null
      result = json !== null && json.length <= RESULT_MAX_CHARS ? json : null
    }
    this.db
      .prepare('UPDATE jobs SET state = ?, done = ?, total = ?, message = ?, error = ?, result = ?, ended_at = ? WHERE id = ?')
      .run(view.state, view.done, view.total, view.message ?? null, view.error, result, view.endedAt, view.jobId)
    this.prune()
    this.live.delete(view.jobId)
    this.send(live, true)
    if (live.timer) clearTimeout(live.timer)
    if (failure === undefined) settle.resolve(value as T)
    else
      settle.reject(
        view.state === 'cancelled' && !(failure instanceof AppError) ? new AppError('CANCELLED', `${view.title}: cancelled`) : failure
      )
    for (const cb of this.enders.get(view.jobId) ?? []) cb()
    this.enders.delete(view.jobId)
    if (!slot) return
    this.runningByKind.set(spec.kind, (this.runningByKind.get(spec.kind) ?? 1) - 1)
    const next = this.waiting.get(spec.kind)?.shift()
    next?.start()
  }

  /** Publishes progress: state changes at once, ticks at most every PROGRESS_MS (the last one is never lost). */
  private send(live: Live, now: boolean): void {
    const t = performance.now()
    if (!now && t - live.lastSent < PROGRESS_MS) {
      live.timer ??= setTimeout(() => {
        live.timer = undefined
        if (this.live.has(live.view.jobId)) this.send(live, true)
      }, PROGRESS_MS)
      live.timer.unref?.()
      return
    }
    live.lastSent = t
    const v = live.view
    const p: JobProgress = {
      jobId: v.jobId,
      kind: v.kind,
      area: v.area,
      title: v.title,
      state: v.state,
      done: v.done,
      total: v.total,
      unit: v.unit,
      ...(v.message ? { message: v.message } : {}),
      at: this.clock.now()
    }
    this.bus.publish('job:progress', p)
  }
}
