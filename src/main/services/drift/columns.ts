/** Compact in-memory columns: Float64Array for numeric/datetime/boolean (NaN = missing), dictionary codes otherwise. */
import type { ColumnKind } from '../../../shared/contract/drift'
import { isMissingToken, parseBool, parseDate, parseNumber } from '../../core/files/cells'

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

export { isMissingToken, looksLikeDate, MISSING_TOKENS, parseBool, parseDate, parseNumber } from '../../core/files/cells'

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

/**
 * Distinct non-NaN values (0 and -0 are one value), counted in an open-addressing hash table keyed by the values'
 * bits: linear in the column, where sorting a copy took most of a large import.
 */
export function distinctF64(values: Float64Array): number {
  let size = 16
  while (size < values.length * 2) size *= 2
  const mask = size - 1
  const table = new Float64Array(size)
  const used = new Uint8Array(size)
  const one = new Float64Array(1)
  const bits = new Uint32Array(one.buffer)
  let k = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v !== v) continue
    one[0] = v === 0 ? 0 : v
    let h = Math.imul(bits[0]! ^ Math.imul(bits[1]!, 0x9e3779b1), 0x85ebca6b)
    h = (h ^ (h >>> 13)) & mask
    while (used[h] && table[h] !== v) h = (h + 1) & mask
    if (!used[h]) {
      used[h] = 1
      table[h] = v
      k++
    }
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
