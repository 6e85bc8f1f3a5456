// One HTTP exchange at a time over node:http/https (no fetch, no keep-alive), following redirects
// by hand, reading the body under a byte cap. Every wait is bound to the check's deadline signal.
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { TLSSocket } from 'node:tls'
import { abortable } from './deadline'
import { CheckFailure } from './failures'
import type { HttpCheckConfig } from '../../../../shared/health/types'

export interface HttpResponse {
  url: string
  statusCode: number
  headers: IncomingHttpHeaders
  /** At most maxBodyBytes. */
  body: Buffer
  /** Bytes received (more than body.length when the cap was hit). */
  bodyBytes: number
  tooLarge: boolean
  certValidTo?: number
}

export interface TransportOptions {
  signal: AbortSignal
  /** Extra trusted roots (private CAs, tests). */
  ca?: string | string[]
  /** Set once a TCP connection was made ([CONNECTED]). */
  progress: { connected: boolean }
}

const DEFAULT_HEADERS: Record<string, string> = {
  'user-agent': 'ControlConsole-HealthCheck/1.0',
  accept: 'application/health+json, application/json;q=0.9, */*;q=0.8'
}
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308])

export async function fetchWithRedirects(cfg: HttpCheckConfig, opts: TransportOptions): Promise<HttpResponse> {
  let url = new URL(cfg.url)
  let method: string = cfg.method
  let body = cfg.body
  let headers = mergeHeaders(cfg.headers)
  const visited = new Set([withoutHash(url)])

  for (let redirects = 0; ; redirects++) {
    const res = await sendRequest(url, method, headers, body, cfg.ignoreTlsErrors, opts)
    const location = res.headers.location
    const follow = cfg.maxRedirects > 0 && REDIRECT_CODES.has(res.statusCode ?? 0) && location
    if (!follow) return readResponse(url, method, res, cfg.maxBodyBytes, opts.signal)

    res.destroy() // never read a redirect body
    if (redirects >= cfg.maxRedirects) throw new CheckFailure('redirects', `too many redirects (${cfg.maxRedirects})`)
    const next = resolveLocation(location, url)
    if (visited.has(withoutHash(next))) throw new CheckFailure('redirects', `redirect loop: ${next.href} was already visited`)
    visited.add(withoutHash(next))
    // 303 (and 301/302 after POST, as browsers do) switch to GET without a body.
    if (res.statusCode === 303 ? method !== 'HEAD' : (res.statusCode === 301 || res.statusCode === 302) && method === 'POST') {
      method = 'GET'
      body = undefined
      headers = omit(headers, ['content-length', 'content-type'])
    }
    if (next.origin !== url.origin) headers = omit(headers, ['authorization', 'cookie'])
    url = next
  }
}

function sendRequest(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  ignoreTlsErrors: boolean,
  opts: TransportOptions
): Promise<IncomingMessage> {
  return abortable(opts.signal, (resolve, reject) => {
    const secure = url.protocol === 'https:'
    const options: https.RequestOptions = { method, headers, agent: false }
    if (secure) Object.assign(options, { rejectUnauthorized: !ignoreTlsErrors }, opts.ca && { ca: opts.ca })
    const req = (secure ? https : http).request(url, options)
    req.on('socket', (socket) => socket.once(secure ? 'secureConnect' : 'connect', () => (opts.progress.connected = true)))
    req.on('response', resolve)
    req.on('error', reject)
    req.end(body)
    return () => req.destroy()
  })
}

async function readResponse(url: URL, method: string, res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<HttpResponse> {
  const head = { url: url.href, statusCode: res.statusCode ?? 0, headers: res.headers, certValidTo: peerCertValidTo(res) }
  // HEAD, 204 and 304 carry a Content-Length but no body.
  const bodyless = method === 'HEAD' || head.statusCode === 204 || head.statusCode === 304
  const declared = Number(res.headers['content-length'])
  if (!bodyless && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy() // refuse up front instead of streaming it
    return { ...head, body: Buffer.alloc(0), bodyBytes: declared, tooLarge: true }
  }
  return { ...head, ...(await readCappedBody(res, maxBytes, signal)) }
}

/** Reads until end, or stops (and destroys the stream) once more than maxBytes arrived. */
function readCappedBody(
  res: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal
): Promise<Pick<HttpResponse, 'body' | 'bodyBytes' | 'tooLarge'>> {
  if (signal.aborted) {
    res.destroy()
    return Promise.reject(signal.reason)
  }
  return abortable(signal, (resolve, reject) => {
    const chunks: Buffer[] = []
    let bytes = 0
    res.on('data', (chunk: Buffer) => {
      const kept = bytes
      bytes += chunk.length
      if (bytes <= maxBytes) return void chunks.push(chunk)
      chunks.push(chunk.subarray(0, maxBytes - kept))
      res.destroy()
      resolve({ body: Buffer.concat(chunks), bodyBytes: bytes, tooLarge: true })
    })
    res.on('end', () => resolve({ body: Buffer.concat(chunks), bodyBytes: bytes, tooLarge: false }))
    res.on('error', reject)
    return () => res.destroy()
  })
}

function peerCertValidTo(res: IncomingMessage): number | undefined {
  const socket = res.socket as TLSSocket | null
  if (!socket || typeof socket.getPeerCertificate !== 'function') return undefined
  const validTo = Date.parse(socket.getPeerCertificate().valid_to ?? '')
  return Number.isFinite(validTo) ? validTo : undefined
}

function resolveLocation(location: string, base: URL): URL {
  let next: URL
  try {
    next = new URL(location, base)
  } catch {
    throw new CheckFailure('protocol', `invalid redirect location: ${location}`)
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    throw new CheckFailure('protocol', `redirect to unsupported URL: ${next.href}`)
  return next
}

function mergeHeaders(user: Record<string, string>): Record<string, string> {
  const merged = { ...DEFAULT_HEADERS }
  for (const [name, value] of Object.entries(user)) merged[name.toLowerCase()] = value
  return merged
}

const omit = (headers: Record<string, string>, names: string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)))

const withoutHash = (url: URL): string => url.href.replace(/#.*$/, '')
