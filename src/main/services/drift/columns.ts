/** Compact in-memory columns: Float64Array for numeric/datetime/boolean (NaN = missing), dictionary codes otherwise. */
import type { ColumnKind } from '../../../shared/contract/drift'

export interface F64Column {
  name: string
  kind: ColumnKind
  encoding: 'f64'
  values: Float64Array
  missing: number
  /** Values present but not readable as the column's kind (read as missing). */
  invalid: number
  invalidExample: string | null
  nUnique: number
  message: string | null
}

export interface DictColumn {
  name: string
  kind: ColumnKind
  encoding: 'dict'
  /** Index into `dictionary`, -1 = missing. */
  codes: Int32Array
  dictionary: string[]
  missing: number
  invalid: number
  invalidExample: string | null
  nUnique: number
  message: string | null
}

export type ColumnData = F64Column | DictColumn

export const columnLength = (c: ColumnData): number => (c.encoding === 'f64' ? c.values.length : c.codes.length)

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

const TRUE = new Set(['true', 't', 'yes', 'y', '1'])
const FALSE = new Set(['false', 'f', 'no', 'n', '0'])
/** 1, 0, or NaN when the text is not a boolean. */
export function parseBool(s: string): number {
  const l = s.trim().toLowerCase()
  if (TRUE.has(l)) return 1
  if (FALSE.has(l)) return 0
  return Number.NaN
}

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

/** Grows a Float64Array by doubling. */
export class F64Builder {
  private a: Float64Array
  n = 0
  missing = 0
  invalid = 0
  invalidExample: string | null = null
  constructor(
    readonly name: string,
    readonly kind: 'numeric' | 'datetime' | 'boolean',
    capacity = 1 << 14
  ) {
    this.a = new Float64Array(capacity)
  }
  private grow(): void {
    const b = new Float64Array(this.a.length * 2)
    b.set(this.a)
    this.a = b
  }
  pushValue(v: number): void {
    if (this.n === this.a.length) this.grow()
    if (Number.isNaN(v)) this.missing++
    this.a[this.n++] = v
  }
  pushText(s: string | undefined): void {
    if (this.n === this.a.length) this.grow()
    if (s === undefined || isMissingToken(s)) {
      this.missing++
      this.a[this.n++] = Number.NaN
      return
    }
    const v = this.kind === 'numeric' ? parseNumber(s) : this.kind === 'datetime' ? parseDate(s) : parseBool(s)
    if (Number.isNaN(v)) {
      this.invalid++
      this.missing++
      if (this.invalidExample === null) this.invalidExample = s.length > 40 ? `${s.slice(0, 40)}…` : s
    }
    this.a[this.n++] = v
  }
  finish(): F64Column {
    // keep the buffer (no copy) unless more than a quarter of it is unused
    const values = this.a.length === this.n ? this.a : this.n >= this.a.length * 0.75 ? this.a.subarray(0, this.n) : this.a.slice(0, this.n)
    return {
      name: this.name,
      kind: this.kind,
      encoding: 'f64',
      values,
      missing: this.missing,
      invalid: this.invalid,
      invalidExample: this.invalidExample,
      nUnique: distinctF64(values),
      message: null
    }
  }
}

/** Dictionary-codes strings (categorical, text). */
export class DictBuilder {
  private codes: Int32Array
  private index = new Map<string, number>()
  readonly dictionary: string[] = []
  n = 0
  missing = 0
  constructor(
    readonly name: string,
    readonly kind: 'categorical' | 'text',
    capacity = 1 << 14
  ) {
    this.codes = new Int32Array(capacity)
  }
  pushText(s: string | undefined): void {
    if (this.n === this.codes.length) {
      const b = new Int32Array(this.codes.length * 2)
      b.set(this.codes)
      this.codes = b
    }
    if (s === undefined || isMissingToken(s)) {
      this.missing++
      this.codes[this.n++] = -1
      return
    }
    let k = this.index.get(s)
    if (k === undefined) {
      k = this.dictionary.length
      this.index.set(s, k)
      this.dictionary.push(s)
    }
    this.codes[this.n++] = k
  }
  finish(): DictColumn {
    const codes =
      this.codes.length === this.n
        ? this.codes
        : this.n >= this.codes.length * 0.75
          ? this.codes.subarray(0, this.n)
          : this.codes.slice(0, this.n)
    return {
      name: this.name,
      kind: this.kind,
      encoding: 'dict',
      codes,
      dictionary: this.dictionary,
      missing: this.missing,
      invalid: 0,
      invalidExample: null,
      nUnique: this.dictionary.length,
      message: null
    }
  }
}

export type ColumnBuilder = F64Builder | DictBuilder

export function builderFor(name: string, kind: ColumnKind): ColumnBuilder {
  return kind === 'categorical' || kind === 'text' ? new DictBuilder(name, kind) : new F64Builder(name, kind)
}

/** Distinct non-NaN values (sorts a copy). */
export function distinctF64(values: Float64Array): number {
  const s = values.slice().sort()
  let k = 0
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!
    if (Number.isNaN(v)) break // NaN sorts last
    if (i === 0 || v !== s[i - 1]) k++
  }
  return k
}

/** The per-column message shown in the UI: invalid cells, all missing, constant. */
export function describeColumn(c: ColumnData): string | null {
  const n = columnLength(c)
  const parts: string[] = []
  if (n > 0 && c.missing === n && c.invalid === 0) parts.push('every value is missing')
  if (c.invalid > 0) {
    const what =
      c.kind === 'numeric' ? 'numbers' : c.kind === 'datetime' ? 'ISO dates' : c.kind === 'boolean' ? 'true/false values' : 'valid'
    parts.push(
      `${c.invalid.toLocaleString('en-US')} value${c.invalid === 1 ? ' is' : 's are'} not ${what} (e.g. “${c.invalidExample}”) and ${c.invalid === 1 ? 'was' : 'were'} read as missing`
    )
  }
  if (c.nUnique === 1 && c.missing < n) parts.push('constant: a single distinct value')
  return parts.length ? parts.join('; ') : null
}

/** Bytes a column takes when stored. */
export const columnBytes = (c: ColumnData): number =>
  c.encoding === 'f64' ? c.values.byteLength : c.codes.byteLength + c.dictionary.reduce((s, d) => s + d.length + 3, 2)
