/**
 * The one streaming CSV reader. Plain or gzip input; UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM) and a
 * Latin-1 (Windows-1252) fallback; delimiter and header detection; RFC 4180 quoting. Bytes are scanned once and only
 * the cells a caller asks for are decoded (numbers straight from bytes). Errors name the row and column as a
 * spreadsheet shows them.
 */
import { isAscii, isUtf8 } from 'node:buffer'
import type { FileEncoding } from '../../../shared/contract/files'
import { AppError } from '../../../shared/errors'
import { CsvBatch, type Decoding } from './csvBatch'
import { detectDelimiter, detectHeader, sampleRows, widths } from './detect'
import { ByteSource, probeFile } from './source'
import { cellPlace, cleanHeader, fileError, type RowBatch, type TableReader } from './table'
import { CR, CsvSyntaxError, CsvTokenizer, LF } from './tokenizer'

export interface CsvOptions {
  /** One ASCII character; detected from , ; tab | when omitted. */
  delimiter?: string | undefined
  /** Whether the first row holds column names; detected when omitted. */
  header?: boolean | undefined
  /** Detected when omitted (BOM, else UTF-8 if the sample is valid UTF-8, else Latin-1). */
  encoding?: FileEncoding | undefined
  /** Input field named by errors (default `path`). */
  field?: string | undefined
  /** Bytes read per chunk (default 1 MB); a batch holds the rows of about one chunk. */
  chunkBytes?: number | undefined
  /** Bytes read ahead for detection (default 256 KB). */
  sampleBytes?: number | undefined
}

/** Offset of the first byte that breaks UTF-8 in b[s, e), or -1. */
function firstInvalidUtf8(b: Uint8Array, s: number, e: number): number {
  let i = s
  while (i < e) {
    const c = b[i]!
    if (c < 0x80) {
      i++
      continue
    }
    const n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xc2 && c <= 0xdf ? 1 : -1
    if (n < 0 || i + n >= e || !isUtf8(b.subarray(i, i + n + 1))) return i
    i += n + 1
  }
  return -1
}

const printable = (d: string): string => (d === '\t' ? 'tab' : d)

export class CsvReader implements TableReader {
  readonly format: 'csv' | 'csv.gz'
  encoding: FileEncoding = 'utf-8'
  bom = false
  delimiter = ','
  header = true
  columns: string[] = []
  rawHeader: string[] = []
  rowsRead = 0
  /** Decoded (decompressed, UTF-8) bytes tokenized so far. */
  textBytesRead = 0
  readonly warnings: string[] = []
  /** True when no delimiter gave more than one column (then every row is one field). */
  singleColumn = false
  /** Rows of the sample (decoded, header included), for inspection. */
  sample: string[][] = []
  /** Bytes of the (decompressed) sample and whether it is the whole file. */
  sampleBytes = 0
  sampleIsWholeFile = false

  private readonly src: ByteSource
  private queue: Buffer[] = []
  private tok!: CsvTokenizer
  private readonly batch = new CsvBatch()
  private sawMultibyte = false
  private closed = false

  private constructor(
    readonly file: string,
    readonly size: number,
    gzip: boolean,
    private readonly opts: CsvOptions
  ) {
    this.format = gzip ? 'csv.gz' : 'csv'
    this.src = new ByteSource(file, gzip, opts.chunkBytes ?? 1 << 20, this.field)
  }

  get bytesRead(): number {
    return this.src.bytesRead
  }

  private get field(): string {
    return this.opts.field ?? 'path'
  }

  static async open(file: string, opts: CsvOptions = {}): Promise<CsvReader> {
    const { size, magic } = probeFile(file, opts.field)
    if (magic === 'parquet') throw fileError(file, 'is a Parquet file, not CSV', opts.field)
    const r = new CsvReader(file, size, magic === 'gzip', opts)
    try {
      await r.prepare()
    } catch (err) {
      r.src.close()
      throw err
    }
    return r
  }

