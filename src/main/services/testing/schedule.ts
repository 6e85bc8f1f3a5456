/** Cron schedules with a time zone for scans, drills and baseline suite runs, on the shared cron (core/cron.ts). */
import { cronProblem, nextRun as nextCronRun } from '../../core/cron'
import { invalid } from '../../../shared/errors'

/** The next run of `expr` in `timeZone` after `from`; a VALIDATION error on `field` (or `timeZone`) for a bad expression or zone. */
export function nextRun(expr: string, timeZone: string, from: number, field = 'schedule'): number | null {
  const schedule = { cron: expr, timezone: timeZone }
  const problem = cronProblem(schedule)
  if (problem) throw invalid(problem.field === 'timezone' ? 'timeZone' : field, problem.message)
  return nextCronRun(schedule, from)
}

/** One timer for the area's schedules: sleeps until the earliest due time (at most `maxSleepMs`), then asks every part. */
export class ScheduleTimer {
  private timer: NodeJS.Timeout | null = null
  private stopped = true

  constructor(
    private now: () => number,
    private parts: { nextDue(): number | null; runDue(now: number): void }[],
    private maxSleepMs = 60_000
  ) {}

  start(): void {
    this.stopped = false
    this.arm()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Re-read the due times (after a schedule changed). */
  arm(): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    const dues = this.parts.map((p) => p.nextDue()).filter((t): t is number => t !== null)
    const wait = dues.length ? Math.max(0, Math.min(...dues) - this.now()) : this.maxSleepMs
    this.timer = setTimeout(() => this.fire(), Math.min(wait, this.maxSleepMs))
    this.timer.unref?.()
  }

  private fire(): void {
    this.timer = null
    const now = this.now()
    for (const p of this.parts) p.runDue(now)
    this.arm()
  }
}
