import { AppError } from '../../../../shared/errors'

/** The server's message for an input (its field, or a field inside it), or undefined. */
export const fieldError = (err: unknown, field: string): string | undefined =>
  err instanceof AppError &&
  err.field !== undefined &&
  (err.field === field || err.field.startsWith(`${field}.`) || err.field.startsWith(`${field}[`))
    ? err.message
    : undefined

/** The error when no input shows it. */
export const unplacedError = (err: unknown, fields: string[]): unknown => (fields.some((f) => fieldError(err, f)) ? null : err)
