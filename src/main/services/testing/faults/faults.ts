/** Fault-injection proxies (saved, started, toxics switched from the UI or the API) and circuit-breaker tests through them. */
import type { z } from 'zod'
import { Toxic, type BreakerReport, type BreakerTestInput, type ProxyInput } from '../../../../shared/contract/testing'
import { AppError, conflict, invalid, notFound } from '../../../../shared/errors'
import { isCancellation } from '../../../core/jobs'
import type { TestingContext } from '../context'
import type { FaultRepo, ProxyRow } from '../repos/faults'
import { runBreakerTest } from './breaker'
import { FaultProxy } from './proxy'

const toxicsOf = (row: ProxyRow): z.output<typeof Toxic>[] => (JSON.parse(row.toxics) as unknown[]).map((t) => Toxic.parse(t))

export class Faults {
  private live = new Map<number, FaultProxy>()
  private errors = new Map<number, string>()

  constructor(
    private ctx: TestingContext,
    private repo: FaultRepo
  ) {}

  list() {
    return this.repo.proxies().map((p) => this.view(p))
  }

  private view(p: ProxyRow) {
    const inst = this.live.get(p.id)
    return {
      id: p.id,
      name: p.name,
      listenPort: inst?.port || p.listen_port,
      url: inst?.running ? `http://127.0.0.1:${inst.port}` : null,
      upstream: p.upstream,
      enabled: p.enabled === 1,
      running: inst?.running ?? false,
      error: this.errors.get(p.id) ?? null,
      toxics: inst?.running ? inst.toxics : toxicsOf(p),
      stats: inst ? { ...inst.stats } : { requests: 0, forwarded: 0, affected: 0 }
    }
  }

  async save(input: z.output<typeof ProxyInput> & { id?: number | undefined }) {
    const clash = this.repo.proxyByName(input.name)
    if (clash && clash.id !== input.id) throw conflict(`a proxy named "${input.name}" already exists`, 'name')
    if (input.listenPort !== 0 && this.repo.proxies().some((p) => p.id !== input.id && p.listen_port === input.listenPort))
      throw conflict(`another proxy listens on ${input.listenPort}`, 'listenPort')
    const now = this.ctx.clock.now()
    const row = {
      name: input.name,
      listen_port: input.listenPort,
      upstream: input.upstream,
      enabled: input.enabled ? 1 : 0,
      toxics: JSON.stringify(input.toxics)
    }
    let id = input.id
    if (id === undefined) id = this.repo.insertProxy(row, now)
    else {
      const old = this.repo.proxy(id)
      if (!old) throw notFound(`proxy ${id}`)
      this.repo.updateProxy(id, row, now)
      const inst = this.live.get(id)
      // toxics change live; a new port or upstream needs a restart
      if (inst && (old.upstream !== input.upstream || (input.listenPort !== 0 && input.listenPort !== inst.port))) await this.stopOne(id)
      else if (inst) inst.toxics = input.toxics
    }
    if (input.enabled) await this.startOne(id)
    else await this.stopOne(id)
    this.ctx.changed('proxy', id)
    return this.view(this.repo.proxy(id)!)
  }

  /** Switch one toxic on or off, now. */
  setToxic(id: number, index: number, enabled: boolean) {
    const p = this.repo.proxy(id)
    if (!p) throw notFound(`proxy ${id}`)
    const toxics = toxicsOf(p)
    if (!toxics[index]) throw invalid('index', `proxy ${id} has ${toxics.length} toxic(s); there is no toxic ${index}`)
    toxics[index] = { ...toxics[index]!, enabled }
    this.repo.updateProxy(id, { ...p, toxics: JSON.stringify(toxics) }, this.ctx.clock.now())
    const inst = this.live.get(id)
    if (inst) inst.toxics = toxics
    this.ctx.changed('proxy', id)
    return this.view(this.repo.proxy(id)!)
  }

  async delete(id: number): Promise<{ deleted: boolean }> {
    await this.stopOne(id)
    const deleted = this.repo.deleteProxy(id)
    if (deleted) this.ctx.changed('proxy', id)
    return { deleted }
  }

