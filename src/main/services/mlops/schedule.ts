/** Cron schedules of triggers, through the shared core cron (five fields), evaluated in UTC. */
import { AppError } from '../../../shared/errors'
import { cronProblem, nextRun as coreNextRun } from '../../core/cron'

const inUtc = (cron: string) => ({ cron, timezone: 'UTC' })

export function checkCron(expr: string): void {
  if (expr.trim().split(/\s+/).length !== 5)
    throw new AppError('VALIDATION', 'cron: five fields: minute hour day-of-month month day-of-week (e.g. "0 3 * * 1")', 'cron')
  const problem = cronProblem(inUtc(expr))
  if (problem) throw new AppError('VALIDATION', `cron: ${problem.message}`, 'cron')
}

/** The first time strictly after `after` (ms) the schedule fires; null when never. */
export const nextRun = (expr: string, after: number): number | null => coreNextRun(inUtc(expr), after)
