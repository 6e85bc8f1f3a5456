/** Security scans: targets, scans as jobs (now or on a schedule), each compared with the one before; new high findings alert. */
import type { z } from 'zod'
import { ScanOptions, type ScanComparison, type ScanReport, type ScanTargetInput } from '../../../../shared/contract/testing'
import type { JobStarted } from '../../../../shared/contract/jobs'
import { conflict, invalid, notFound } from '../../../../shared/errors'
import { isCancellation, startedOf } from '../../../core/jobs'
import type { TestingContext } from '../context'
import type { ScanRepo, ScanRow, ScanTargetRow } from '../repos/scans'
import { nextRun } from '../schedule'
import { scan } from './scanner'

type TargetInput = z.output<typeof ScanTargetInput>

/** What changed between two reports, by finding id. */
export function compareScans(before: ScanReport, after: ScanReport, previousScanId: number, previousAt: number): ScanComparison {
  const old = new Map(before.findings.map((f) => [f.id, f]))
  const now = new Set(after.findings.map((f) => f.id))
  return {
    previousScanId,
    previousAt,
    added: after.findings.filter((f) => !old.has(f.id)),
    fixed: before.findings.filter((f) => !now.has(f.id)).map((f) => ({ id: f.id, title: f.title, severity: f.severity })),
    unchanged: after.findings.filter((f) => old.has(f.id)).length
  }
}

const countsOf = (r: ScanReport | null) => r?.counts ?? null

export class Scans {
  /** Target ids with a scan queued or running (a schedule never stacks a second one). */
  private active = new Set<number>()

  constructor(
    private ctx: TestingContext,
    private repo: ScanRepo,
    private rearm: () => void = () => {}
  ) {}

  list() {
    return this.repo.targets().map((t) => ({
      ...this.targetView(t),
      lastScan:
        t.last_id === null
          ? null
          : {
              id: t.last_id,
              state: t.last_state!,
              grade: t.last_grade,
              startedAt: t.last_at!,
              counts: countsOf(t.last_report ? (JSON.parse(t.last_report) as ScanReport) : null)
            }
    }))
  }

  private targetView(t: ScanTargetRow) {
    return {
      id: t.id,
      name: t.name,
      serviceId: t.service_id,
      serviceName: t.service_id === null ? null : (this.ctx.health.service(t.service_id)?.name ?? null),
      url: t.url,
      schedule: t.schedule,
      timeZone: t.time_zone,
      nextRunAt: t.next_run_at
    }
  }

  target(id: number) {
    const t = this.repo.target(id)
    if (!t) throw notFound(`scan target ${id}`)
    return {
      ...this.targetView(t),
      options: ScanOptions.parse(JSON.parse(t.options)),
      scans: this.repo.scans(id, 50).map((s) => ({
        id: s.id,
        state: s.state,
        grade: s.grade,
        score: s.score,
        requests: s.requests,
        newHigh: s.new_high,
        startedAt: s.started_at,
        endedAt: s.ended_at,
        error: s.error
      }))
    }
  }

  save(input: TargetInput & { id?: number | undefined }): { id: number } {
    if (input.serviceId !== null && !this.ctx.health.service(input.serviceId))
      throw invalid('serviceId', `service ${input.serviceId} does not exist`)
    const clash = this.repo.targetByName(input.name)
    if (clash && clash.id !== input.id) throw conflict(`a scan target named "${input.name}" already exists`, 'name')
    const now = this.ctx.clock.now()
    const row = {
      name: input.name,
      service_id: input.serviceId,
      url: input.url,
      schedule: input.schedule || null,
      time_zone: input.timeZone,
      next_run_at: input.schedule ? nextRun(input.schedule, input.timeZone, now) : null,
      options: JSON.stringify(input.options)
    }
    let id = input.id
    if (id === undefined) id = this.repo.insertTarget(row, now)
    else {
      if (!this.repo.target(id)) throw notFound(`scan target ${id}`)
      this.repo.updateTarget(id, row, now)
    }
    this.rearm()
    this.ctx.changed('scan-target', id)
    return { id }
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteTarget(id)
    if (deleted) {
      this.rearm()
      this.ctx.changed('scan-target', id)
    }
    return { deleted }
  }

