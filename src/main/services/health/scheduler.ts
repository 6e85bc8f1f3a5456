import type { Clock } from '../../core/clock'

export interface ScheduledCheck {
  id: number
  intervalMs: number
}

interface Entry extends ScheduledCheck {
  due: number
  running: boolean
  removed: boolean
}

export interface SchedulerStats {
  runs: number
  inflight: number
  queued: number
  /** How late each run started, in ms, for the most recent runs. */
  lagMs: number[]
}

/**
 * Runs checks on their interval with a global concurrency limit.
 * A min-heap of due times drives one timer; a run never waits on another run, only on a free slot.
 *
 * Timer slack: when the timer fires, checks due within the next `slackMs` (at most 1/20 of their own
 * interval) start with it, a little early, instead of each waking the process on its own. A fleet of
 * 1,000 checks every 10 s then wakes the process ~10 times a second instead of ~100, which on small
 * virtual machines costs less CPU per check than the checks themselves. Start lag counts lateness only.
 */
export class Scheduler {
  private heap: Entry[] = []
  private entries = new Map<number, Entry>()
  private waiting: Entry[] = []
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity
  private inflight = 0
  private started = false
  private runs = 0
  private lags: number[] = []
  private lagIndex = 0

  constructor(
    private clock: Clock,
    private run: (id: number, dueAt: number) => Promise<void>,
    public concurrency: number,
    private random: () => number = Math.random,
    private lagWindow = 4096,
    private slackMs = 100
  ) {}

  /** Add or reschedule a check; the first run is spread over min(interval, 10 s) so a fleet does not start at once. */
  upsert(check: ScheduledCheck, firstDelayMs?: number): void {
    const existing = this.entries.get(check.id)
    if (existing) {
      existing.intervalMs = check.intervalMs
      return
    }
    const spread = Math.min(check.intervalMs, 10_000)
    const entry: Entry = { ...check, due: this.clock.now() + (firstDelayMs ?? this.random() * spread), running: false, removed: false }
    this.entries.set(check.id, entry)
    this.push(entry)
    this.arm()
  }

  remove(id: number): void {
    const entry = this.entries.get(id)
    if (!entry) return
    entry.removed = true
    this.entries.delete(id)
    // a removed entry leaves the heap when it falls due: checks edited or deleted faster than their interval would
    // pile up there (a daily check edited a hundred times), so past twice the live count the heap is rebuilt
    if (this.heap.length > 2 * this.entries.size + 64) this.heap = this.heap.filter((e) => !e.removed).sort((a, b) => a.due - b.due)
  }

  /** Checks scheduled, and heap entries including removed ones not yet dropped (leak checks). */
  get size(): { entries: number; heap: number } {
    return { entries: this.entries.size, heap: this.heap.length }
  }

  has(id: number): boolean {
    return this.entries.has(id)
  }

  start(): void {
    this.started = true
    this.arm()
  }

  stop(): void {
    this.started = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.timerAt = Infinity
  }

  stats(): SchedulerStats {
    return { runs: this.runs, inflight: this.inflight, queued: this.waiting.length, lagMs: [...this.lags] }
  }

  private arm(): void {
    if (!this.started) return
    const next = this.heap[0]
    if (!next) return
    if (next.due >= this.timerAt && this.timer) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = next.due
    this.timer = setTimeout(() => this.tick(), Math.max(0, next.due - this.clock.now()))
  }

  private tick(): void {
    this.timer = null
    this.timerAt = Infinity
    const now = this.clock.now()
    const notYet: Entry[] = []
    while (this.heap.length && this.heap[0]!.due <= now + this.slackMs) {
      const entry = this.pop()!
      if (entry.removed) continue
      if (entry.due > now + Math.min(this.slackMs, entry.intervalMs / 20)) {
        notYet.push(entry)
        continue
      }
      if (entry.running) {
        // still running from last time: skip this beat rather than pile up
        entry.due += entry.intervalMs
        this.push(entry)
        continue
      }
      this.waiting.push(entry)
    }
    for (const entry of notYet) this.push(entry)
    this.drain()
    this.arm()
  }

  private drain(): void {
    while (this.inflight < this.concurrency && this.waiting.length) {
      const entry = this.waiting.shift()!
      if (entry.removed) continue
      this.launch(entry)
    }
  }

  private launch(entry: Entry): void {
    const dueAt = entry.due
    const startedAt = this.clock.now()
    this.recordLag(Math.max(0, startedAt - dueAt)) // timer slack may start a run a little early: not late
    entry.running = true
    this.inflight++
    this.runs++
    // next beat keeps the cadence; if we fell behind, start again one interval from now
    entry.due = Math.max(dueAt + entry.intervalMs, startedAt + entry.intervalMs / 2)
    this.push(entry)
    this.run(entry.id, dueAt)
      .catch(() => {})
      .finally(() => {
        entry.running = false
        this.inflight--
        this.drain()
        this.arm()
      })
  }

  private recordLag(ms: number): void {
    if (this.lags.length < this.lagWindow) this.lags.push(ms)
    else this.lags[this.lagIndex++ % this.lagWindow] = ms
  }

  private push(e: Entry): void {
    const h = this.heap
    h.push(e)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (h[p]!.due <= h[i]!.due) break
      ;[h[p], h[i]] = [h[i]!, h[p]!]
      i = p
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap
    const top = h[0]
    const last = h.pop()
    if (h.length && last) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && h[l]!.due < h[m]!.due) m = l
        if (r < h.length && h[r]!.due < h[m]!.due) m = r
        if (m === i) break
        ;[h[m], h[i]] = [h[i]!, h[m]!]
        i = m
      }
    }
    return top
  }
}
