/**
 * Streaming CSV reading: RFC 4180 quoting ("" inside quotes, delimiters and newlines in quoted fields),
 * CRLF/LF, a BOM, UTF-8 with a Windows-1252 fallback, delimiter and header detection.
 */
import fs from 'node:fs'
import { isMissingToken, parseNumber } from './columns'

export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const

/** Splits text into records; feed chunks with push(), then end(). */
export class CsvParser {
  private buf = ''
  private fields: string[] = []
  /** 1-based line number of the record being parsed. */
  line = 1
  records = 0
  private readonly d: number

  constructor(
    delimiter: string,
    private onRecord: (fields: string[], line: number) => boolean | void
  ) {
    this.d = delimiter.charCodeAt(0)
  }

  private stopped = false

  push(text: string): void {
    this.buf = this.buf.length ? this.buf + text : text
    this.consume(false)
  }

  end(): void {
    this.consume(true)
    this.buf = ''
  }

  get isStopped(): boolean {
    return this.stopped
  }

  private consume(final: boolean): void {
    const s = this.buf
    const len = s.length
    const D = this.d
    let pos = 0
    outer: while (pos < len && !this.stopped) {
      const start = pos
      const startLine = this.line
      const fields = this.fields
      fields.length = 0
      let newlines = 0
      for (;;) {
        // one field starting at pos
        if (pos < len && s.charCodeAt(pos) === 34) {
          // quoted
          let i = pos + 1
          let value = ''
          let from = i
          for (;;) {
            const q = s.indexOf('"', i)
            if (q < 0) {
              if (!final) {
                pos = start
                this.line = startLine
                break outer
              }
              // unterminated quote at end of file: take the rest
              value += s.slice(from)
              i = len
              break
            }
            if (q + 1 < len && s.charCodeAt(q + 1) === 34) {
              value += s.slice(from, q + 1)
              i = q + 2
              from = i
              continue
            }
            if (q + 1 >= len && !final) {
              pos = start
              this.line = startLine
              break outer
            }
            value += s.slice(from, q)
            i = q + 1
            break
          }
          for (let k = pos; k < i; k++) if (s.charCodeAt(k) === 10) newlines++
          fields.push(value)
          // skip anything up to the delimiter or end of line (garbage after a closing quote is dropped)
          while (i < len) {
            const c = s.charCodeAt(i)
            if (c === D || c === 10 || c === 13) break
            i++
          }
          pos = i
        } else {
          let i = pos
          while (i < len) {
            const c = s.charCodeAt(i)
            if (c === D || c === 10 || c === 13) break
            i++
          }
          if (i >= len && !final) {
            pos = start
            this.line = startLine
            break outer
          }
          fields.push(s.slice(pos, i))
          pos = i
        }
        if (pos >= len) {
          // end of input (final)
          this.line += newlines
          this.emit(fields, startLine)
          break outer
        }
        const c = s.charCodeAt(pos)
        if (c === D) {
          pos++
          continue
        }
        // end of record: \n, \r\n or \r
        if (c === 13) {
          if (pos + 1 >= len && !final) {
            pos = start
            this.line = startLine
            break outer
          }
          pos += pos + 1 < len && s.charCodeAt(pos + 1) === 10 ? 2 : 1
        } else pos++
        this.line += newlines + 1
        this.emit(fields, startLine)
        break
      }
    }
    this.buf = pos >= len ? '' : s.slice(pos)
  }

  private emit(fields: string[], line: number): void {
    // skip blank lines
    if (fields.length === 1 && fields[0] === '') return
    this.records++
    if (this.onRecord(fields, line) === false) this.stopped = true
  }
}

export class NotUtf8Error extends Error {
  constructor(readonly offset: number) {
    super(`not valid UTF-8 near byte ${offset}`)
  }
}

export interface ReadTextOptions {
  encoding: 'utf-8' | 'windows-1252'
  signal?: AbortSignal
  /** Stop after this many bytes (inspection). */
  maxBytes?: number
  onBytes?: (read: number, total: number) => void
}

