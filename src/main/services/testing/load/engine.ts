/**
 * The load generator. Open model (constant and ramping arrival rate): iterations are due on a schedule whatever the
 * target does; a due iteration takes a free virtual user (a connection per origin), waits for one when all are busy
 * (up to the request timeout, then it is dropped), and its latency runs from the moment it was due — wrk2's correction
 * for coordinated omission. Closed model (constant and ramping VUs): each user sends, waits for the answer, thinks, and
 * sends again; latency runs from the send. Bounded by the plan's duration and maxRequests; thresholds marked
 * abortOnFail stop the run once a second's evaluation fails them.
 */
import { performance } from 'node:perf_hooks'
import type { LoadReport } from '../../../../shared/contract/testingLoad'
import { parseThresholds } from '../../../../shared/testing/thresholds'
import { ArrivalSchedule, vusAt, type RateStage } from './arrival'
import { Connection } from './client'
import { percentilesOf, Recorder } from './metrics'
import type { CompiledPlan, CompiledRequest } from './plan'

export type Progress = (done: number, total: number | null, message?: string) => void

interface VU {
  id: number
  conns: Map<string, Connection>
  /** Closed model: looping, and asked to stop after its current iteration. */
  running: boolean
  retiring: boolean
}

const SWEEP_MS = 50

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d

export function runLoadTest(compiled: CompiledPlan, progress: Progress = () => {}, signal?: AbortSignal): Promise<LoadReport> {
  return new Engine(compiled, progress, signal).run()
}

class Engine {
  private rec: Recorder
  private t0 = 0
  private startedAt = 0
  private vus: VU[] = []
  private free: VU[] = []
  private busy = new Set<Connection>()
  private slot = 0
  private iter = 0
  private stopping = false
  private aborted: { reason: string; atS: number } | null = null
  private timers: NodeJS.Timeout[] = []
  private tickTimer: NodeJS.Timeout | null = null
  private finished!: () => void
  private active = 0
  private readonly open: boolean
  private readonly totalS: number
  private schedule: ArrivalSchedule | null = null
  private rateStart = 0
  private stages: RateStage[]
  private queue: number[] = []
  private qHead = 0
  private blockedUpTo = 0
  private nextDue: number | null = null
  /** Open model: a send this late while a connection was free counts against the generator. */
  private lateMs = 10
  private lateSends = 0

  constructor(
    private c: CompiledPlan,
    private progress: Progress,
    private signal?: AbortSignal
  ) {
    this.rec = new Recorder(c.requests, parseThresholds(c.plan.thresholds))
    const e = c.plan.executor
    this.open = e.kind === 'constant-arrival-rate' || e.kind === 'ramping-arrival-rate'
    if (e.kind === 'constant-arrival-rate') {
      this.rateStart = e.rate
      this.stages = [{ durationS: e.durationS, target: e.rate }]
    } else if (e.kind === 'ramping-arrival-rate') {
      this.rateStart = e.startRate
      this.stages = e.stages
    } else if (e.kind === 'constant-vus') {
      this.rateStart = e.vus
      this.stages = [{ durationS: e.durationS, target: e.vus }]
    } else {
      this.rateStart = e.startVUs
      this.stages = e.stages
    }
    this.totalS = this.stages.reduce((s, st) => s + st.durationS, 0)
    const peak = Math.max(this.rateStart, ...this.stages.map((st) => st.target))
    if (this.open && peak > 0) this.lateMs = Math.max(10, 2000 / peak)
  }

  private elapsed(): number {
    return performance.now() - this.t0
  }

