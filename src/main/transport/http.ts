import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { AppError, HTTP_STATUS, type ErrorBody } from '../../shared/errors'
import type { App } from '../app'
import { buildOpenApi } from './openapi'
import { dispatch } from './dispatch'
import { CSP } from './csp'

export interface HttpOptions {
  app: App
  token: string
  host: string
  port: number
  /** Built renderer folder (index.html); without it only the API is served. */
  staticDir?: string
  maxBodyBytes?: number
  checkOutput?: boolean
}

export interface RunningServer {
  server: http.Server
  url: string
  openUrl: string
  close(): Promise<void>
}

const COOKIE = 'cc_token'
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

export const newToken = (): string => crypto.randomBytes(24).toString('base64url')

const sameToken = (given: string | undefined, token: string): boolean => {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}

const cookieToken = (header: string | undefined): string | undefined =>
  header
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === COOKIE)?.[1]

function sendJson(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text)
  })
  res.end(text)
}

const sendError = (res: http.ServerResponse, error: ErrorBody): void => sendJson(res, HTTP_STATUS[error.code], { ok: false, error })

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) return reject(new AppError('PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`))
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new AppError('PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** The HTTP transport of serve mode: token, origin and host checks, then the same dispatch as IPC. */
export async function startHttpServer(opts: HttpOptions): Promise<RunningServer> {
  const { app, token } = opts
  const limit = opts.maxBodyBytes ?? 16 * 1024 * 1024
  const openapi = buildOpenApi()
  const sse = new Set<http.ServerResponse>()
  let origins = new Set<string>()
  let hosts = new Set<string>()

  const unsubscribe = app.bus.onView((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const res of sse) res.write(frame)
  })

  const authorized = (req: http.IncomingMessage, url: URL): boolean => {
    const auth = req.headers.authorization
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined
    return (
      sameToken(bearer, token) ||
      sameToken(cookieToken(req.headers.cookie), token) ||
      sameToken(url.searchParams.get('token') ?? undefined, token)
    )
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://placeholder')
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('referrer-policy', 'no-referrer')
    res.setHeader('x-frame-options', 'DENY')
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      return sendError(res, { code: 'FORBIDDEN', message: `host ${req.headers.host ?? '(none)'} is not served here` })
    }
    const origin = req.headers.origin
    if (origin !== undefined && !origins.has(origin)) {
      return sendError(res, { code: 'FORBIDDEN', message: `origin ${origin} is not allowed` })
    }
    if (req.method === 'GET' && url.pathname === '/api/health') {
      const health = app.selfHealth()
      return sendJson(res, health.status === 'fail' ? 503 : 200, health, 'application/health+json')
    }
    if (!authorized(req, url)) {
      return sendError(res, {
        code: 'UNAUTHORIZED',
        message: 'missing or wrong token: open the URL printed at start, or send Authorization: Bearer <token>'
      })
    }
    if (url.searchParams.has('token') && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      res.writeHead(303, {
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname
      })
      return void res.end()
    }
    if (url.pathname.startsWith('/api/rpc/')) {
      if (req.method !== 'POST') return sendError(res, { code: 'VALIDATION', message: 'use POST for /api/rpc/<channel>' })
      let input: unknown
      try {
        const body = await readBody(req, limit)
        const text = body.toString('utf8')
        input = text.trim() === '' ? undefined : JSON.parse(text)
      } catch (err) {
        if (err instanceof AppError) return sendError(res, err.toBody())
        return sendError(res, { code: 'VALIDATION', message: `input: body is not valid JSON (${(err as Error).message})`, field: 'input' })
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/rpc/'.length))
      const controller = new AbortController()
      res.on('close', () => !res.writableFinished && controller.abort())
      const envelope = await dispatch(
        app.handlers,
        channel,
        input,
        { transport: 'http', signal: controller.signal },
        {
          logger: app.logger,
          ...(opts.checkOutput ? { checkOutput: true } : {})
        }
      )
      return envelope.ok ? sendJson(res, 200, envelope) : sendError(res, envelope.error)
    }
    if (req.method === 'GET' && url.pathname === '/api/openapi.json') return sendJson(res, 200, openapi)
    if (req.method === 'GET' && url.pathname === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      sse.add(res)
      req.on('close', () => sse.delete(res))
      return
    }
    if (url.pathname.startsWith('/api/')) return sendError(res, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` })
    return serveStatic(res, url.pathname, opts.staticDir)
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      app.logger.error('http request failed', { error: String(err) })
      if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'internal error' })
      else res.end()
    })
  })
  server.requestTimeout = 120_000
  server.headersTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const address = server.address() as { port: number }
  const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  const base = `http://${urlHost}:${address.port}`
  const hostNames = new Set([urlHost, '127.0.0.1', 'localhost', '[::1]'])
  hosts = new Set([...hostNames].map((h) => `${h}:${address.port}`.toLowerCase()))
  origins = new Set([...hostNames].map((h) => `http://${h}:${address.port}`))
  const heartbeat = setInterval(() => {
    for (const res of sse) res.write(': ping\n\n')
  }, 15_000)
  heartbeat.unref()
  return {
    server,
    url: base,
    openUrl: `${base}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat)
        unsubscribe()
        for (const res of sse) res.end()
        sse.clear()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function serveStatic(res: http.ServerResponse, pathname: string, dir?: string): void {
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    return void res.end('The renderer is not built. Run `npm run build` first; the API is under /api/.')
  }
  const root = path.resolve(dir)
  let file = path.resolve(root, '.' + decodeURIComponent(pathname))
  if (!file.startsWith(root + path.sep) && file !== root) {
    res.writeHead(403)
    return void res.end()
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html')
  const type = MIME[path.extname(file)] ?? 'application/octet-stream'
  const headers: Record<string, string> = { 'content-type': type }
  if (type.startsWith('text/html')) {
    headers['content-security-policy'] = CSP
    headers['cache-control'] = 'no-store'
  } else headers['cache-control'] = 'public, max-age=31536000, immutable'
  res.writeHead(200, headers)
  fs.createReadStream(file).pipe(res)
}