  start(targetId: number): JobStarted & { scanId: number; done: Promise<number> } {
    const t = this.repo.target(targetId)
    if (!t) throw notFound(`scan target ${targetId}`)
    const options = ScanOptions.parse(JSON.parse(t.options))
    const scanId = this.repo.insertScan(targetId, this.ctx.clock.now())
    this.active.add(targetId)
    const started = this.ctx.jobs.start({
      kind: 'testing:scan',
      area: 'testing',
      title: `Security scan of ${t.name}`,
      unit: 'steps',
      route: `/testing/scans/runs/${scanId}`,
      concurrency: 2,
      run: async (job) => {
        try {
          const report = await scan(t.url, options, (done, total, message) => job.progress(done, total, message), job.signal)
          this.finish(t, scanId, report)
          return scanId
        } catch (err) {
          const cancelled = isCancellation(err) || job.signal.aborted
          this.repo.finishScan(scanId, {
            state: cancelled ? 'cancelled' : 'failed',
            grade: null,
            score: null,
            requests: 0,
            report: null,
            new_high: 0,
            error: cancelled ? 'cancelled' : (err as Error).message,
            ended_at: this.ctx.clock.now()
          })
          this.ctx.changed('scan', scanId)
          throw err
        } finally {
          this.active.delete(targetId)
        }
      },
      result: (id) => ({ scanId: id })
    })
    this.repo.setScanJob(scanId, started.jobId)
    this.ctx.changed('scan', scanId)
    return { ...startedOf(started), scanId, done: started.done }
  }

  /** Stores the report, compares it with the previous scan, and raises (or clears) the alert signal. */
  private finish(t: ScanTargetRow, scanId: number, report: ScanReport): void {
    const prev = this.repo.previousDone(t.id, scanId)
    const cmp = prev?.report ? compareScans(JSON.parse(prev.report) as ScanReport, report, prev.id, prev.started_at) : null
    const newHigh = (cmp ? cmp.added : report.findings).filter((f) => f.severity === 'high')
    this.repo.finishScan(scanId, {
      state: 'done',
      grade: report.grade,
      score: report.score,
      requests: report.requests,
      report: JSON.stringify(report),
      new_high: newHigh.length,
      error: null,
      ended_at: this.ctx.clock.now()
    })
    this.ctx.changed('scan', scanId)
    const labels = { scan_target: t.name, url: t.url }
    if (newHigh.length)
      this.ctx.bus.publish('testing:signal', {
        kind: 'scan',
        key: `scan:${t.id}`,
        holds: true,
        value: newHigh.length,
        summary: `${t.name}: ${newHigh.length} new high finding${newHigh.length > 1 ? 's' : ''}: ${newHigh.map((f) => f.title).join('; ')}`,
        labels
      })
    else if (report.counts.high === 0)
      this.ctx.bus.publish('testing:signal', {
        kind: 'scan',
        key: `scan:${t.id}`,
        holds: false,
        value: 0,
        summary: `${t.name}: no high finding left`,
        labels
      })
  }

  async runNow(targetId: number) {
    const h = this.start(targetId)
    await h.done.catch(() => undefined)
    return this.scan(h.scanId)
  }

  scan(id: number) {
    const s = this.repo.scan(id)
    if (!s) throw notFound(`scan ${id}`)
    const t = this.repo.target(s.target_id)!
    const report = s.report ? (JSON.parse(s.report) as ScanReport) : null
    const prev = report ? this.repo.previousDone(s.target_id, s.id) : undefined
    return {
      id: s.id,
      targetId: s.target_id,
      targetName: t.name,
      url: t.url,
      jobId: s.job_id,
      state: s.state,
      startedAt: s.started_at,
      endedAt: s.ended_at,
      error: s.error,
      newHigh: s.new_high,
      report,
      comparison: report && prev?.report ? compareScans(JSON.parse(prev.report) as ScanReport, report, prev.id, prev.started_at) : null
    }
  }

  /** Two scans of the same target side by side. */
  compare(fromId: number, toId: number): ScanComparison {
    const a = this.doneScan(fromId, 'fromId')
    const b = this.doneScan(toId, 'toId')
    if (a.target_id !== b.target_id) throw invalid('toId', `scans ${fromId} and ${toId} are of different targets`)
    return compareScans(JSON.parse(a.report!) as ScanReport, JSON.parse(b.report!) as ScanReport, a.id, a.started_at)
  }

  private doneScan(id: number, field: string): ScanRow {
    const s = this.repo.scan(id)
    if (!s) throw notFound(`scan ${id}`)
    if (!s.report) throw invalid(field, `scan ${id} has no report (${s.state})`)
    return s
  }

  // ---------- schedule (ScheduleTimer part) ----------

  nextDue(): number | null {
    return this.repo.nextDue()
  }

  runDue(now: number): void {
    for (const t of this.repo.due(now)) {
      let next: number | null = null
      try {
        next = t.schedule ? nextRun(t.schedule, t.time_zone, now) : null
      } catch {
        next = null
      }
      this.repo.setNextRun(t.id, next)
      if (this.active.has(t.id)) continue
      try {
        this.start(t.id)
      } catch (err) {
        this.ctx.logger.warn('testing: a scheduled scan did not start', { target: t.name, error: String(err) })
      }
    }
  }
}