  private async prepare(): Promise<void> {
    const want = this.opts.sampleBytes ?? 256 * 1024
    let have = 0
    let eof = false
    while (have < want) {
      const c = await this.src.next()
      if (c === null) {
        eof = true
        break
      }
      this.queue.push(c)
      have += c.length
    }
    let head: Buffer = Buffer.concat(this.queue)
    this.queue = head.length ? [head] : []
    // encoding
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      this.bom = true
      this.encoding = 'utf-8'
      head = head.subarray(3)
      this.queue = [head]
    } else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      this.bom = true
      this.encoding = head[0] === 0xff ? 'utf-16le' : 'utf-16be'
    }
    if (this.opts.encoding && !this.bom) this.encoding = this.opts.encoding
    if (this.encoding === 'utf-16le' || this.encoding === 'utf-16be') {
      this.src.transcodeUtf16(this.encoding)
      head = this.src.convert(head, eof)
      this.queue = [head]
    }
    // the sample: cut at the last line break unless it is the whole file
    const cut = eof ? head.length : head.lastIndexOf(LF) + 1 || head.lastIndexOf(CR) + 1
    const sample = head.subarray(0, cut > 0 ? cut : head.length)
    this.sampleBytes = sample.length
    this.sampleIsWholeFile = eof
    const utf16 = this.encoding.startsWith('utf-16')
    if (!this.opts.encoding && !this.bom && !isUtf8(sample)) this.encoding = 'latin-1'
    if (this.encoding === 'latin-1' && !this.opts.encoding)
      this.warnings.push('The file is not valid UTF-8; it is read as Latin-1 (Windows-1252). Check accented characters.')
    const decoding: Decoding = this.encoding === 'latin-1' ? 'w1252' : utf16 || !isAscii(sample) ? 'utf8' : 'ascii'
    // delimiter
    const detected = detectDelimiter(sample, eof)
    if (this.opts.delimiter !== undefined) {
      if (this.opts.delimiter.length !== 1 || this.opts.delimiter.charCodeAt(0) > 127 || /["\r\n]/.test(this.opts.delimiter))
        throw new AppError('VALIDATION', `the delimiter must be one ASCII character other than a quote or a line break`, 'delimiter')
      this.delimiter = this.opts.delimiter
      const rows = widths(sample, this.delimiter, eof, 50)
      if (rows.length && rows.every((w) => w === 1) && !detected.single && detected.delimiter !== this.delimiter)
        this.warnings.push(
          `With “${printable(this.delimiter)}” every row is a single field; the file looks separated by “${printable(detected.delimiter)}”.`
        )
    } else {
      this.delimiter = detected.delimiter
      this.singleColumn = detected.single
      if (detected.single)
        this.warnings.push('Only one column was found with , ; tab or |. If the file uses another separator, it cannot be read as a table.')
    }
    let broken: CsvSyntaxError | null = null
    try {
      this.sample = sampleRows(sample, this.delimiter, eof, decoding, 5001)
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err
      // the file ends inside a quoted field: name it after reading the header
      broken = err
      this.sample = sampleRows(sample, this.delimiter, false, decoding, 5001)
    }
    if (this.sample.length === 0 && eof && !broken) throw fileError(this.file, 'holds no rows (only blank lines)', this.field)
    this.header = this.opts.header ?? detectHeader(this.sample)
    const first = this.sample[0] ?? []
    this.rawHeader = this.header ? first.map((h) => h.trim()) : []
    this.columns = this.header ? cleanHeader(first, first.length) : cleanHeader([], first.length)
    if (broken) throw this.syntax(broken)
    this.tok = new CsvTokenizer(this.delimiter.charCodeAt(0))
  }

  /** A syntax error of the tokenizer as a VALIDATION error naming the place (and the column's name). */
  private syntax(err: CsvSyntaxError): AppError {
    const name = err.column !== null && this.header ? this.columns[err.column - 1] : undefined
    const msg = err.message.replace(/^row \d+(, column \d+)?: /, '')
    return fileError(this.file, `${cellPlace(err.row, err.column, name)}: ${msg}`, this.field)
  }

  /** How to decode the rows of the last feed; switches to Latin-1 at the first non-UTF-8 byte if no UTF-8 was seen. */
  private decodingOf(region: Buffer): Decoding {
    if (this.encoding === 'latin-1') return isAscii(region) ? 'ascii' : 'w1252'
    if (this.encoding !== 'utf-8') return 'utf8'
    if (isAscii(region)) return 'ascii'
    if (isUtf8(region)) {
      this.sawMultibyte = true
      return 'utf8'
    }
    const bad = firstInvalidUtf8(region, 0, region.length)
    this.batch.load(this.tok, 0, 'utf8')
    const [r, c] = this.batch.locate(bad < 0 ? 0 : bad)
    const place = cellPlace(this.tok.rowNumber[r]!, c + 1, this.header ? this.columns[c] : undefined)
    if (this.sawMultibyte || this.opts.encoding === 'utf-8')
      throw fileError(
        this.file,
        `${place}: not valid UTF-8 (byte 0x${(region[bad] ?? 0).toString(16).toUpperCase()}), though the rows before are; save the file as UTF-8, or read it as Latin-1`,
        this.field
      )
    this.encoding = 'latin-1'
    this.warnings.push(`The file is not valid UTF-8 from ${place} on; it is read as Latin-1 (Windows-1252). Check accented characters.`)
    return 'w1252'
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RowBatch> {
    let headerPending = true
    try {
      for (;;) {
        const next: Buffer | null = this.queue.length ? this.queue.shift()! : await this.src.next()
        const final = next === null
        try {
          if (!this.tok.feed(next ?? Buffer.alloc(0), final)) continue
        } catch (err) {
          if (err instanceof CsvSyntaxError) throw this.syntax(err)
          throw err
        }
        const t = this.tok
        this.textBytesRead += t.consumed
        if (t.rows > 0) {
          const decoding = this.decodingOf((t.buf as Buffer).subarray(0, t.consumed))
          const base = headerPending && this.header ? 1 : 0
          headerPending = false
          this.batch.load(t, base, decoding)
          if (this.batch.length > 0) {
            this.rowsRead += this.batch.length
            yield this.batch
          }
        }
        if (final) break
      }
    } finally {
      await this.close()
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.src.close()
  }
}

export { CANDIDATE_DELIMITERS, detectDelimiter, detectHeader } from './detect'

/** Opens a CSV file (plain or .gz) for reading in batches; detection reads the first 256 KB. */
export function openCsv(file: string, opts: CsvOptions = {}): Promise<CsvReader> {
  return CsvReader.open(file, opts)
}
