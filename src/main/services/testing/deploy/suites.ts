/**
 * Verification suites: per service, its health checks, smoke requests (status and Gatus conditions) and a short load
 * test with thresholds. A deploy marker queues a verification run after the suite's settle time; it is compared with
 * the suite's last run before the deploy, and fails on any failed check, request or threshold, or a latency regression.
 */
import type { z } from 'zod'
import { SmokeRequest, type SuiteInput, type SuiteReport, type SuiteRunDetail } from '../../../../shared/contract/testing'
import { invalid, notFound } from '../../../../shared/errors'
import { isCancellation } from '../../../core/jobs'
import type { HealthChecks } from '../../health/api'
import type { TestingContext } from '../context'
import type { LoadTests } from '../load/loadTests'
import type { DeployRepo, DeployRow, SuiteRow, SuiteRunRow } from '../repos/deploys'
import type { LoadRepo } from '../repos/load'
import { runSmoke } from './smoke'

const round = (x: number): number => Math.round(x * 100) / 100
const changePct = (before: number | null, after: number | null): number | null =>
  before === null || after === null || before === 0 ? null : round(((after - before) / before) * 100)
/** Below this many ms a latency change is noise, whatever its percentage: one smoke request is one sample; a p95 is many. */
const NOISE_SINGLE_MS = 50
const NOISE_P95_MS = 10
/** A marker that arrives this long after its deploy is history: verifying the service now would judge something else. */
export const LATE_MARKER_MS = 15 * 60_000

export class Suites {
  constructor(
    private ctx: TestingContext,
    private repo: DeployRepo,
    private loadRepo: LoadRepo,
    private checks: HealthChecks,
    private load: LoadTests,
    private rearm: () => void = () => {}
  ) {}

  private serviceName(id: number): string | null {
    return this.ctx.health.service(id)?.name ?? null
  }

  private head(r: SuiteRunRow) {
    return {
      id: r.id,
      suiteId: r.suite_id,
      deployId: r.deploy_id,
      purpose: r.purpose,
      state: r.state,
      dueAt: r.due_at,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      verdict: r.verdict,
      error: r.error
    }
  }

  private view(s: SuiteRow) {
    const last = this.repo.lastRun(s.id)
    return {
      id: s.id,
      serviceId: s.service_id,
      serviceName: this.serviceName(s.service_id),
      healthChecks: s.health_checks === 1,
      smoke: (JSON.parse(s.smoke) as unknown[]).map((x) => SmokeRequest.parse(x)),
      loadTestId: s.load_test_id,
      loadTestName: s.load_test_id === null ? null : (this.loadRepo.test(s.load_test_id)?.name ?? null),
      runbookUrl: s.runbook_url,
      settleS: s.settle_s,
      auto: s.auto === 1,
      maxRegressionPct: s.max_regression_pct,
      lastRun: last ? this.head(last) : null
    }
  }

  list() {
    return this.repo.suites().map((s) => this.view(s))
  }

  detail(id: number) {
    const s = this.repo.suite(id)
    if (!s) throw notFound(`suite ${id}`)
    return { ...this.view(s), runs: this.repo.runs(id, 50).map((r) => this.head(r)) }
  }

  save(input: z.output<typeof SuiteInput>): { id: number } {
    if (!this.ctx.health.service(input.serviceId)) throw invalid('serviceId', `service ${input.serviceId} does not exist`)
    if (input.loadTestId !== null && !this.loadRepo.test(input.loadTestId))
      throw invalid('loadTestId', `load test ${input.loadTestId} does not exist`)
    if (!input.healthChecks && input.smoke.length === 0 && input.loadTestId === null)
      throw invalid('smoke', 'a suite needs the health checks, a smoke request or a load test')
    const id = this.repo.upsertSuite(
      {
        service_id: input.serviceId,
        health_checks: input.healthChecks ? 1 : 0,
        smoke: JSON.stringify(input.smoke),
        load_test_id: input.loadTestId,
        runbook_url: input.runbookUrl,
        settle_s: input.settleS,
        auto: input.auto ? 1 : 0,
        max_regression_pct: input.maxRegressionPct
      },
      this.ctx.clock.now()
    )
    this.ctx.changed('suite', id)
    return { id }
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteSuite(id)
    if (deleted) this.ctx.changed('suite', id)
    return { deleted }
  }

  /** A run now, outside any deploy: the "before" later verifications compare with. */
  runBaseline(id: number): { runId: number; done: Promise<SuiteRunDetail> } {
    const s = this.repo.suite(id)
    if (!s) throw notFound(`suite ${id}`)
    const runId = this.repo.insertRun({ suite_id: id, deploy_id: null, purpose: 'baseline', due_at: this.ctx.clock.now() })
    return { runId, done: this.start(runId) }
  }

