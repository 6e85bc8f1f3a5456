/**
 * The one cron: 5-field (minute hour day-of-month month day-of-week) or 6-field (seconds first) expressions,
 * evaluated in an IANA time zone per schedule, through croner. Day-of-month and day-of-week combine with OR when both
 * are restricted (as Vixie cron does). Daylight-saving changes follow croner: a fixed time that falls in a gap runs at
 * the first valid time after it, and a repeated hour runs once.
 */
import { Cron } from 'croner'

/** A schedule as stored: its expression and its zone. */
export interface CronSchedule {
  cron: string
  timezone: string
}

/** The machine's IANA zone (UTC when the runtime cannot tell). */
export function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/** Whether the runtime knows the IANA zone name (e.g. Europe/Paris, UTC). */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** Every IANA zone the runtime knows, UTC first (for pickers). */
export function timeZones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return ['UTC', ...all.filter((z) => z !== 'UTC')]
}

function compile(s: CronSchedule): Cron {
  return new Cron(s.cron.trim(), { paused: true, timezone: s.timezone, mode: '5-or-6-parts' })
}

/** Why a zone cannot be used, or null. */
export function timeZoneProblem(tz: string): string | null {
  return isTimeZone(tz) ? null : `“${tz}” is not a time zone this machine knows (use an IANA name such as Europe/Paris or UTC)`
}

/** Why a schedule cannot run (bad expression or unknown zone), or null when it can. */
export function cronProblem(s: CronSchedule): { field: 'cron' | 'timezone'; message: string } | null {
  const zone = timeZoneProblem(s.timezone)
  if (zone) return { field: 'timezone', message: zone }
  try {
    compile(s)
    return null
  } catch (err) {
    return {
      field: 'cron',
      message: `is not a valid cron expression: ${(err as Error).message.replace(/^CronPattern: /, '')} (5 fields: minute hour day-of-month month day-of-week, e.g. “0 6 * * 1”)`
    }
  }
}

/** The first run strictly after `after` (epoch ms), or null when the expression never fires again or is invalid. */
export function nextRun(s: CronSchedule, after: number): number | null {
  if (cronProblem(s)) return null
  return compile(s).nextRun(new Date(after))?.getTime() ?? null
}

/** The next `n` runs after `after` (for previews). */
export function nextRuns(s: CronSchedule, after: number, n: number): number[] {
  if (cronProblem(s)) return []
  return compile(s)
    .nextRuns(n, new Date(after))
    .map((d) => d.getTime())
}
