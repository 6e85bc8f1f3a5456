/** Input checks shared by the service edits: zod errors as transports report them, duplicate names, unchanged checks. */
import { AppError, invalid } from '../../../shared/errors'
import type { z } from 'zod'
import type { CheckRow, NewCheck } from './repo'

/** Throws VALIDATION at the first check whose name an earlier check already has; `each` sees every check up to there. */
export function assertUniqueCheckNames<C extends { name: string }>(checks: readonly C[], each?: (c: C, i: number) => void): void {
  const names = new Set<string>()
  for (const [i, c] of checks.entries()) {
    if (names.has(c.name)) throw invalid(`checks[${i}].name`, `duplicate check name "${c.name}"`)
    names.add(c.name)
    each?.(c, i)
  }
}

/** Is the stored check already exactly what the form sends? Then it is left alone (its schedule and state too). */
export function sameCheck(row: CheckRow, c: NewCheck): boolean {
  return (
    row.name === c.name &&
    row.interval_s === c.intervalS &&
    row.retries === c.retries &&
    (row.paused === 1) === c.paused &&
    row.config === JSON.stringify(c.config)
  )
}

/** A zod error as the transports report it: the first issue, named by its path ("checks[1].config.url"). */
export function firstIssue(error: z.ZodError): AppError {
  const issue = error.issues[0]
  if (!issue) return invalid('input', 'is invalid')
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'input'
  return invalid(field, issue.message)
}
