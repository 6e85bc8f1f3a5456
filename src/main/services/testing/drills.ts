/**
 * Recovery drills: back the workspace up, restore the backup into a scratch file (never the live one), check the copy's
 * integrity and that every table has as many rows as the backup, and time it. On demand or on a schedule; each result
 * is kept, and a failed drill raises an alert. Uses the workspace area's backup code through its port.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { DrillSettings, type DrillView } from '../../../shared/contract/testing'
import { notFound } from '../../../shared/errors'
import { isCancellation } from '../../core/jobs'
import type { SettingsDef, SettingsStore } from '../../core/settings'
import type { WorkspaceBackups } from '../workspace/api'
import type { TestingContext } from './context'
import type { DrillRepo, DrillRow } from './repos/drills'
import { nextRun } from './schedule'

export const drillSettings: SettingsDef<typeof DrillSettings> = {
  key: 'testing.drills',
  schema: DrillSettings,
  defaults: DrillSettings.parse({}),
  check: (s) => void (s.schedule && nextRun(s.schedule, s.timeZone, Date.now()))
}

const round = (ms: number): number => Math.round(ms * 10) / 10

export class Drills {
  private next: number | null = null
  private running = false

  constructor(
    private ctx: TestingContext,
    private repo: DrillRepo,
    private workspace: WorkspaceBackups,
    private store: SettingsStore,
    private rearm: () => void = () => {}
  ) {
    this.plan()
  }

  settings() {
    return this.store.read(drillSettings)
  }

  setSettings(patch: { schedule?: string | null | undefined; timeZone?: string | undefined; keep?: number | undefined }) {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
    const next = DrillSettings.parse({ ...this.settings(), ...defined })
    this.store.write(drillSettings, next, this.ctx.clock.now())
    this.plan()
    this.rearm()
    this.ctx.changed('drill-settings', null)
    return { ...next, nextRunAt: this.next }
  }

  private plan(from = this.ctx.clock.now()): void {
    const s = this.settings()
    try {
      this.next = s.schedule ? nextRun(s.schedule, s.timeZone, from) : null
    } catch {
      this.next = null
    }
  }

  private view(r: DrillRow): DrillView {
    return {
      id: r.id,
      trigger: r.trigger,
      state: r.state,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      ok: r.ok === null ? null : r.ok === 1,
      backupMs: r.backup_ms,
      restoreMs: r.restore_ms,
      verifyMs: r.verify_ms,
      timeToRestoreMs: r.restore_ms !== null && r.verify_ms !== null ? round(r.restore_ms + r.verify_ms) : null,
      sizeBytes: r.size_bytes,
      tables: r.tables ? (JSON.parse(r.tables) as DrillView['tables']) : [],
      error: r.error
    }
  }

  list() {
    return {
      settings: { ...this.settings(), nextRunAt: this.next },
      drills: this.repo.list(100).map((r) => ({ ...this.view(r), tables: [] }))
    }
  }

  get(id: number): DrillView {
    const r = this.repo.get(id)
    if (!r) throw notFound(`drill ${id}`)
    return this.view(r)
  }

  start(trigger: DrillRow['trigger'] = 'manual'): { drillId: number; jobId: string; done: Promise<DrillView> } {
    const drillId = this.repo.insert(trigger, this.ctx.clock.now())
    this.running = true
    const started = this.ctx.jobs.start({
      kind: 'testing:drill',
      area: 'testing',
      title: 'Recovery drill',
      unit: 'steps',
      route: `/testing/drills/${drillId}`,
      concurrency: 1,
      run: async (job) => {
        try {
          await this.drill(drillId, (d, m) => job.progress(d, 4, m), job.signal)
        } finally {
          this.running = false
          this.ctx.changed('drill', drillId)
        }
        return this.get(drillId)
      },
      result: (v) => ({ drillId, ok: v.ok })
    })
    this.repo.setJob(drillId, started.jobId)
    this.ctx.changed('drill', drillId)
    return { drillId, jobId: started.jobId, done: started.done }
  }

  private async drill(id: number, progress: (done: number, message: string) => void, signal: AbortSignal): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-drill-'))
    const backupFile = path.join(dir, 'backup.db')
    const scratch = path.join(dir, 'restored.db')
    const times = { backup: null as number | null, restore: null as number | null, verify: null as number | null }
    let size: number | null = null
    let tables: DrillView['tables'] = []
    const abortable = (): void => {
      if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    }
    try {
      progress(0, 'backing up the workspace')
      const b = await this.workspace.backup(backupFile)
      times.backup = round(b.durationMs)
      size = b.sizeBytes
      abortable()
      progress(1, 'restoring the backup into a scratch file')
      let t = performance.now()
      await this.workspace.restoreCopy(backupFile, scratch)
      times.restore = round(performance.now() - t)
      abortable()
      progress(2, 'checking integrity and row counts')
      t = performance.now()
      const restored = this.workspace.inspect(scratch)
      const source = this.workspace.inspect(backupFile)
      times.verify = round(performance.now() - t)
      const live = new Map(this.workspace.liveCounts().map((c) => [c.name, c.rows]))
      const restoredRows = new Map(restored.tables.map((c) => [c.name, c.rows]))
      tables = source.tables.map((c) => ({
        name: c.name,
        backup: c.rows,
        restored: restoredRows.get(c.name) ?? -1,
        live: live.get(c.name) ?? null
      }))
      const problems = [
        ...(restored.integrity.join() === 'ok' ? [] : [`integrity_check: ${restored.integrity.slice(0, 3).join('; ')}`]),
        ...(restored.migrations ? [restored.migrations] : []),
        ...tables.filter((x) => x.backup !== x.restored).map((x) => `${x.name}: ${x.backup} rows in the backup, ${x.restored} restored`),
        ...restored.tables.filter((x) => !tables.some((y) => y.name === x.name)).map((x) => `${x.name}: restored but not in the backup`)
      ]
      if (problems.length) throw new Error(problems.slice(0, 5).join('; '))
      progress(3, 'cleaning up')
      this.finish(id, { ok: true, times, size, tables, error: null })
    } catch (err) {
      if (isCancellation(err) || signal.aborted) {
        this.repo.finish(id, {
          state: 'cancelled',
          ended_at: this.ctx.clock.now(),
          ok: null,
          backup_ms: times.backup,
          restore_ms: times.restore,
          verify_ms: null,
          size_bytes: size,
          tables: null,
          error: 'cancelled'
        })
        throw err
      }
      this.finish(id, { ok: false, times, size, tables, error: (err as Error).message })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }

  private finish(
    id: number,
    r: {
      ok: boolean
      times: { backup: number | null; restore: number | null; verify: number | null }
      size: number | null
      tables: DrillView['tables']
      error: string | null
    }
  ): void {
    this.repo.finish(id, {
      state: 'done',
      ended_at: this.ctx.clock.now(),
      ok: r.ok ? 1 : 0,
      backup_ms: r.times.backup,
      restore_ms: r.times.restore,
      verify_ms: r.times.verify,
      size_bytes: r.size,
      tables: JSON.stringify(r.tables),
      error: r.error
    })
    this.repo.prune(this.settings().keep)
    const restore = r.times.restore !== null && r.times.verify !== null ? round(r.times.restore + r.times.verify) : null
    this.ctx.bus.publish('testing:signal', {
      kind: 'drill',
      key: 'drill:workspace',
      holds: !r.ok,
      value: restore,
      summary: r.ok ? `Recovery drill passed: restored and verified in ${restore} ms` : `Recovery drill failed: ${r.error}`,
      labels: { drill: 'workspace' }
    })
  }

  // ---------- schedule (ScheduleTimer part) ----------

  nextDue(): number | null {
    return this.next
  }

  runDue(now: number): void {
    if (this.next === null || now < this.next) return
    this.plan(now)
    if (!this.running) this.start('schedule')
  }
}
