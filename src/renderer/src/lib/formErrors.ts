import { useCallback, useState } from 'react'
import { channels, type ChannelName } from '../../../shared/contract'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { fieldIssues } from '../../../shared/issues'
import { fieldMatches } from './fieldErrors'

/** Messages by rendered input key ("name", "checks[0].config.url"): every error of a form at once. */
export type FieldErrors = Record<string, string>

/** Strip "field: " and "last segment: " in front of a message shown next to its field. */
function withoutField(field: string, message: string): string {
  let rest = message
  if (rest.startsWith(`${field}: `)) rest = rest.slice(field.length + 2)
  const last = field
    .replace(/\[\d+\]$/, '')
    .split(/[.[\]]/)
    .filter(Boolean)
    .pop()
  if (last && rest.startsWith(`${last}: `)) rest = rest.slice(last.length + 2)
  return rest
}

/** The longest rendered key that an error's field names, or null. */
export function keyFor(field: string, keys: readonly string[]): string | null {
  return keys.filter((k) => fieldMatches(field, k)).sort((a, b) => b.length - a.length)[0] ?? null
}

/**
 * Every issue of a service error placed on the input it names; what names no input of the form comes back as
 * sentences with the field's label (never its internal name), for one notice above the buttons.
 */
export function placeErrors(
  error: unknown,
  keys: readonly string[],
  labelOf: (field: string) => string = fallbackLabel
): { placed: FieldErrors; unplaced: string[] } {
  if (!(error instanceof AppError)) return { placed: {}, unplaced: error ? [error instanceof Error ? error.message : String(error)] : [] }
  const issues = error.issues ?? (error.field ? [{ field: error.field, message: error.message }] : [])
  if (!issues.length) return { placed: {}, unplaced: [error.message] }
  return placeIssues(issues, keys, labelOf)
}

/** Issues (a service's, or the contract's own parse of a draft) placed on the inputs they name. */
export function placeIssues(
  issues: readonly FieldIssue[],
  keys: readonly string[],
  labelOf: (field: string) => string = fallbackLabel
): { placed: FieldErrors; unplaced: string[] } {
  const placed: FieldErrors = {}
  const unplaced: string[] = []
  for (const { field, message } of issues) {
    const text = withoutField(field, message)
    const key = keyFor(field, keys)
    if (key && !placed[key]) placed[key] = text
    else if (!key) unplaced.push(field === 'input' ? text : `${labelOf(field)}: ${text}`)
  }
  return { placed, unplaced }
}

/** "checks[0].config.timeoutMs" → "Timeout ms" when a form has no better label: the last name in words. */
export function fallbackLabel(field: string): string {
  const last =
    field
      .split(/[.[\]]/)
      .filter((s) => s && !/^\d+$/.test(s))
      .pop() ?? field
  const words = last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** Check an input by its channel's own schema before sending it: every problem at once, on the inputs `keys` names. */
export function contractErrors(
  channel: ChannelName,
  input: unknown,
  keys: readonly string[],
  labelOf?: (field: string) => string
): { placed: FieldErrors; unplaced: string[] } {
  const parsed = channels[channel].input.safeParse(input)
  return parsed.success ? { placed: {}, unplaced: [] } : placeIssues(fieldIssues(parsed.error), keys, labelOf)
}

/** Does an error key sit at or under a changed input's key? */
const under = (errorKey: string, changed: string): boolean => fieldMatches(errorKey, changed) || fieldMatches(changed, errorKey)

/**
 * A form's errors: all shown together after submit (the form's own checks, then the service's), each cleared as
 * soon as its input changes.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({})
  const [unplaced, setUnplaced] = useState<string[]>([])
  /** Show the form's own findings; true when there are none (go on and save). */
  const check = useCallback((found: FieldErrors): boolean => {
    setErrors(found)
    setUnplaced([])
    return Object.keys(found).length === 0
  }, [])
  /** Show a service error's issues next to their inputs. */
  const fromService = useCallback((error: unknown, keys: readonly string[], labelOf?: (field: string) => string) => {
    const { placed, unplaced: rest } = placeErrors(error, keys, labelOf)
    setErrors(placed)
    setUnplaced(rest)
  }, [])
  /** An input changed: its errors (and those inside it) go. */
  const clear = useCallback((...changed: string[]) => {
    setErrors((e) => {
      const next = Object.fromEntries(Object.entries(e).filter(([k]) => !changed.some((c) => under(k, c))))
      return Object.keys(next).length === Object.keys(e).length ? e : next
    })
    setUnplaced((u) => (u.length ? [] : u))
  }, [])
  return {
    errors,
    unplaced,
    errorOf: (key: string): string | undefined => errors[key],
    check,
    fromService,
    clear,
    count: Object.keys(errors).length
  }
}

export type FormErrorsApi = ReturnType<typeof useFormErrors>

/**
 * Submit a form over one command channel: check the input by the channel's own schema (and the form's own findings)
 * and show every problem at once; when clean, `send` it, and place what the service still refuses.
 */
export function submitChecked(
  form: FormErrorsApi,
  channel: ChannelName,
  input: unknown,
  keys: readonly string[],
  send: (onError: (err: unknown) => void) => void,
  opts: { extra?: FieldErrors; labelOf?: (field: string) => string } = {}
): void {
  if (!form.check({ ...contractErrors(channel, input, keys, opts.labelOf).placed, ...opts.extra })) return
  send((err) => form.fromService(err, keys, opts.labelOf))
}