  /** After a deploy marker: queue a verification of the service when its suite verifies automatically (not for a marker recorded long after the fact). */
  scheduleVerification(d: DeployRow): number | null {
    const s = this.repo.suiteOf(d.service_id)
    if (!s || s.auto !== 1 || this.ctx.clock.now() - d.at > LATE_MARKER_MS) return null
    const due = Math.max(d.at, this.ctx.clock.now()) + s.settle_s * 1000
    const runId = this.repo.insertRun({ suite_id: s.id, deploy_id: d.id, purpose: 'verification', due_at: due })
    this.ctx.changed('suite-run', runId)
    if (s.settle_s === 0) void this.start(runId).catch(() => undefined)
    else this.rearm()
    return runId
  }

  nextDue(): number | null {
    return this.repo.nextWaiting()
  }

  runDue(now: number): void {
    for (const r of this.repo.waitingDue(now)) void this.start(r.id).catch(() => undefined)
  }

  /** Starts a waiting run as a job (once); settles with the stored run. */
  start(runId: number): Promise<SuiteRunDetail> {
    if (!this.repo.claim(runId)) return Promise.reject(new Error(`suite run ${runId} is not waiting`))
    const run = this.repo.run(runId)!
    const suite = this.repo.suite(run.suite_id)!
    const deploy = run.deploy_id === null ? undefined : this.repo.deploy(run.deploy_id)
    const service = this.serviceName(suite.service_id) ?? `service ${suite.service_id}`
    const started = this.ctx.jobs.start({
      kind: 'testing:suite',
      area: 'testing',
      title: deploy ? `Verify ${service} ${deploy.version}` : `Suite run of ${service}`,
      unit: 'steps',
      route: `/testing/deploys/runs/${runId}`,
      concurrency: 1,
      run: async (job) => {
        this.repo.setStarted(runId, this.ctx.clock.now())
        this.ctx.changed('suite-run', runId)
        try {
          const report = await this.execute(suite, run, deploy, (done, total, message) => job.progress(done, total, message))
          this.repo.finishRun(runId, {
            state: 'done',
            verdict: report.verdict,
            compared_with: report.comparison?.beforeRunId ?? null,
            report: JSON.stringify(report),
            error: null,
            ended_at: this.ctx.clock.now()
          })
          if (run.purpose === 'verification') this.signal(suite, service, deploy, report)
        } catch (err) {
          const cancelled = isCancellation(err) || job.signal.aborted
          this.repo.finishRun(runId, {
            state: cancelled ? 'cancelled' : 'failed',
            verdict: null,
            compared_with: null,
            report: null,
            error: cancelled ? 'cancelled' : (err as Error).message,
            ended_at: this.ctx.clock.now()
          })
          throw err
        } finally {
          this.ctx.changed('suite-run', runId)
        }
        return this.run(runId)
      },
      result: (r) => ({ runId: r.id, verdict: r.verdict })
    })
    this.repo.setJob(runId, started.jobId)
    return started.done
  }

  private signal(suite: SuiteRow, service: string, deploy: DeployRow | undefined, report: SuiteReport): void {
    const version = deploy?.version ?? '(no deploy)'
    const failed = report.verdict === 'fail'
    this.ctx.bus.publish('testing:signal', {
      kind: 'verification',
      key: `verification:${suite.service_id}`,
      holds: failed,
      value: report.reasons.length,
      summary: failed
        ? `${service} ${version}: verification failed: ${report.reasons.slice(0, 3).join('; ')}${suite.runbook_url ? ` — roll back: ${suite.runbook_url}` : ''}`
        : `${service} ${version}: verification passed`,
      labels: { service, version, ...(suite.runbook_url ? { runbook: suite.runbook_url } : {}) }
    })
  }

