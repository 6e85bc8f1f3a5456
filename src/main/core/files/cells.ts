/** Cell rules shared by every reader: missing-value tokens, numbers (from text or straight from bytes), ISO dates. */
import type { ValueType } from '../../../shared/contract/files'

/** Cells read as missing in every kind of column. */
export const MISSING_TOKENS = new Set([
  '',
  'NA',
  'N/A',
  'n/a',
  'na',
  'NaN',
  'nan',
  'NAN',
  'null',
  'NULL',
  'Null',
  'None',
  'none',
  '#N/A',
  '<NA>'
])

export const isMissingToken = (s: string): boolean =>
  s.length === 0 || MISSING_TOKENS.has(s) || (s.charCodeAt(0) === 32 && MISSING_TOKENS.has(s.trim()))

/** A finite decimal number, or NaN (no hex/octal/binary literals, no Infinity, no blanks). */
export function parseNumber(s: string): number {
  const v = +s
  if (!Number.isFinite(v)) return Number.NaN
  if (v === 0 && s.trim() === '') return Number.NaN
  if (s.length > 1) {
    const c1 = s.charCodeAt(1) | 32
    if (c1 === 120 || c1 === 111 || c1 === 98) return Number.NaN // 0x.., 0o.., 0b..
  }
  return v
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

/**
 * A plain decimal (`-12`, `3.25`, `.5`, `1e-7`) straight from bytes, exactly as `Number()` would read it; NaN for
 * anything else (blanks, tokens, more than 15 significant digits, large exponents), which callers then read from text.
 * Exact because the digits fit in 2^53 and the power of ten in 10^22 (Clinger's fast path).
 */
export function numberFromBytes(b: Uint8Array, s: number, e: number): number {
  let i = s
  let c = b[i]!
  let negative = false
  if (c === 45 || c === 43) {
    negative = c === 45
    if (++i >= e) return Number.NaN
    c = b[i]!
  }
  let m = 0
  const intStart = i
  while (i < e && (c = b[i]! - 48) >= 0 && c <= 9) {
    m = m * 10 + c
    i++
  }
  let digits = i - intStart
  let scale = 0
  if (i < e && b[i] === 46) {
    const fracStart = ++i
    while (i < e && (c = b[i]! - 48) >= 0 && c <= 9) {
      m = m * 10 + c
      i++
    }
    scale = i - fracStart
    digits += scale
  }
  if (digits === 0 || digits > 15) return Number.NaN
  if (i < e) {
    c = b[i]!
    if (c !== 101 && c !== 69) return Number.NaN
    if (++i >= e) return Number.NaN
    c = b[i]!
    let expNeg = false
    if (c === 45 || c === 43) {
      expNeg = c === 45
      if (++i >= e) return Number.NaN
    }
    const expStart = i
    let x = 0
    while (i < e && (c = b[i]! - 48) >= 0 && c <= 9) {
      x = x * 10 + c
      i++
    }
    if (i !== e || i === expStart || i - expStart > 4) return Number.NaN
    scale += expNeg ? x : -x
  }
  let v: number
  if (scale === 0) v = m
  else if (scale > 0) {
    if (scale > 22) return Number.NaN
    v = m / POW10[scale]!
  } else {
    if (-scale > 22) return Number.NaN
    v = m * POW10[-scale]!
  }
  return negative ? -v : v
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1'])
const FALSE = new Set(['false', 'f', 'no', 'n', '0'])
/** 1, 0, or NaN when the text is not a boolean. */
export function parseBool(s: string): number {
  const l = s.trim().toLowerCase()
  if (TRUE.has(l)) return 1
  if (FALSE.has(l)) return 0
  return Number.NaN
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/
/** Epoch ms of an ISO-8601 date or date-time (no zone = UTC), or NaN. */
export function parseDate(s: string): number {
  const t = s.trim()
  if (!ISO_DATE.test(t)) return Number.NaN
  let iso = t.replace(' ', 'T')
  if (iso.length === 10) iso += 'T00:00:00Z'
  else if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z'
  return Date.parse(iso)
}
export const looksLikeDate = (s: string): boolean => ISO_DATE.test(s.trim())

export interface ValueSummary {
  type: ValueType
  missing: number
  distinct: number
  samples: string[]
}

const INTEGER = /^[+-]?\d+$/
const BOOL_WORD = /^(true|false|yes|no|t|f|y|n)$/i

/** The type a column's sampled cells share, with missing and distinct counts and up to 5 distinct samples. */
export function summarizeValues(values: readonly unknown[]): ValueSummary {
  let missing = 0
  let present = 0
  const distinct = new Set<string>()
  const samples: string[] = []
  let integer = 0
  let number = 0
  let bool = 0
  let date = 0
  let datetime = 0
  for (const v of values) {
    if (v === null || v === undefined || (typeof v === 'string' && isMissingToken(v))) {
      missing++
      continue
    }
    present++
    const text =
      typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v, bigintAsText) : String(v)
    if (distinct.size < 10_000) distinct.add(text)
    if (samples.length < 5 && !samples.includes(text)) samples.push(text.length > 60 ? `${text.slice(0, 60)}…` : text)
    if (typeof v === 'number' || typeof v === 'bigint') {
      number++
      if (typeof v === 'bigint' || Number.isInteger(v)) integer++
    } else if (typeof v === 'boolean') bool++
    else if (v instanceof Date) {
      if (v.getTime() % 86_400_000 === 0) date++
      datetime++
    } else if (typeof v === 'string') {
      const t = v.trim()
      if (!Number.isNaN(parseNumber(t))) {
        number++
        if (INTEGER.test(t)) integer++
      } else if (BOOL_WORD.test(t)) bool++
      else if (looksLikeDate(t)) {
        if (t.length === 10) date++
        datetime++
      }
    }
  }
  const type: ValueType =
    present === 0
      ? 'empty'
      : integer === present
        ? 'integer'
        : number === present
          ? 'number'
          : bool === present
            ? 'boolean'
            : date === present
              ? 'date'
              : datetime === present
                ? 'datetime'
                : 'string'
  return { type, missing, distinct: distinct.size, samples }
}

const bigintAsText = (_k: string, x: unknown): unknown => (typeof x === 'bigint' ? x.toString() : x)