/** Stream a file as decoded text chunks; throws NotUtf8Error for bad UTF-8 when encoding is utf-8. */
export async function readTextChunks(file: string, opts: ReadTextOptions, onText: (text: string) => boolean | void): Promise<void> {
  const total = fs.statSync(file).size
  const decoder = new TextDecoder(opts.encoding, { fatal: opts.encoding === 'utf-8' })
  let read = 0
  let first = true
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20, ...(opts.maxBytes ? { end: opts.maxBytes - 1 } : {}) })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
      let text: string
      try {
        text = decoder.decode(chunk, { stream: true })
      } catch {
        throw new NotUtf8Error(read + firstBadUtf8(chunk))
      }
      read += chunk.length
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
        first = false
      }
      opts.onBytes?.(read, total)
      if (onText(text) === false) return
    }
    if (!opts.maxBytes) {
      try {
        const tail = decoder.decode()
        if (tail) onText(tail)
      } catch {
        throw new NotUtf8Error(read)
      }
    }
  } finally {
    stream.destroy()
  }
}

function firstBadUtf8(b: Buffer): number {
  for (let i = 0; i < b.length; i++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(i, Math.min(b.length, i + 4)))
    } catch {
      if (b[i]! >= 0x80) return i
    }
  }
  return 0
}

export interface CsvSample {
  encoding: 'utf-8' | 'windows-1252'
  text: string
}

/** The first `bytes` of a file as text, with the encoding that decodes it. */
export async function sampleText(file: string, bytes = 1 << 20): Promise<CsvSample> {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(Math.min(bytes, fs.fstatSync(fd).size))
    fs.readSync(fd, buf, 0, buf.length, 0)
    // cut at the last newline so a multi-byte character is not split
    const nl = buf.lastIndexOf(10)
    const body = nl > 0 && buf.length === bytes ? buf.subarray(0, nl + 1) : buf
    try {
      let text = new TextDecoder('utf-8', { fatal: true }).decode(body)
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      return { encoding: 'utf-8', text }
    } catch {
      return { encoding: 'windows-1252', text: new TextDecoder('windows-1252').decode(body) }
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** Parse sample text completely (the last, possibly cut, record is kept only if the sample is the whole file). */
export function parseSample(text: string, delimiter: string, maxRows = 5000): string[][] {
  const rows: string[][] = []
  const p = new CsvParser(delimiter, (f) => {
    rows.push([...f])
    return rows.length < maxRows
  })
  p.push(text)
  p.end()
  return rows
}

/**
 * The delimiter giving the same number (> 1) of fields on most sample rows; ties go to the most fields.
 * Returns ',' with `single: true` when every candidate yields one column.
 */
export function detectDelimiter(text: string): { delimiter: string; single: boolean; fields: number } {
  const head = text.slice(0, 256 * 1024)
  let best = { delimiter: ',', single: true, fields: 1, score: 0 }
  for (const d of CANDIDATE_DELIMITERS) {
    const rows = parseSample(head, d, 50)
    if (rows.length === 0) continue
    const counts = new Map<number, number>()
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1)
    let mode = 1
    let modeCount = 0
    for (const [k, c] of counts) if (c > modeCount || (c === modeCount && k > mode)) [mode, modeCount] = [k, c]
    if (mode <= 1) continue
    const consistency = modeCount / rows.length
    const score = consistency * 1000 + Math.min(mode, 999)
    if (consistency >= 0.6 && score > best.score) best = { delimiter: d, single: false, fields: mode, score }
  }
  return { delimiter: best.delimiter, single: best.single, fields: best.fields }
}

const numericCell = (s: string | undefined): boolean => s !== undefined && !isMissingToken(s) && !Number.isNaN(parseNumber(s))

/**
 * A header when the first row has no number in it, or when a column that is numeric below has text in the
 * first row (e.g. `id,score` over numbers).
 */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length === 0) return true
  const first = rows[0]!
  if (!first.some((c) => numericCell(c))) return true
  const body = rows.slice(1, 500)
  if (body.length === 0) return false
  for (let j = 0; j < first.length; j++) {
    if (numericCell(first[j]) || isMissingToken(first[j] ?? '')) continue
    let present = 0
    let numeric = 0
    for (const r of body) {
      const v = r[j]
      if (v === undefined || isMissingToken(v)) continue
      present++
      if (numericCell(v)) numeric++
    }
    if (present > 0 && numeric / present >= 0.9) return true
  }
  return false
}

/** Header names made unique and non-empty: blank → column_N, duplicates → name_2, name_3… */
export function cleanHeader(names: string[], width: number): string[] {
  const out: string[] = []
  const seen = new Map<string, number>()
  for (let j = 0; j < width; j++) {
    let n = (names[j] ?? '').trim()
    if (!n) n = `column_${j + 1}`
    const k = seen.get(n) ?? 0
    seen.set(n, k + 1)
    out.push(k === 0 ? n : `${n}_${k + 1}`)
  }
  return out
}