  private async execute(
    suite: SuiteRow,
    run: SuiteRunRow,
    deploy: DeployRow | undefined,
    progress: (done: number, total: number, message: string) => void
  ): Promise<SuiteReport> {
    const smokeList = (JSON.parse(suite.smoke) as unknown[]).map((x) => SmokeRequest.parse(x))
    const checks = suite.health_checks ? this.checks.checksOf(suite.service_id) : []
    const total = checks.length + smokeList.length + (suite.load_test_id !== null ? 1 : 0)
    let step = 0
    const health: SuiteReport['health'] = []
    for (const c of checks) {
      progress(step++, total, `health check ${c.name}`)
      const o = await this.checks.runNow(c.id)
      health.push({ checkId: c.id, name: c.name, status: o.status, latencyMs: round(o.latencyMs), error: o.error })
    }
    const smoke: SuiteReport['smoke'] = []
    for (const r of smokeList) {
      progress(step++, total, `smoke request ${r.name}`)
      smoke.push(await runSmoke(r, () => this.ctx.clock.now()))
    }
    let load: SuiteReport['load'] = null
    if (suite.load_test_id !== null && this.loadRepo.test(suite.load_test_id)) {
      progress(step++, total, 'load test')
      const lr = await this.load.runNow(suite.load_test_id, 'verification')
      load = {
        runId: lr.id,
        testName: lr.testName,
        verdict: lr.verdict,
        p95Ms: lr.report?.latency.p95 ?? null,
        failedRate: lr.report?.requests.failedRate ?? null,
        failedThresholds: lr.report?.thresholds.filter((t) => !t.ok).map((t) => `${t.key}: ${t.source} (${t.value ?? 'no samples'})`) ?? [],
        error: lr.error
      }
    }
    const before = this.repo.doneBefore(suite.id, deploy?.at ?? this.ctx.clock.now(), run.id)
    const comparison = before?.report
      ? this.compare(JSON.parse(before.report) as SuiteReport, { health, smoke, load }, suite, before)
      : null
    const reasons = [
      ...health.filter((h) => h.status === 'DOWN').map((h) => `health check ${h.name} is down (${h.error ?? 'no detail'})`),
      ...smoke.filter((s) => !s.ok).map((s) => `smoke ${s.name}: ${s.error}`),
      ...(load && load.verdict !== 'pass'
        ? [`load test ${load.testName}: ${load.failedThresholds.join('; ') || load.error || 'failed'}`]
        : []),
      ...(comparison?.items
        .filter((i) => i.regressed)
        .map((i) => `${i.item}: ${i.before} → ${i.after} ${i.unit} (${i.changePct === null ? 'new' : `+${i.changePct} %`})`) ?? [])
    ]
    return { health, smoke, load, comparison, verdict: reasons.length ? 'fail' : 'pass', reasons }
  }

  private compare(
    b: SuiteReport,
    a: Pick<SuiteReport, 'health' | 'smoke' | 'load'>,
    suite: SuiteRow,
    before: SuiteRunRow
  ): NonNullable<SuiteReport['comparison']> {
    const limit = 1 + suite.max_regression_pct / 100
    const items: NonNullable<SuiteReport['comparison']>['items'] = []
    const latency = (item: string, x: number | null, y: number | null, noiseMs: number): void =>
      void items.push({
        item,
        unit: 'ms',
        before: x,
        after: y,
        changePct: changePct(x, y),
        regressed: x !== null && y !== null && y > x * limit && y - x > noiseMs
      })
    const down = (r: Pick<SuiteReport, 'health'>): number => r.health.filter((h) => h.status === 'DOWN').length
    items.push({
      item: 'health checks down',
      unit: 'checks',
      before: down(b),
      after: down(a),
      changePct: null,
      regressed: down(a) > down(b)
    })
    for (const s of a.smoke) {
      const old = b.smoke.find((x) => x.name === s.name)
      if (old) latency(`smoke ${s.name} latency`, old.latencyMs, s.latencyMs, NOISE_SINGLE_MS)
    }
    if (a.load && b.load) {
      latency('load test p95', b.load.p95Ms, a.load.p95Ms, NOISE_P95_MS)
      const fb = b.load.failedRate === null ? null : round(b.load.failedRate * 100)
      const fa = a.load.failedRate === null ? null : round(a.load.failedRate * 100)
      items.push({
        item: 'load test failed requests',
        unit: '%',
        before: fb,
        after: fa,
        changePct: changePct(fb, fa),
        regressed: fb !== null && fa !== null && fa > fb + 1
      })
    }
    return { beforeRunId: before.id, beforeAt: before.started_at ?? before.due_at, items }
  }

  run(id: number): SuiteRunDetail {
    const r = this.repo.run(id)
    if (!r) throw notFound(`suite run ${id}`)
    const s = this.repo.suite(r.suite_id)!
    const d = r.deploy_id === null ? undefined : this.repo.deploy(r.deploy_id)
    return {
      ...this.head(r),
      serviceId: s.service_id,
      serviceName: this.serviceName(s.service_id),
      deploy: d ? { version: d.version, at: d.at, link: d.link } : null,
      runbookUrl: s.runbook_url,
      jobId: r.job_id,
      report: r.report ? (JSON.parse(r.report) as SuiteReport) : null
    }
  }
}