  async run(): Promise<LoadReport> {
    if (this.signal?.aborted) throw cancelled()
    const elu0 = performance.eventLoopUtilization()
    this.t0 = performance.now()
    this.startedAt = Date.now()
    const done = new Promise<void>((r) => (this.finished = r))
    const onAbort = (): void => this.stop(null)
    this.signal?.addEventListener('abort', onAbort, { once: true })
    this.every(SWEEP_MS, () => this.sweep())
    this.startSeconds()
    if (this.open) this.startOpen()
    else this.startClosed()
    await done
    this.signal?.removeEventListener('abort', onAbort)
    for (const t of this.timers) clearTimeout(t)
    if (this.tickTimer) clearTimeout(this.tickTimer)
    for (const vu of this.vus) for (const conn of vu.conns.values()) conn.destroy()
    if (this.signal?.aborted) throw cancelled()
    const elu = performance.eventLoopUtilization(elu0)
    return this.report(elu.utilization)
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms)
    this.timers.push(t)
  }

  // ---------- virtual users ----------

  private newVU(): VU {
    const vu: VU = { id: this.vus.length + 1, conns: new Map(), running: false, retiring: false }
    this.vus.push(vu)
    return vu
  }

  private connOf(vu: VU, r: CompiledRequest): Connection {
    let conn = vu.conns.get(r.originKey)
    if (!conn) vu.conns.set(r.originKey, (conn = new Connection(r.origin, () => performance.now())))
    return conn
  }

  private nextRequest(): number {
    return this.c.order[this.slot++ % this.c.order.length]!
  }

  /** Sends one iteration's request on a VU; `due` is the intended start (open model) in ms from t0. */
  private iterate(vu: VU, due: number | null, then: () => void): void {
    const idx = this.nextRequest()
    const r = this.c.requests[idx]!
    const iter = this.iter++
    const conn = this.connOf(vu, r)
    const buf = r.fixed ?? r.build(iter, vu.id)
    conn.deadline = performance.now() + this.c.plan.timeoutMs
    this.busy.add(conn)
    this.rec.sent()
    this.active++
    conn.send(buf, r.isHead, (res) => {
      this.busy.delete(conn)
      this.active--
      const start = due === null ? res.sentAt : this.t0 + due
      this.rec.response(idx, res.status, res.error, res.endAt - start, res.endAt - res.sentAt, res.bytes)
      then()
    })
  }

  private sweep(): void {
    const now = performance.now()
    for (const conn of this.busy) if (conn.deadline <= now) conn.timeout()
    if (this.open && !this.stopping && this.qHead < this.queue.length) this.dispatch(this.elapsed())
    if (this.stopping && this.active === 0) this.finished()
  }

  // ---------- open model ----------

  private startOpen(): void {
    const e = this.c.plan.executor as { preAllocatedVUs: number; maxVUs: number }
    for (let i = 0; i < e.preAllocatedVUs; i++) this.free.push(this.newVU())
    this.schedule = new ArrivalSchedule(this.rateStart, this.stages)
    this.nextDue = this.due()
    this.tick()
  }

  private due(): number | null {
    const s = this.schedule!.nextDue()
    return s === null ? null : s * 1000
  }

  private tick = (): void => {
    this.tickTimer = null
    if (this.stopping) return
    const now = this.elapsed()
    while (this.nextDue !== null && this.nextDue <= now) {
      if (this.rec.scheduled >= this.c.plan.maxRequests) {
        this.nextDue = null
        break
      }
      this.queue.push(this.nextDue)
      this.rec.scheduled++
      this.nextDue = this.due()
    }
    this.dispatch(now)
    if (this.nextDue !== null) this.tickTimer = setTimeout(this.tick, Math.max(0, this.nextDue - this.elapsed()))
    else {
      // everything is scheduled: what still waits for a connection may start until the planned end, or until it times out
      this.draining = true
      this.timers.push(setTimeout(() => this.stop(null), Math.max(0, this.totalS * 1000 - this.elapsed())))
      if (this.qHead >= this.queue.length) this.stop(null)
    }
  }

  private draining = false

  private dispatch(now: number): void {
    const maxVUs = (this.c.plan.executor as { maxVUs: number }).maxVUs
    const timeout = this.c.plan.timeoutMs
    while (this.qHead < this.queue.length) {
      const due = this.queue[this.qHead]!
      if (now - due > timeout) {
        this.qHead++
        this.rec.drop(this.nextRequest())
        continue
      }
      const vu = this.free.pop() ?? (this.vus.length < maxVUs ? this.newVU() : undefined)
      if (!vu) {
        this.blockedUpTo = this.queue.length
        break
      }
      const waited = Math.max(0, now - due)
      if (this.qHead < this.blockedUpTo) this.rec.queueWait.record(waited * 1000)
      else {
        this.rec.sendLag.record(waited * 1000)
        if (waited > this.lateMs) this.lateSends++
      }
      this.qHead++
      this.iterate(vu, due, () => this.release(vu))
    }
    if (this.qHead > 4096 && this.qHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.qHead)
      this.blockedUpTo = Math.max(0, this.blockedUpTo - this.qHead)
      this.qHead = 0
    }
  }

  private release(vu: VU): void {
    this.free.push(vu)
    if (this.stopping) {
      if (this.active === 0) this.finished()
      return
    }
    if (this.qHead < this.queue.length) this.dispatch(this.elapsed())
    if (this.draining && this.qHead >= this.queue.length) this.stop(null)
  }

  // ---------- closed model ----------

  private startClosed(): void {
    const think = (this.c.plan.executor as { thinkMs: number }).thinkMs
    const loop = (vu: VU): void => {
      if (this.stopping || vu.retiring || this.rec.scheduled >= this.c.plan.maxRequests) {
        vu.running = vu.retiring = false
        this.free.push(vu)
        if (this.rec.scheduled >= this.c.plan.maxRequests && this.active === 0) this.stop(null)
        if (this.stopping && this.active === 0) this.finished()
        return
      }
      this.rec.scheduled++
      this.iterate(vu, null, () => (think > 0 ? void setTimeout(() => loop(vu), think) : loop(vu)))
    }
    const adjust = (): void => {
      if (this.stopping) return
      const t = this.elapsed() / 1000
      if (t >= this.totalS) return this.stop(null)
      const want = vusAt(t, this.rateStart, this.stages)
      const live = this.vus.filter((v) => v.running && !v.retiring)
      for (let i = live.length; i < want; i++) {
        const vu = this.free.pop() ?? this.newVU()
        vu.running = true
        loop(vu)
      }
      for (let i = want; i < live.length; i++) live[i]!.retiring = true
    }
    this.every(50, adjust)
    adjust()
  }

  // ---------- seconds, thresholds, stopping ----------

  private liveVUs(): number {
    return this.open ? this.vus.length - this.free.length : this.vus.filter((v) => v.running && !v.retiring).length
  }

  private startSeconds(): void {
    let second = 0
    const close = (): void => {
      second++
      const rate = this.open ? this.schedule!.rateAt(second - 0.5, this.rateStart) : null
      this.rec.closeSecond(second, rate, this.liveVUs())
      this.checkAbort(second)
      this.progress(Math.min(second, this.totalS), this.totalS, this.progressLine())
      const next = this.t0 + (second + 1) * 1000 - performance.now()
      this.timers.push(setTimeout(close, Math.max(0, next)))
    }
    this.timers.push(setTimeout(close, 1000))
  }

  private progressLine(): string {
    const s = this.rec.series
    const last = s.t.length - 1
    const p95 = s.p95[last]
    return `${s.completed[last] ?? 0} req/s · p95 ${p95 === null || p95 === undefined ? '–' : `${p95} ms`} · ${this.rec.failed} failed · ${this.rec.dropped} dropped`
  }

  private checkAbort(second: number): void {
    if (this.stopping) return
    const results = this.rec.evaluate(second, (t) => t.abortOnFail && second * 1000 >= t.delayAbortEvalMs)
    const failed = results.find((r) => !r.ok && r.value !== null)
    if (failed) this.stop({ reason: `threshold ${failed.key}: ${failed.source} crossed (value ${failed.value})`, atS: second })
  }

  /** Stops scheduling; in-flight requests get the timeout to finish (the sweeper ends them after it). */
  private stop(aborted: { reason: string; atS: number } | null): void {
    if (this.stopping) return
    this.stopping = true
    this.aborted = aborted
    if (this.tickTimer) clearTimeout(this.tickTimer)
    // iterations due but never started are dropped (k6 drops what cannot start before the end)
    while (this.qHead < this.queue.length) {
      this.qHead++
      this.rec.drop(this.nextRequest())
    }
    if (this.active === 0) queueMicrotask(() => this.finished())
  }

  private report(utilization: number): LoadReport {
    const endMs = this.elapsed()
    const rec = this.rec
    // the last partial second
    const last = rec.series.t.length + 1
    if (rec.now.sent || rec.now.completed || rec.now.dropped)
      rec.closeSecond(last, this.open && last - 0.5 < this.totalS ? this.schedule!.rateAt(last - 0.5, this.rateStart) : null, 0)
    const durationS = Math.max(0.001, endMs / 1000)
    const thresholds = rec.evaluate(durationS)
    const lag = rec.sendLag.count ? rec.sendLag.percentile(0.99) / 1000 : 0
    const wait = rec.queueWait.count ? rec.queueWait.percentile(0.99) / 1000 : 0
    const targetRate = this.open ? this.schedule!.expected / this.totalS : null
    const lateShare = rec.sendLag.count ? this.lateSends / rec.sendLag.count : 0
    // brief hiccups (a GC, another process on the core) are not saturation: more than 5 % of sends late is
    const saturated = this.open ? lateShare > 0.05 || utilization > 0.97 : utilization > 0.95
    const maxVUs = this.open ? (this.c.plan.executor as { maxVUs: number }).maxVUs : this.vus.length
    let message: string | null = null
    if (saturated && this.open)
      message = `The generator could not keep ${round(targetRate!, 1)} requests/s itself: ${Math.round(lateShare * 100)} % of requests left more than ${round(this.lateMs)} ms late (p99 ${round(lag)} ms) while connections were free, and its thread was ${Math.round(utilization * 100)} % busy. The latencies include that delay; lower the rate or run fewer tests at once.`
    else if (saturated)
      message = `The generator's thread was ${Math.round(utilization * 100)} % busy: the achieved rate may be the generator's limit, not the target's.`
    else if (this.open && (rec.dropped > 0 || rec.queueWait.count > 0))
      message = `All ${maxVUs} virtual users were busy at times: the target did not keep up with the rate (iterations waited up to ${round(wait)} ms (p99) for a connection; ${rec.dropped} were dropped).`
    const sentTotal = rec.series.sent.reduce((a, b) => a + b, 0)
    return {
      model: this.open ? 'open' : 'closed',
      executor: this.c.plan.executor.kind,
      startedAt: this.startedAt,
      endedAt: this.startedAt + Math.round(endMs),
      durationS: round(durationS, 3),
      targetRate: targetRate === null ? null : round(targetRate),
      achievedRate: round(rec.requests / durationS),
      sentRate: round(sentTotal / durationS),
      iterations: { scheduled: rec.scheduled, completed: rec.completedIterations, dropped: rec.dropped },
      requests: {
        total: rec.requests,
        failed: rec.failed,
        failedRate: rec.requests ? round(rec.failed / rec.requests, 6) : 0,
        bytesReceived: rec.bytes
      },
      latency: percentilesOf(rec.latency),
      serviceTime: percentilesOf(rec.service),
      errors: [...rec.errors.entries()]
        .map(([key, count]) => {
          const [cls, status] = key.split('|')
          return { class: cls!, status: status ? Number(status) : null, count }
        })
        .sort((a, b) => b.count - a.count),
      statuses: Object.fromEntries([...rec.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
      endpoints: this.c.requests.map((r, i) => {
        const ep = rec.endpoints[i]!
        return {
          name: r.name,
          method: r.method,
          url: r.url,
          requests: ep.requests,
          failed: ep.failed,
          ratePerS: round(ep.requests / durationS),
          latency: percentilesOf(ep.hdr)
        }
      }),
      series: rec.series,
      thresholds,
      aborted: this.aborted,
      generator: {
        saturated,
        message,
        sendLagP99Ms: round(lag, 3),
        lateSendShare: round(lateShare, 4),
        queueWaitP99Ms: round(wait, 3),
        utilization: round(utilization, 3),
        maxVUsUsed: this.vus.length
      },
      verdict: this.aborted || thresholds.some((t) => !t.ok) ? 'fail' : 'pass'
    }
  }
}
