/**
 * Cron schedules of triggers (five fields, UTC), through croner. Kept in this one module so that moving to the shared
 * core cron (src/main/core/cron.ts) once it lands is a one-file change.
 */
import { Cron } from 'croner'
import { AppError } from '../../../shared/errors'

export function checkCron(expr: string): void {
  if (expr.trim().split(/\s+/).length !== 5)
    throw new AppError('VALIDATION', 'cron: five fields: minute hour day-of-month month day-of-week (e.g. "0 3 * * 1")', 'cron')
  try {
    new Cron(expr, { paused: true, timezone: 'UTC' }).stop()
  } catch (err) {
    throw new AppError('VALIDATION', `cron: ${(err as Error).message}`, 'cron')
  }
}

/** The first time strictly after `after` (ms) the schedule fires; null when never. */
export function nextRun(expr: string, after: number): number | null {
  const c = new Cron(expr, { paused: true, timezone: 'UTC' })
  const next = c.nextRun(new Date(after))
  c.stop()
  return next ? next.getTime() : null
}
