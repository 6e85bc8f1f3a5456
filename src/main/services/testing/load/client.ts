/**
 * A small keep-alive HTTP/1.1 client for the load generator: one request at a time per connection, responses parsed
 * straight from the socket's buffers (status line, Content-Length, chunked or close-delimited bodies), no per-request
 * objects beyond the callback. Node's http module costs several times more CPU per request, which would make the
 * generator, not the target, the bottleneck.
 */
import net from 'node:net'
import tls from 'node:tls'

export interface Origin {
  tls: boolean
  host: string
  port: number
  /** Value of the Host header. */
  hostHeader: string
  insecure: boolean
}

export type ErrorClass = 'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'protocol' | 'other'

export interface Response {
  /** 0 when no response arrived. */
  status: number
  error: ErrorClass | null
  bytes: number
  /**
   * performance.now() when the request went out — on a new connection once it is connected (and its TLS handshake
   * done), so connecting is not part of the request's duration, as in k6's http_req_duration — and when the response
   * ended.
   */
  sentAt: number
  endAt: number
}

export function classifyError(err: unknown): ErrorClass {
  const code = String((err as { code?: unknown }).code ?? '')
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset'
  if (code === 'ETIMEDOUT') return 'timeout'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns'
  if (/^ERR_SSL|^ERR_TLS|CERT|SELF_SIGNED|UNABLE_TO|^EPROTO$/.test(code)) return 'tls'
  return 'other'
}

const CRLF2 = Buffer.from('\r\n\r\n')
const CRLF = Buffer.from('\r\n')

type State = 'idle' | 'head' | 'length' | 'chunkSize' | 'chunkData' | 'chunkEnd' | 'trailers' | 'untilClose'

/** One connection to one origin; `send` may be called again from the callback (keep-alive). */
export class Connection {
  private socket: net.Socket | null = null
  private pending: Buffer | null = null
  private state: State = 'idle'
  private status = 0
  private remaining = 0
  private bytes = 0
  private closeAfter = false
  private noBody = false
  private sentAt = 0
  private cb: ((r: Response) => void) | null = null
  /** performance.now() after which the request in flight has timed out. */
  deadline = Infinity

  constructor(
    private origin: Origin,
    private now: () => number
  ) {}

  get busy(): boolean {
    return this.cb !== null
  }

  send(request: Buffer, isHead: boolean, cb: (r: Response) => void): void {
    this.cb = cb
    this.noBody = isHead
    this.state = 'head'
    this.status = 0
    this.bytes = 0
    this.closeAfter = false
    this.pending = null
    const socket = this.socket ?? this.open()
    // on a connection still opening, the write waits in Node's buffer: `open` moves sentAt to the moment it connects
    this.sentAt = this.now()
    socket.write(request)
  }

  /** Ends the request in flight as timed out (called by the engine's sweeper). */
  timeout(): void {
    this.fail('timeout')
  }

  destroy(): void {
    const s = this.socket
    this.socket = null
    s?.destroy()
  }

  private open(): net.Socket {
    const o = this.origin
    const socket = o.tls
      ? tls.connect({
          host: o.host,
          port: o.port,
          servername: net.isIP(o.host) ? undefined : o.host,
          rejectUnauthorized: !o.insecure,
          ALPNProtocols: ['http/1.1']
        })
      : net.connect({ host: o.host, port: o.port })
    socket.once(o.tls ? 'secureConnect' : 'connect', () => {
      if (this.socket === socket && this.cb) this.sentAt = this.now()
    })
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) => {
      if (this.socket === socket) this.fail(classifyError(err))
    })
    socket.on('close', () => {
      if (this.socket !== socket) return
      this.socket = null
      if (this.state === 'untilClose') this.finish()
      else if (this.cb) this.fail('reset')
    })
    this.socket = socket
    return socket
  }

  private fail(error: ErrorClass): void {
    const cb = this.cb
    this.destroy()
    if (!cb) return
    this.cb = null
    this.state = 'idle'
    this.deadline = Infinity
    cb({ status: this.status, error, bytes: this.bytes, sentAt: this.sentAt, endAt: this.now() })
  }

  private finish(): void {
    const cb = this.cb
    if (!cb) return
    this.cb = null
    this.state = 'idle'
    this.deadline = Infinity
    if (this.closeAfter) this.destroy()
    cb({ status: this.status, error: null, bytes: this.bytes, sentAt: this.sentAt, endAt: this.now() })
  }

  private onData(chunk: Buffer): void {
    if (!this.cb) return // a server talking out of turn: ignore
    this.bytes += chunk.length
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = null
    let at = 0
    while (at < buf.length || this.state === 'trailers') {
      switch (this.state) {
        case 'head': {
          const end = buf.indexOf(CRLF2, at)
          if (end < 0) return void (this.pending = buf.subarray(at))
          if (!this.parseHead(buf.toString('latin1', at, end))) return this.fail('protocol')
          at = end + 4
          if ((this.state as State) === 'length' && this.remaining === 0) return this.finish()
          break
        }
        case 'length': {
          const take = Math.min(this.remaining, buf.length - at)
          this.remaining -= take
          at += take
          if (this.remaining === 0) return this.finish()
          break
        }
        case 'chunkSize': {
          const end = buf.indexOf(CRLF, at)
          if (end < 0) return void (this.pending = buf.subarray(at))
          const size = parseInt(buf.toString('latin1', at, end).split(';')[0]!, 16)
          if (Number.isNaN(size)) return this.fail('protocol')
          at = end + 2
          if (size === 0) this.state = 'trailers'
          else {
            this.remaining = size
            this.state = 'chunkData'
          }
          break
        }
        case 'chunkData': {
          const take = Math.min(this.remaining, buf.length - at)
          this.remaining -= take
          at += take
          if (this.remaining === 0) this.state = 'chunkEnd'
          break
        }
        case 'chunkEnd': {
          if (buf.length - at < 2) return void (this.pending = buf.subarray(at))
          at += 2
          this.state = 'chunkSize'
          break
        }
        case 'trailers': {
          // zero or more trailer lines, then an empty line
          const end = buf.indexOf(CRLF, at)
          if (end < 0) return void (this.pending = buf.subarray(at))
          const empty = end === at
          at = end + 2
          if (empty) return this.finish()
          break
        }
        case 'untilClose':
          return
        case 'idle':
          return
      }
    }
  }

  /** Reads the status line and the headers that frame the body; false on a malformed head. */
  private parseHead(head: string): boolean {
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(head)
    if (!m) return false
    this.status = Number(m[2])
    const lower = head.toLowerCase()
    const conn = /\r\nconnection:\s*([^\r]*)/.exec(lower)?.[1]
    this.closeAfter = m[1] === '0' ? conn !== 'keep-alive' : conn === 'close'
    if (this.status >= 100 && this.status < 200) {
      this.state = 'head' // an interim response: the real one follows
      return true
    }
    if (this.noBody || this.status === 204 || this.status === 304) {
      this.state = 'length'
      this.remaining = 0
      return true
    }
    if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) {
      this.state = 'chunkSize'
      return true
    }
    const len = /\r\ncontent-length:\s*(\d+)/.exec(lower)
    if (len) {
      this.remaining = Number(len[1])
      this.state = 'length'
      return true
    }
    this.state = 'untilClose'
    this.closeAfter = true
    return true
  }
}
