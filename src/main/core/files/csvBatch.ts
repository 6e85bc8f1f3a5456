/** A batch of CSV rows over the tokenizer's arrays: cells decoded only when asked, numbers straight from the bytes. */
import { numberFromBytes, parseNumber } from './cells'
import { StringCache } from './strings'
import type { RowBatch } from './table'
import { QUOTE, QUOTED, type CsvTokenizer } from './tokenizer'

export type Decoding = 'ascii' | 'utf8' | 'w1252'

/** Lookups of a column before the string cache is judged for it (then kept only if a quarter of them hit). */
const CACHE_TRIAL = 4096

export interface NodeBuffer extends Buffer {
  latin1Slice(start: number, end: number): string
  utf8Slice(start: number, end: number): string
}

/** Windows-1252's characters for bytes 0x80-0x9F (Latin-1 has control codes there; undefined bytes stay as they are). */
const W1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ'
const fromW1252 = (latin1: string): string => latin1.replace(/[\x80-\x9f]/g, (c) => W1252_HIGH[c.charCodeAt(0) - 0x80]!)

/** Decodes a RAW field (quotes to remove, doubled quotes inside): bytes → unquoted bytes. */
function unquote(b: Uint8Array, s: number, e: number): Buffer {
  const out = Buffer.allocUnsafe(e - s)
  let n = 0
  let inQuotes = false
  for (let i = s; i < e; i++) {
    const c = b[i]!
    if (c === QUOTE) {
      if (inQuotes && i + 1 < e && b[i + 1] === QUOTE) {
        out[n++] = QUOTE
        i++
      } else inQuotes = !inQuotes
    } else out[n++] = c
  }
  return out.subarray(0, n)
}

function w1252(b: NodeBuffer, s: number, e: number): string {
  for (let i = s; i < e; i++) if (b[i]! >= 0x80 && b[i]! < 0xa0) return fromW1252(b.latin1Slice(s, e))
  return b.latin1Slice(s, e)
}

/** A batch over the tokenizer's arrays: rows base .. base + length of the last feed. */
export class CsvBatch implements RowBatch {
  length = 0
  base = 0
  buf = Buffer.alloc(0) as NodeBuffer
  fs = new Int32Array(0)
  fe = new Int32Array(0)
  fk = new Uint8Array(0)
  rf = new Int32Array(0)
  rn = new Int32Array(0)
  decoding: Decoding = 'ascii'
  /** Strings already decoded, by their bytes (cleared when the text encoding changes). */
  readonly strings = new StringCache()

  load(t: CsvTokenizer, base: number, decoding: Decoding): void {
    if ((decoding === 'w1252') !== (this.decoding === 'w1252')) this.strings.clear()
    this.buf = t.buf as NodeBuffer
    this.fs = t.fieldStart
    this.fe = t.fieldEnd
    this.fk = t.fieldKind
    this.rf = t.rowField
    this.rn = t.rowNumber
    this.base = base
    this.length = t.rows - base
    this.decoding = decoding
  }

  rowNumber(i: number): number {
    return this.rn[i + this.base]!
  }

  width(i: number): number {
    const r = i + this.base
    return this.rf[r + 1]! - this.rf[r]!
  }

  /** Index of the field, or -1 when the row is shorter. */
  private at(i: number, j: number): number {
    const r = i + this.base
    const k = this.rf[r]! + j
    return k < this.rf[r + 1]! ? k : -1
  }

  isEmpty(i: number, j: number): boolean {
    const k = this.at(i, j)
    return k < 0 || this.fe[k] === this.fs[k]
  }

  text(i: number, j: number): string {
    const k = this.at(i, j)
    if (k < 0) return ''
    if (j >= this.lookups.length) this.growColumnStats(j)
    // columns whose values rarely repeat (amounts, ids) skip the cache after a first look
    if (this.lookups[j]! >= CACHE_TRIAL && this.hits[j]! * 4 < this.lookups[j]!) return this.decode(k, false)
    this.lookups[j] = this.lookups[j]! + 1
    const before = this.strings.hits
    const v = this.decode(k, true)
    if (this.strings.hits !== before) this.hits[j] = this.hits[j]! + 1
    return v
  }

  private lookups = new Int32Array(0)
  private hits = new Int32Array(0)
  private growColumnStats(j: number): void {
    const n = Math.max(j + 1, this.lookups.length * 2)
    const l = new Int32Array(n)
    l.set(this.lookups)
    this.lookups = l
    const h = new Int32Array(n)
    h.set(this.hits)
    this.hits = h
  }

  decode(k: number, cache = true): string {
    const s = this.fs[k]!
    const e = this.fe[k]!
    if (s === e) return ''
    const kind = this.fk[k]!
    const decode = kind <= QUOTED ? this.plain : this.quoted
    return cache ? this.strings.get(this.buf, s, e, kind, decode) : decode(this.buf, s, e)
  }

  /** Decoders by the batch's text: a field's bytes as they are, or unquoted first. */
  private readonly plain = (b: Uint8Array, s: number, e: number): string => {
    const buf = b as NodeBuffer
    if (this.decoding === 'ascii') return buf.latin1Slice(s, e)
    if (this.decoding === 'utf8') return buf.utf8Slice(s, e)
    return w1252(buf, s, e)
  }
  private readonly quoted = (b: Uint8Array, s: number, e: number): string => {
    const raw = unquote(b, s, e) as NodeBuffer
    return this.plain(raw, 0, raw.length)
  }

  number(i: number, j: number): number {
    const k = this.at(i, j)
    if (k < 0) return Number.NaN
    const s = this.fs[k]!
    const e = this.fe[k]!
    if (s === e) return Number.NaN
    if (this.fk[k]! <= QUOTED) {
      const v = numberFromBytes(this.buf, s, e)
      if (v === v) return v
    }
    return parseNumber(this.decode(k))
  }

  value(i: number, j: number): string {
    return this.text(i, j)
  }

  numbers(j: number, out: Float64Array, at: number): void {
    const { rf, fs, fe, fk, buf } = this
    const end = this.base + this.length
    for (let r = this.base; r < end; r++) {
      const k = rf[r]! + j
      let v = Number.NaN
      if (k < rf[r + 1]!) {
        const s = fs[k]!
        const e = fe[k]!
        if (s !== e) {
          if (fk[k]! <= QUOTED) v = numberFromBytes(buf, s, e)
          if (v !== v) v = parseNumber(this.decode(k))
        }
      }
      out[at++] = v
    }
  }

  /** The row and column (0-based, of the whole feed) holding byte `offset`: the last field starting at or before it. */
  locate(offset: number): [number, number] {
    const rows = this.base + this.length
    let row = 0
    for (let r = 0; r < rows; r++) {
      const k = this.rf[r]!
      if (k < this.rf[r + 1]! && this.fs[k]! - 1 > offset) break
      row = r
    }
    let column = 0
    for (let k = this.rf[row]!; k < this.rf[row + 1]!; k++) if (this.fs[k]! - 1 <= offset) column = k - this.rf[row]!
    return [row, column]
  }
}