  private async startOne(id: number): Promise<void> {
    if (this.live.get(id)?.running) return
    const p = this.repo.proxy(id)!
    const inst = new FaultProxy(new URL(p.upstream), toxicsOf(p))
    try {
      const port = await inst.listen(p.listen_port)
      this.errors.delete(id)
      this.live.set(id, inst)
      // keep the port a proxy got, so its URL stays the same after a restart
      if (p.listen_port === 0) this.repo.updateProxy(id, { ...p, listen_port: port }, this.ctx.clock.now())
    } catch (err) {
      const msg = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${p.listen_port} is in use` : (err as Error).message
      this.errors.set(id, msg)
      throw new AppError('CONFLICT', `proxy ${p.name} cannot listen: ${msg}`, 'listenPort')
    }
  }

  private async stopOne(id: number): Promise<void> {
    const inst = this.live.get(id)
    this.live.delete(id)
    await inst?.close()
  }

  /** At start: every enabled proxy listens again (one that cannot says why in the list). */
  async startAll(): Promise<void> {
    for (const p of this.repo.proxies())
      if (p.enabled === 1)
        await this.startOne(p.id).catch((err) =>
          this.ctx.logger.warn('testing: a proxy did not start', { proxy: p.name, error: String(err) })
        )
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.live.keys()]) await this.stopOne(id)
  }

  // ---------- circuit-breaker tests ----------

  startBreakerTest(input: z.output<typeof BreakerTestInput>): { testId: number; jobId: string; done: Promise<BreakerReport> } {
    const p = this.repo.proxy(input.proxyId)
    if (!p) throw invalid('proxyId', `proxy ${input.proxyId} does not exist`)
    const inst = this.live.get(input.proxyId)
    if (!inst?.running) throw invalid('proxyId', `proxy ${p.name} is not running: enable it first`)
    const testId = this.repo.insertBreakerTest(input.proxyId, input.name, this.ctx.clock.now())
    const started = this.ctx.jobs.start({
      kind: 'testing:breaker',
      area: 'testing',
      title: `Circuit-breaker test ${input.name}`,
      unit: 's',
      route: `/testing/faults/tests/${testId}`,
      concurrency: 1,
      run: async (job) => {
        try {
          const report = await runBreakerTest(input, inst, (d, t, m) => job.progress(d, t, m), job.signal)
          this.repo.finishBreakerTest(testId, {
            state: 'done',
            verdict: report.verdict,
            report: JSON.stringify(report),
            error: null,
            ended_at: this.ctx.clock.now()
          })
          this.ctx.bus.publish('testing:signal', {
            kind: 'breaker',
            key: `breaker:${input.name}`,
            holds: report.verdict === 'fail',
            value: report.callsAfterOpen,
            summary: `${input.name}: circuit-breaker test ${report.verdict === 'pass' ? 'passed' : `failed: ${report.observations[2]}`}`,
            labels: { breaker_test: input.name, proxy: p.name }
          })
          return report
        } catch (err) {
          const cancelled = isCancellation(err) || job.signal.aborted
          this.repo.finishBreakerTest(testId, {
            state: cancelled ? 'cancelled' : 'failed',
            verdict: null,
            report: null,
            error: cancelled ? 'cancelled' : (err as Error).message,
            ended_at: this.ctx.clock.now()
          })
          throw err
        } finally {
          this.ctx.changed('breaker-test', testId)
        }
      },
      result: (r) => ({ testId, verdict: r.verdict })
    })
    this.repo.setBreakerJob(testId, started.jobId)
    this.ctx.changed('breaker-test', testId)
    return { testId, jobId: started.jobId, done: started.done }
  }

  breakerTests() {
    return this.repo.breakerTests(100).map((b) => ({
      id: b.id,
      proxyId: b.proxy_id,
      name: b.name,
      state: b.state,
      verdict: b.verdict,
      startedAt: b.started_at,
      endedAt: b.ended_at,
      error: b.error
    }))
  }

  breakerTest(id: number) {
    const b = this.repo.breakerTest(id)
    if (!b) throw notFound(`circuit-breaker test ${id}`)
    return {
      id: b.id,
      proxyId: b.proxy_id,
      name: b.name,
      jobId: b.job_id,
      state: b.state,
      verdict: b.verdict,
      startedAt: b.started_at,
      endedAt: b.ended_at,
      error: b.error,
      report: b.report ? (JSON.parse(b.report) as BreakerReport) : null
    }
  }
}
