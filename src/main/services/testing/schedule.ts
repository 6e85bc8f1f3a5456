/**
 * Cron schedules with a time zone (croner), for scans, drills and baseline suite runs. When the shared cron lands in
 * src/main/core/cron.ts, this is the one file to switch.
 */
import { Cron } from 'croner'
import { invalid } from '../../../shared/errors'

/** The next run of `expr` in `timeZone` after `from`; a VALIDATION error on `field` for a bad expression or zone. */
export function nextRun(expr: string, timeZone: string, from: number, field = 'schedule'): number | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    throw invalid('timeZone', `${timeZone} is not a time zone (use an IANA name such as Europe/Paris)`)
  }
  let cron: Cron
  try {
    cron = new Cron(expr, { paused: true, timezone: timeZone })
  } catch (err) {
    throw invalid(field, `is not a valid cron expression (${(err as Error).message.replace(/^CronPattern: /, '')})`)
  }
  return cron.nextRun(new Date(from))?.getTime() ?? null
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
