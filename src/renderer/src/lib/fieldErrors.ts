import { AppError } from '../../../shared/errors'

/** Does the error's field name this input key, or something inside it (e.g. acceptedStatus[1] inside acceptedStatus)? */
export const fieldMatches = (field: string, key: string): boolean =>
  field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[`)

/** The rendered input key an error belongs to: the longest key that the error's field names, or null. */
export function fieldKeyFor(error: unknown, keys: readonly string[]): string | null {
  if (!(error instanceof AppError) || !error.field) return null
  const field = error.field
  const hits = keys.filter((k) => fieldMatches(field, k))
  return hits.sort((a, b) => b.length - a.length)[0] ?? null
}

/**
 * The message without the field path in front ("checks[0].config.url: url: must be …" → "must be …"),
 * since it is shown next to that field.
 */
export function messageWithoutField(error: unknown): string {
  const msg = error instanceof Error ? error.message : String(error)
  if (!(error instanceof AppError) || !error.field) return msg
  let rest = msg
  if (rest.startsWith(`${error.field}: `)) rest = rest.slice(error.field.length + 2)
  const last = error.field
    .replace(/\[\d+\]$/, '')
    .split(/[.[\]]/)
    .filter(Boolean)
    .pop()
  if (last && rest.startsWith(`${last}: `)) rest = rest.slice(last.length + 2)
  return rest
}

/** The inline message for one input, or undefined when the error is about something else. */
export function errorFor(error: unknown, key: string, keys: readonly string[]): string | undefined {
  return fieldKeyFor(error, keys) === key ? messageWithoutField(error) : undefined
}
