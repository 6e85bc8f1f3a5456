/**
 * The byte-level CSV tokenizer: finds the fields of complete records in a Buffer (RFC 4180: quoted fields with
 * delimiters, line breaks and doubled quotes; LF, CRLF or lone CR line ends) and records their byte ranges, without
 * decoding anything. The incomplete last record of a chunk is kept and finished with the next chunk.
 */

export const LF = 10
export const CR = 13
export const QUOTE = 34

/** Field kinds: bytes as they are, quoted without escapes (quotes dropped), or raw bytes needing unquoting. */
export const PLAIN = 0
export const QUOTED = 1
export const RAW = 2

/** A record longer than this is refused (almost always a quote that is never closed). */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024

/** A malformed file; `row` is the 1-based row as a spreadsheet shows it, `column` 1-based. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly row: number,
    readonly column: number | null
  ) {
    super(message)
    this.name = 'CsvSyntaxError'
  }
}

export class CsvTokenizer {
  /** The bytes the ranges below point into (valid until the next feed). */
  buf: Uint8Array = new Uint8Array(0)
  fieldStart = new Int32Array(1 << 15)
  fieldEnd = new Int32Array(1 << 15)
  fieldKind = new Uint8Array(1 << 15)
  /** rowField[r] .. rowField[r + 1]: the fields of row r. */
  rowField = new Int32Array(1 << 12)
  /** Spreadsheet row number of row r (blank lines are counted, not returned). */
  rowNumber = new Int32Array(1 << 12)
  /** Rows found by the last feed. */
  rows = 0
  /** Bytes of `buf` up to the end of the last complete row. */
  consumed = 0
  /** Row number the next record gets. */
  nextRow = 1

  private carry: Uint8Array | null = null
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  private readonly d: number

  constructor(delimiter: number) {
    this.d = delimiter
  }

  /** Bytes held back (an unfinished record). */
  get held(): number {
    return (this.carry?.length ?? 0) + this.pendingBytes
  }

  /**
   * Tokenizes the complete records of (held bytes + chunk); with `final`, the rest too. Returns false when the
   * chunk was only stored (a long record is being collected; no rows this time).
   */
  feed(chunk: Uint8Array, final: boolean): boolean {
    this.rows = 0
    this.consumed = 0
    const carry = this.carry
    if (carry && !final && carry.length > this.pendingBytes + chunk.length) {
      // a record longer than a chunk: collect at least as many bytes again before scanning it once more
      this.pending.push(chunk)
      this.pendingBytes += chunk.length
      if (carry.length + this.pendingBytes > MAX_RECORD_BYTES)
        throw new CsvSyntaxError(
          `row ${this.nextRow} is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MB; a quoted field is probably not closed`,
          this.nextRow,
          null
        )
      this.buf = new Uint8Array(0)
      return false
    }
    let work: Uint8Array
    if (carry || this.pending.length) {
      const parts = [...(carry ? [carry] : []), ...this.pending, chunk]
      work = Buffer.concat(parts)
      this.pending = []
      this.pendingBytes = 0
    } else work = chunk
    this.carry = null
    this.buf = work
    this.scan(work, final)
    if (this.consumed < work.length) {
      if (final) throw new Error('unreachable: bytes left after the final chunk')
      // the unfinished record, copied when it is small (so the big chunk it sits in can be freed)
      const rest = work.subarray(this.consumed)
      this.carry = rest.length < 65536 ? Uint8Array.prototype.slice.call(rest) : rest
    }
    return true
  }

  private growFields(): void {
    const n = this.fieldStart.length * 2
    const s = new Int32Array(n)
    s.set(this.fieldStart)
    this.fieldStart = s
    const e = new Int32Array(n)
    e.set(this.fieldEnd)
    this.fieldEnd = e
    const k = new Uint8Array(n)
    k.set(this.fieldKind)
    this.fieldKind = k
  }

  private growRows(): void {
    const n = this.rowField.length * 2
    const f = new Int32Array(n)
    f.set(this.rowField)
    this.rowField = f
    const r = new Int32Array(n)
    r.set(this.rowNumber)
    this.rowNumber = r
  }

  private scan(b: Uint8Array, final: boolean): void {
    const n = b.length
    const D = this.d
    const H = D > CR ? D : CR
    let fs = this.fieldStart
    let fe = this.fieldEnd
    let fk = this.fieldKind
    let cap = fs.length
    let nf = 0
    let nr = 0
    let pos = 0
    let row = this.nextRow
    let done = 0
    records: while (pos < n) {
      const first = nf
      let i = pos
      for (;;) {
        if (nf >= cap) {
          this.growFields()
          fs = this.fieldStart
          fe = this.fieldEnd
          fk = this.fieldKind
          cap = fs.length
        }
        let c = i < n ? b[i]! : -1
        if (c === QUOTE) {
          let j = i + 1
          let kind = QUOTED
          for (;;) {
            while (j < n && b[j] !== QUOTE) j++
            if (j >= n) {
              if (!final) break records
              throw new CsvSyntaxError(
                `row ${row}, column ${nf - first + 1}: a quoted field is never closed (the file ends inside it)`,
                row,
                nf - first + 1
              )
            }
            if (j + 1 < n) {
              if (b[j + 1] === QUOTE) {
                kind = RAW
                j += 2
                continue
              }
            } else if (!final) break records
            break
          }
          // j: the closing quote; text up to the delimiter is kept as well (as most readers do)
          let k = j + 1
          while (k < n) {
            c = b[k]!
            if (c === D || c === LF || c === CR) break
            k++
          }
          if (k >= n && !final) break records
          if (k > j + 1) kind = RAW
          if (kind === QUOTED) {
            fs[nf] = i + 1
            fe[nf] = j
          } else {
            fs[nf] = i
            fe[nf] = k
          }
          fk[nf] = kind
          nf++
          i = k
        } else {
          let j = i
          while (j < n) {
            c = b[j]!
            // most bytes are above the delimiter and line-break codes: one comparison for them
            if (c > H || (c !== D && c !== LF && c !== CR)) j++
            else break
          }
          if (j >= n && !final) break records
          fs[nf] = i
          fe[nf] = j
          fk[nf] = PLAIN
          nf++
          i = j
        }
        if (i >= n) {
          pos = n
          break
        }
        c = b[i]!
        if (c === D) {
          i++
          continue
        }
        if (c === CR) {
          if (i + 1 < n) i += b[i + 1] === LF ? 2 : 1
          else if (final) i++
          else break records
        } else i++
        pos = i
        break
      }
      // a complete record: fields first .. nf
      if (nf - first === 1 && fk[first] === PLAIN && fe[first] === fs[first]) {
        nf = first // a blank line: counted, not returned
        row++
        continue
      }
      if (nr + 1 >= this.rowField.length) this.growRows()
      this.rowField[nr] = first
      this.rowNumber[nr] = row++
      nr++
      done = nf
    }
    if (nr + 1 >= this.rowField.length) this.growRows()
    this.rowField[nr] = done
    this.rows = nr
    this.consumed = pos
    this.nextRow = row
  }
}
