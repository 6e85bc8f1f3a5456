/**
 * What starts runs besides a person: a cron schedule, a drift check that drifted (bus), a change in a watched file or
 * folder (polled), another job finishing. Each fire records its reason on the run it starts.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import type { Trigger, TriggerInput } from '../../../shared/contract/mlops'
import { AppError } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { MlopsRepo, TriggerRow } from './repo'
import { checkCron, nextRun } from './schedule'

const TICK_MS = 15_000

interface Config {
  cron?: string
  driftCheckId?: number
  watchPath?: string
  afterJobId?: number
  afterOutcome: 'succeeded' | 'any'
  params: Record<string, string>
}

export interface Fire {
  id: number
  jobId: number
  kind: Trigger['kind']
  params: Record<string, string>
}

export interface TriggerDeps {
  repo: MlopsRepo
  clock: Clock
  bus: EventBus
  logger: Logger
  fire(t: Fire, reason: string): void
}

/** A file's or folder's signature: size and modification time (of a folder: of its entries). */
export function signature(p: string): string {
  try {
    const st = fs.statSync(p)
    if (!st.isDirectory()) return `f:${st.size}:${st.mtimeMs}`
    let size = 0
    let mtime = st.mtimeMs
    const names = fs.readdirSync(p)
    for (const n of names) {
      const s = fs.statSync(path.join(p, n))
      size += s.size
      mtime = Math.max(mtime, s.mtimeMs)
    }
    return `d:${names.length}:${size}:${mtime}`
  } catch {
    return 'missing'
  }
}

export class Triggers {
  private timer: NodeJS.Timeout | undefined
  private off: (() => void) | undefined

  constructor(private deps: TriggerDeps) {}

  start(): void {
    this.off = this.deps.bus.on('drift:detected', (e) => {
      const pct = Math.round(e.share * 100)
      for (const t of this.enabled('drift'))
        if (t.config.driftCheckId === undefined || t.config.driftCheckId === e.checkId)
          this.fireRow(t.row, `drift check “${e.checkName}” drifted (${pct} % of columns: ${e.driftedColumns.slice(0, 5).join(', ')})`)
    })
    this.timer = setInterval(() => this.tick(), TICK_MS)
    this.timer.unref?.()
  }
  stop(): void {
    this.off?.()
    if (this.timer) clearInterval(this.timer)
  }

  /** Cron schedules that came due and watched paths that changed. */
  tick(now = this.deps.clock.now()): void {
    for (const t of this.enabled('cron')) {
      const next = nextRun(t.config.cron!, t.row.last_fired_at ?? now)
      if (next !== null && next <= now) this.fireRow(t.row, `schedule “${t.config.cron}” (UTC) came due`)
    }
    for (const t of this.enabled('file')) {
      const sig = signature(t.config.watchPath!)
      if (sig === t.row.watch_state) continue
      this.deps.repo.setWatchState(t.row.id, sig)
      if (sig !== 'missing') this.fireRow(t.row, `new data in ${t.config.watchPath}`)
    }
  }

  runEnded(jobId: number, runId: number, state: string): void {
    const name = this.deps.repo.job(jobId)?.name ?? `job ${jobId}`
    for (const t of this.enabled('job'))
      if (
        t.config.afterJobId === jobId &&
        (t.config.afterOutcome === 'any' || state === 'succeeded') &&
        (state === 'succeeded' || state === 'failed')
      )
        this.fireRow(t.row, `job “${name}” run #${runId} ${state}`)
  }

  save(input: z.output<typeof TriggerInput>): Trigger {
    const config: Config = { afterOutcome: input.afterOutcome, params: input.params }
    if (input.kind === 'cron') {
      if (!input.cron) throw new AppError('VALIDATION', 'cron: a schedule trigger needs a cron expression', 'cron')
      checkCron(input.cron)
      config.cron = input.cron
    } else if (input.kind === 'drift') {
      if (input.driftCheckId !== undefined) config.driftCheckId = input.driftCheckId
    } else if (input.kind === 'file') {
      if (!input.watchPath) throw new AppError('VALIDATION', 'watchPath: name the file or folder to watch', 'watchPath')
      if (!fs.existsSync(input.watchPath)) throw new AppError('VALIDATION', `watchPath: ${input.watchPath} does not exist`, 'watchPath')
      config.watchPath = input.watchPath
    } else {
      if (!input.afterJobId) throw new AppError('VALIDATION', 'afterJobId: name the job whose end starts this one', 'afterJobId')
      if (input.afterJobId === input.jobId) throw new AppError('VALIDATION', 'afterJobId: a job cannot start itself', 'afterJobId')
      config.afterJobId = input.afterJobId
    }
    const id = this.deps.repo.db.transaction(() => {
      const tid = this.deps.repo.saveTrigger({
        id: input.id,
        jobId: input.jobId,
        kind: input.kind,
        config: JSON.stringify(config),
        enabled: input.enabled
      })
      // schedules count from now; watched paths from their state now
      this.deps.repo.fired(tid, this.deps.clock.now())
      if (config.watchPath) this.deps.repo.setWatchState(tid, signature(config.watchPath))
      return tid
    })()
    return this.view(this.deps.repo.trigger(id)!)
  }

  list(jobId?: number): Trigger[] {
    return this.deps.repo.triggers(jobId).map((r) => this.view(r))
  }

  private enabled(kind: TriggerRow['kind']): { row: TriggerRow; config: Config }[] {
    return this.deps.repo
      .triggers()
      .filter((r) => r.kind === kind && r.enabled)
      .map((row) => ({ row, config: JSON.parse(row.config) as Config }))
  }

  private fireRow(row: TriggerRow, reason: string): void {
    const config = JSON.parse(row.config) as Config
    this.deps.repo.fired(row.id, this.deps.clock.now())
    this.deps.fire({ id: row.id, jobId: row.job_id, kind: row.kind, params: config.params }, reason)
  }

  private view(r: TriggerRow): Trigger {
    const c = JSON.parse(r.config) as Config
    const jobName = (id: number): string => this.deps.repo.job(id)?.name ?? `job ${id}`
    const description =
      r.kind === 'cron'
        ? `on schedule “${c.cron}” (UTC)`
        : r.kind === 'drift'
          ? c.driftCheckId
            ? `when drift check #${c.driftCheckId} drifts`
            : 'when any drift check drifts'
          : r.kind === 'file'
            ? `when ${c.watchPath} changes`
            : `after “${jobName(c.afterJobId!)}” ${c.afterOutcome === 'any' ? 'ends' : 'succeeds'}`
    return {
      id: r.id,
      jobId: r.job_id,
      kind: r.kind,
      cron: c.cron ?? null,
      driftCheckId: c.driftCheckId ?? null,
      watchPath: c.watchPath ?? null,
      afterJobId: c.afterJobId ?? null,
      afterOutcome: c.afterOutcome,
      params: c.params,
      enabled: Boolean(r.enabled),
      lastFiredAt: r.last_fired_at,
      nextAt: c.cron && r.enabled ? nextRun(c.cron, r.last_fired_at ?? this.deps.clock.now()) : null,
      description
    }
  }
}
