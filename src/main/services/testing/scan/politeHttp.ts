/**
 * The scanner's only way out: one request at a time, a pause between them, a budget, a timeout, bodies cut at 64 KiB,
 * redirects never followed, and only methods that change nothing (GET, HEAD, OPTIONS, TRACE).
 */
import http from 'node:http'
import https from 'node:https'

export type SafeMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'TRACE'

export interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  /** Raw Set-Cookie lines. */
  cookies: string[]
  body: string
}

export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded'
}

const BODY_CAP = 64 * 1024
export const SCANNER_AGENT = 'control-console-scan (read-only security scan)'

export class PoliteClient {
  requests = 0
  private last = 0

  constructor(private opts: { delayMs: number; maxRequests: number; timeoutMs: number; signal?: AbortSignal | undefined }) {}

  /** Waits its turn and counts one request (or TLS handshake) against the budget. */
  async turn(): Promise<void> {
    if (this.opts.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    if (this.requests >= this.opts.maxRequests) throw new BudgetExceeded(`the budget of ${this.opts.maxRequests} requests is spent`)
    const wait = this.last + this.opts.delayMs - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    this.requests++
    this.last = Date.now()
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs
  }

  async request(url: string, method: SafeMethod = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
    await this.turn()
    const u = new URL(url)
    const lib = u.protocol === 'https:' ? https : http
    return new Promise<Answer>((resolve, reject) => {
      const req = lib.request(
        u,
        {
          method,
          headers: { 'user-agent': SCANNER_AGENT, accept: '*/*', ...headers },
          timeout: this.opts.timeoutMs,
          rejectUnauthorized: false, // the certificate is judged on its own; the content is read anyway
          ciphers: 'DEFAULT:@SECLEVEL=0', // and a weak key or suite must not hide the headers behind it
          agent: false,
          signal: this.opts.signal
        },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (c: Buffer) => {
            if (size >= BODY_CAP) return
            chunks.push(c)
            size += c.length
            if (size >= BODY_CAP) res.destroy()
          })
          const done = (): void =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              cookies: res.headers['set-cookie'] ?? [],
              body: Buffer.concat(chunks).subarray(0, BODY_CAP).toString('utf8')
            })
          res.on('end', done)
          res.on('close', done)
          res.on('error', done)
        }
      )
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${this.opts.timeoutMs} ms`), { code: 'ETIMEDOUT' })))
      req.on('error', reject)
      req.end()
    })
  }
}

/** One header's value as a string (joined when repeated), or null. */
export const header = (h: http.IncomingHttpHeaders, name: string): string | null => {
  const v = h[name.toLowerCase()]
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v)
}

/** The request line and the headers that show a finding, as evidence text. */
export function evidence(method: string, url: string, a: Answer, show: string[] = [], extra = ''): string {
  const lines = [`${method} ${url}`, `→ ${a.status}`]
  for (const h of show) lines.push(`${h}: ${header(a.headers, h) ?? '(absent)'}`)
  if (extra) lines.push(extra)
  return lines.join('\n')
}
