/** The bytes of a text file: plain or gzip-compressed, read in chunks; UTF-16 transcoded to UTF-8 on the way. */
import fs from 'node:fs'
import path from 'node:path'
import { TextDecoder } from 'node:util'
import zlib from 'node:zlib'
import { AppError } from '../../../shared/errors'
import { fileError } from './table'

export type Magic = 'gzip' | 'parquet' | 'text'

/** Checks the path names a readable, non-empty file; returns its size and what its first bytes say it is. */
export function probeFile(file: string, field = 'path'): { size: number; magic: Magic } {
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch {
    throw new AppError('NOT_FOUND', `${file}: file not found (it does not exist on the machine running the console)`, field)
  }
  if (!st.isFile()) throw new AppError('VALIDATION', `${file} is not a file`, field)
  if (st.size === 0) throw fileError(file, 'the file is empty', field)
  const head = Buffer.alloc(4)
  try {
    const fd = fs.openSync(file, 'r')
    try {
      fs.readSync(fd, head, 0, 4, 0)
    } finally {
      fs.closeSync(fd)
    }
  } catch (err) {
    throw fileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, field)
  }
  const magic: Magic = head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : head.toString('latin1') === 'PAR1' ? 'parquet' : 'text'
  return { size: st.size, magic }
}

/** Chunks of a file's bytes, decompressed when it is gzip; `bytesRead` counts the bytes read from disk. */
export class ByteSource {
  bytesRead = 0
  private readonly input: fs.ReadStream
  private readonly stream: NodeJS.ReadableStream
  private readonly it: AsyncIterator<Buffer>
  private utf16: TextDecoder | null = null
  private ended = false

  constructor(
    private readonly file: string,
    gzip: boolean,
    chunkBytes: number,
    private readonly field: string
  ) {
    this.input = fs.createReadStream(file, { highWaterMark: chunkBytes })
    this.input.on('data', (c: string | Buffer) => {
      this.bytesRead += c.length
    })
    this.stream = gzip ? this.input.pipe(zlib.createGunzip({ chunkSize: Math.min(chunkBytes, 1 << 20) })) : this.input
    this.it = (this.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  }

  /** From now on, decode chunks as UTF-16 and hand them out as UTF-8. */
  transcodeUtf16(encoding: 'utf-16le' | 'utf-16be'): void {
    this.utf16 = new TextDecoder(encoding)
  }

  /** Transcodes a chunk already read (when transcoding is on). */
  convert(chunk: Buffer, final = false): Buffer {
    if (!this.utf16) return chunk
    return Buffer.from(this.utf16.decode(chunk, { stream: !final }), 'utf8')
  }

  /** The next chunk, or null at the end. */
  async next(): Promise<Buffer | null> {
    if (this.ended) return null
    let r: IteratorResult<Buffer>
    try {
      r = await this.it.next()
    } catch (err) {
      const e = err as Error & { code?: string }
      if (e.code?.startsWith('Z_') || /incorrect header check|unexpected end/i.test(e.message))
        throw fileError(this.file, `not a valid gzip file (${e.message})`, this.field)
      throw fileError(this.file, `cannot be read (${e.code ?? e.message})`, this.field)
    }
    if (r.done) {
      this.ended = true
      const tail = this.utf16 ? this.convert(Buffer.alloc(0), true) : null
      return tail && tail.length ? tail : null
    }
    return this.convert(r.value)
  }

  close(): void {
    this.input.destroy()
    if (this.stream !== this.input) (this.stream as zlib.Gunzip).destroy()
  }

  get name(): string {
    return path.basename(this.file)
  }
}
