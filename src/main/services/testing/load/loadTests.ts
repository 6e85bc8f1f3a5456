/** Load tests: saved plans, runs as jobs on a worker thread, reports with the service's health and the baseline. */
import fs from 'node:fs'
import type { z } from 'zod'
import { LoadPlan, type HealthWindow, type LoadReport, type LoadRunDetail, type LoadTestInput } from '../../../../shared/contract/testing'
import type { JobStarted } from '../../../../shared/contract/jobs'
import { AppError, conflict, invalid, notFound } from '../../../../shared/errors'
import { describeExecutor } from '../../../../shared/testing/describe'
import { k6Percentile } from '../../../../shared/testing/percentile'
import { unknownVariables } from '../../../../shared/testing/template'
import { isCancellation, startedOf } from '../../../core/jobs'
import type { HealthReader } from '../../health/api'
import type { TestingContext } from '../context'
import type { LoadRepo, LoadRunRow, LoadTestRow } from '../repos/load'
import { compareReports } from './compare'
import type { LoadExecutor } from './job'

const STATUS_DOWN = 2
const STATUS_DEGRADED = 1

/** The health checks of a service between two instants, from the health area's port. */
export function healthWindow(health: HealthReader, serviceId: number, from: number, to: number): HealthWindow | null {
  const service = health.service(serviceId)
  if (!service) return null
  const byCheck = new Map<string, { name: string; results: number; down: number; degraded: number; lastError: string | null }>()
  const latencies: number[] = []
  for (const r of health.rawResults({ serviceId, checkId: null }, from)) {
    if (r.ts > to) break
    const c = byCheck.get(r.checkName) ?? { name: r.checkName, results: 0, down: 0, degraded: 0, lastError: null }
    c.results++
    if (r.status === STATUS_DOWN) c.down++
    if (r.status === STATUS_DEGRADED) c.degraded++
    if (r.error) c.lastError = r.error
    byCheck.set(r.checkName, c)
    latencies.push(r.latencyMs)
  }
  const checks = [...byCheck.values()]
  latencies.sort((a, b) => a - b)
  return {
    serviceId,
    serviceName: service.name,
    results: latencies.length,
    down: checks.reduce((s, c) => s + c.down, 0),
    degraded: checks.reduce((s, c) => s + c.degraded, 0),
    latencyP95Ms: latencies.length ? Math.round(k6Percentile(latencies, 0.95) * 100) / 100 : null,
    checks
  }
}

/** Reads the header line of a variables file (the worker reads the rest). */
function variableColumns(file: string | null): string[] {
  if (file === null) return []
  if (!fs.existsSync(file)) throw invalid('plan.variablesFile', `${file} does not exist`)
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(65_536)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    const first =
      buf
        .toString('utf8', 0, n)
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0] ?? ''
    return first.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
  } finally {
    fs.closeSync(fd)
  }
}

export interface LoadRunHandle extends JobStarted {
  runId: number
  done: Promise<LoadRunDetail>
}

export class LoadTests {
  constructor(
    private ctx: TestingContext,
    private repo: LoadRepo,
    private executor: LoadExecutor
  ) {}

  private serviceName(id: number | null): string | null {
    return id === null ? null : (this.ctx.health.service(id)?.name ?? null)
  }

  private summary(t: LoadTestRow, last: { id: number; state: string; verdict: string | null; at: number } | null) {
    const plan = LoadPlan.parse(JSON.parse(t.plan))
    return {
      id: t.id,
      name: t.name,
      serviceId: t.service_id,
      serviceName: this.serviceName(t.service_id),
      shape: describeExecutor(plan.executor),
      thresholds: Object.values(plan.thresholds).reduce((n, l) => n + l.length, 0),
      lastRun: last
        ? { id: last.id, state: last.state, verdict: last.verdict as 'pass' | 'fail' | null, startedAt: last.at, endedAt: null }
        : null
    }
  }

  list() {
    return this.repo
      .tests()
      .map((t) =>
        this.summary(t, t.last_run_id ? { id: t.last_run_id, state: t.last_state!, verdict: t.last_verdict, at: t.last_at! } : null)
      )
  }

  detail(id: number) {
    const t = this.repo.test(id)
    if (!t) throw notFound(`load test ${id}`)
    const runs = this.repo.runs(id, 50)
    const last = runs[0]
    return {
      ...this.summary(t, last ? { id: last.id, state: last.state, verdict: last.verdict, at: last.started_at } : null),
      plan: JSON.parse(t.plan) as Record<string, unknown>,
      baselineRunId: t.baseline_run_id,
      runs: runs.map((r) => ({
        id: r.id,
        purpose: r.purpose,
        state: r.state,
        verdict: r.verdict,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        error: r.error
      }))
    }
  }

