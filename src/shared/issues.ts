import type { z } from 'zod'
import type { FieldIssue } from './errors'

/** Zod's own wording ("Too small: expected string to have >=1 characters"); a message written in the contract is kept. */
const SCHEMA_TEXT =
  /^(Invalid input|Too small|Too big|Invalid option|Invalid string|Invalid (email|url|URL|uuid|date|datetime)|Invalid discriminator|Invalid key|Invalid element|Invalid number|Invalid value|Unrecognized key)/

const TYPE_WORDS: Record<string, string> = {
  number: 'must be a number',
  int: 'must be a whole number',
  string: 'must be text',
  boolean: 'must be yes or no',
  array: 'must be a list',
  object: 'is missing',
  bigint: 'must be a whole number',
  date: 'must be a date'
}

const plural = (n: number | bigint, one: string, many: string): string => `${n} ${Number(n) === 1 ? one : many}`

/** One zod issue in the words of the person who typed the value: "must not be empty", "must be at least 5". */
export function humanIssue(issue: z.core.$ZodIssue): string {
  if (!SCHEMA_TEXT.test(issue.message)) return issue.message
  const i = issue as z.core.$ZodIssue & Record<string, unknown>
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1]
      if (received === 'undefined' || received === 'null') return 'is required'
      if (received === 'NaN') return 'must be a number'
      return TYPE_WORDS[String(i.expected)] ?? 'has the wrong type'
    }
    case 'too_small': {
      const min = i.minimum as number | bigint
      const inclusive = i.inclusive !== false
      if (i.origin === 'string')
        return Number(min) <= 1 ? 'must not be empty' : `must be at least ${plural(min, 'character', 'characters')}`
      if (i.origin === 'array' || i.origin === 'set')
        return Number(min) <= 1 ? 'pick at least one' : `must have at least ${plural(min, 'item', 'items')}`
      return inclusive ? `must be at least ${min}` : `must be more than ${min}`
    }
    case 'too_big': {
      const max = i.maximum as number | bigint
      const inclusive = i.inclusive !== false
      if (i.origin === 'string') return `must be at most ${plural(max, 'character', 'characters')}`
      if (i.origin === 'array' || i.origin === 'set') return `must have at most ${plural(max, 'item', 'items')}`
      return inclusive ? `must be at most ${max}` : `must be less than ${max}`
    }
    case 'invalid_value': {
      const values = (i.values as unknown[] | undefined) ?? []
      return values.length === 1 ? `must be ${String(values[0])}` : `must be one of ${values.map(String).join(', ')}`
    }
    case 'invalid_format': {
      const format = String(i.format)
      if (format === 'email') return 'must be an e-mail address'
      if (format === 'url') return 'must be a URL'
      if (format === 'regex') return 'is not in the expected form'
      return `must be a valid ${format}`
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(i.divisor)}`
    case 'invalid_union':
      return 'is not one of the accepted choices'
    case 'unrecognized_keys':
      return 'is not a field this accepts'
    default:
      return 'is not valid'
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/
const fieldSegment = (s: PropertyKey, i: number): string =>
  typeof s === 'number' ? `[${s}]` : IDENT.test(String(s)) ? `${i ? '.' : ''}${String(s)}` : `[${JSON.stringify(String(s)).slice(0, 80)}]`

/** Every issue of a failed parse as `{ field, message }` (field as `checks[0].config.url`), one per field, in plain words. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>()
  const out: FieldIssue[] = []
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : []
    const segments = [...issue.path, ...(keys.length ? [keys[0]!] : [])]
    const field = segments.length ? segments.map(fieldSegment).join('') : 'input'
    if (seen.has(field)) continue
    seen.add(field)
    out.push({ field, message: keys.length ? 'unknown field (allowed fields are listed in the API)' : humanIssue(issue) })
  }
  return out
}