  save(input: z.output<typeof LoadTestInput> & { id?: number | undefined }): { id: number } {
    if (input.serviceId !== null && !this.ctx.health.service(input.serviceId))
      throw invalid('serviceId', `service ${input.serviceId} does not exist`)
    const columns = variableColumns(input.plan.variablesFile)
    input.plan.requests.forEach((r, i) => {
      const missing = [r.url, r.body, ...Object.values(r.headers)].flatMap((t) => unknownVariables(t, columns))
      if (missing.length)
        throw invalid(`plan.requests[${i}]`, `{{${missing[0]}}} is neither a column of the variables file nor __ITER or __VU`)
    })
    const clash = this.repo.testByName(input.name)
    if (clash && clash.id !== input.id) throw conflict(`a load test named "${input.name}" already exists`, 'name')
    const now = this.ctx.clock.now()
    const plan = JSON.stringify(input.plan)
    if (input.id === undefined) return { id: this.repo.insertTest(input.name, input.serviceId, plan, now) }
    if (!this.repo.test(input.id)) throw notFound(`load test ${input.id}`)
    this.repo.updateTest(input.id, input.name, input.serviceId, plan, now)
    this.ctx.changed('load-test', input.id)
    return { id: input.id }
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteTest(id)
    if (deleted) this.ctx.changed('load-test', id)
    return { deleted }
  }

  setBaseline(testId: number, runId: number | null): { baselineRunId: number | null } {
    if (!this.repo.test(testId)) throw notFound(`load test ${testId}`)
    if (runId !== null) {
      const r = this.repo.run(runId)
      if (!r || r.test_id !== testId) throw invalid('runId', `run ${runId} is not a run of load test ${testId}`)
      if (r.state !== 'done') throw invalid('runId', `run ${runId} did not finish (${r.state}); only finished runs can be a baseline`)
    }
    this.repo.setBaseline(testId, runId)
    this.ctx.changed('load-test', testId)
    return { baselineRunId: runId }
  }

  /** Starts a run as a job; `done` settles with the stored run. */
  start(testId: number, purpose: LoadRunRow['purpose'] = 'manual'): LoadRunHandle {
    const t = this.repo.test(testId)
    if (!t) throw notFound(`load test ${testId}`)
    const plan = LoadPlan.parse(JSON.parse(t.plan))
    const runId = this.repo.insertRun(testId, purpose, this.ctx.clock.now())
    const started = this.ctx.jobs.start({
      kind: 'testing:load',
      area: 'testing',
      title: `Load test ${t.name}`,
      unit: 's',
      route: `/testing/load/runs/${runId}`,
      concurrency: 1,
      run: async (job) => {
        const begun = this.ctx.clock.now()
        let report: LoadReport
        try {
          report = await this.executor.run({ plan }, (done, total, message) => job.progress(done, total, message), job.signal)
        } catch (err) {
          const cancelled = isCancellation(err) || job.signal.aborted
          this.repo.finishRun(runId, {
            state: cancelled ? 'cancelled' : 'failed',
            verdict: null,
            report: null,
            health: null,
            error: cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err),
            ended_at: this.ctx.clock.now()
          })
          this.ctx.changed('load-run', runId)
          throw err
        }
        const health = t.service_id === null ? null : healthWindow(this.ctx.health, t.service_id, begun, this.ctx.clock.now())
        this.repo.finishRun(runId, {
          state: 'done',
          verdict: report.verdict,
          report: JSON.stringify(report),
          health: health ? JSON.stringify(health) : null,
          error: null,
          ended_at: this.ctx.clock.now()
        })
        this.ctx.changed('load-run', runId)
        return this.run(runId)
      },
      result: (r) => ({ runId: r.id, verdict: r.verdict })
    })
    this.repo.setRunJob(runId, started.jobId)
    this.ctx.changed('load-run', runId)
    return { ...startedOf(started), runId, done: started.done }
  }

  run(id: number): LoadRunDetail {
    const r = this.repo.run(id)
    if (!r) throw notFound(`load run ${id}`)
    const t = this.repo.test(r.test_id)!
    const report = r.report ? (JSON.parse(r.report) as LoadReport) : null
    let baseline: LoadRunDetail['baseline'] = null
    if (report && t.baseline_run_id !== null && t.baseline_run_id !== id) {
      const b = this.repo.run(t.baseline_run_id)
      if (b?.report) baseline = { runId: b.id, startedAt: b.started_at, deltas: compareReports(JSON.parse(b.report) as LoadReport, report) }
    }
    return {
      id: r.id,
      testId: r.test_id,
      testName: t.name,
      purpose: r.purpose,
      jobId: r.job_id,
      state: r.state,
      verdict: r.verdict,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      error: r.error,
      report,
      health: r.health ? (JSON.parse(r.health) as HealthWindow) : null,
      baseline
    }
  }

  /** Runs it and waits (tests, verification suites); rejects like the job does. */
  async runNow(testId: number, purpose: LoadRunRow['purpose'] = 'manual'): Promise<LoadRunDetail> {
    const h = this.start(testId, purpose)
    try {
      return await h.done
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') throw err
      return this.run(h.runId)
    }
  }
}
