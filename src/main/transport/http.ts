import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import crypto from 'node:crypto'
import { AppError, HTTP_STATUS, type ErrorBody } from '../../shared/errors'
import { cookieValue, readBody, sendError, sendJson } from './respond'
import type { App } from '../app'
import type { Logger } from '../core/log'
import { buildOpenApi } from './openapi'
import { routeAllows, type HttpRoute, type PublicRoute, type RouteCaller } from '../core/httpRoutes'
import { dispatch, type DispatchOptions } from './dispatch'
import { desktopCaller } from './localCaller'
import { decodePath, staticFilePath, staticHeaders } from './static'
import { assertStrongToken, FailedAttempts, sameSecret, SessionStore, type AttemptLimits, type SessionLimits } from './sessions'
import type { DataRootPolicy } from './dataRoots'
import { TeamGate, type TeamAccess, type TeamOptions } from '../team/gate'
import { handleTeamRoute } from '../team/routes'
import { roleAtLeast, scopeRefusal } from '../team/roles'

export interface HttpOptions {
  /** The workspace served; in team mode, the first workspace (its logger and clock serve the server). */
  app: App
  /** The API token: `Authorization: Bearer`, or `?token=` once on opening the console page. At least 32 characters. Unused in team mode. */
  token: string
  /** Team mode (serve --team): users sign in with a password or a personal token; each request goes to its workspace. */
  team?: TeamOptions
  host: string
  port: number
  /** Built renderer folder (index.html); without it only the API is served. */
  staticDir?: string
  maxBodyBytes?: number
  checkOutput?: boolean
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Extra host names (with or without `:port`) that browsers may use to reach this server, e.g. its LAN name. */
  publicHosts?: string[]
  sessions?: SessionLimits
  tokenAttempts?: AttemptLimits
  /** Open event streams per client (a browser session, or a bearer client's address); default 8. */
  maxEventStreamsPerClient?: number
  /** An event stream whose client has stopped reading is closed once this much waits unsent (default 1 MB). */
  maxEventBacklogBytes?: number
  logger?: Logger
  now?: () => number
  /** Confine every path an input names to these folders (serve --allow-remote / --data-root); none: paths are free. */
  dataRoots?: DataRootPolicy | undefined
  /** Channels refused on this server (see DispatchOptions.locked). */
  locked?: DispatchOptions['locked']
}

export interface RunningServer {
  server: http.Server
  url: string
  openUrl: string
  /** The opening URL on each configured public host name. */
  publicUrls: string[]
  sessions: SessionStore
  /** Team mode's sign-in (its sessions, rate limits), when serving with --team. */
  team: TeamGate | null
  /** Event streams open now (leak checks). */
  eventStreams(): number
  close(): Promise<void>
}

const COOKIE = 'cc_session'
/** The console's own API token (or a signed-in session): may call every route. */
const API_CALLER: RouteCaller = { scope: '*', region: null, tokenId: null, label: 'API token' }
/** The caller of a route that authenticates requests itself: no token, no scope (routeAllows refuses it elsewhere). */
const SIGNED_CALLER: RouteCaller = { scope: 'signed', region: null, tokenId: null, label: 'a signed webhook request' }

export const newToken = (): string => crypto.randomBytes(32).toString('base64url')

/** The request target as a URL on this server; `//host` in a path stays a path. */
function requestUrl(target: string | undefined): URL {
  if (!target?.startsWith('/')) throw new AppError('VALIDATION', 'the request target must be a path starting with /')
  try {
    return new URL(`http://placeholder${target}`)
  } catch {
    throw new AppError('VALIDATION', 'the request target is not a valid URL path')
  }
}

/** A same-site redirect target: one leading slash, so it can never read as `//other.host`. */
export const safeLocation = (url: URL): string => {
  const query = url.searchParams.toString()
  return `/${url.pathname.replace(/^[/\\]+/, '')}${query ? `?${query}` : ''}`
}

const isJson = (type: string | undefined): boolean => (type ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json'

/** `name:port` as given, else the name on this server's port (IPv6 literals in brackets). */
const hasPort = (host: string): boolean => /^(\[[^\]]+\]|[^:]+):\d+$/.test(host)
const onPort = (host: string, port: number): string => (hasPort(host) ? host : `${host}:${port}`)

/** Host header values and origins this server answers to: loopback names, the bound address, and configured public names. */
function allowedNames(bindHost: string, port: number, publicHosts: string[], scheme: string): { hosts: Set<string>; origins: Set<string> } {
  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost
  const local = [urlHost, '127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${port}`)
  // without a port, a name may also arrive bare (a proxy on 80/443 in front)
  const named = publicHosts.flatMap((h) => (hasPort(h) ? [h] : [onPort(h, port), h]))
  const hosts = new Set([...local, ...named].map((h) => h.toLowerCase()))
  const origins = new Set([
    ...local.map((h) => `${scheme}://${h}`),
    // a public name may sit behind a proxy that terminates TLS (or not): either scheme is still that host
    ...named.flatMap((h) => [`http://${h}`, `https://${h}`])
  ])
  return { hosts, origins: new Set([...origins].map((o) => o.toLowerCase())) }
}

/** The HTTP transport of serve mode: host, origin, token and session checks, then the same dispatch as IPC. */
export async function startHttpServer(opts: HttpOptions): Promise<RunningServer> {
  const { app, token } = opts
  if (!opts.team) assertStrongToken(token, 'the API token')
  const logger = opts.logger ?? app.logger
  const now = opts.now ?? (() => app.clock.now())
  const limit = opts.maxBodyBytes ?? 16 * 1024 * 1024
  const maxStreams = opts.maxEventStreamsPerClient ?? 8
  const scheme = opts.tls ? 'https' : 'http'
  const openapi = buildOpenApi()
  const sessions = new SessionStore(opts.sessions, now)
  const attempts = new FailedAttempts(opts.tokenAttempts, now)
  const maxBacklog = opts.maxEventBacklogBytes ?? 1024 * 1024
  const streams = new Map<string, Set<http.ServerResponse>>()
  /** Open streams by workspace: each hears only its own workspace's events. */
  const listeners = new Map<string, Set<http.ServerResponse>>()
  const team = opts.team ? new TeamGate(opts.team.store, opts.team.registry, opts.team, now, Boolean(opts.tls)) : null
  let allowed = { hosts: new Set<string>(), origins: new Set<string>() }

  /** Writes to every open stream; a client that stopped reading is cut off instead of buffered without end. */
  const broadcast = (frame: string, workspace?: string): void => {
    for (const [ws, set] of listeners)
      for (const res of workspace === undefined || ws === workspace ? set : []) {
        if (res.writableLength > maxBacklog) {
          logger.warn('serve: closing an event stream whose client stopped reading', { backlogBytes: res.writableLength })
          res.destroy()
        } else res.write(frame)
      }
  }
  const relay = (workspace: string, a: App): (() => void) =>
    a.bus.onView((name, payload) => broadcast(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`, workspace))
  const relays: (() => void)[] = team ? [] : [relay('local', app)]
  // team mode: every workspace open now and every one opened later
  const stopOpening = team?.registry.onOpen((slug, a) => void relays.push(relay(slug, a)))
  const unsubscribe = (): void => {
    stopOpening?.()
    for (const stop of relays) stop()
  }

  const cookie = (id: string, maxAgeS: number): string =>
    `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeS}${opts.tls ? '; Secure' : ''}`

  /**
   * Who a presented token stands for, unless the client is blocked: the API token anywhere, a scoped token only on a
   * route of its scope (using it elsewhere is refused but never counted as a guess). Answers 401/403/429 itself and
   * returns null when the token is not accepted here.
   */
  const tokenAccepted = (
    given: string,
    client: string,
    url: URL,
    res: http.ServerResponse,
    route: HttpRoute | undefined
  ): RouteCaller | null => {
    const wait = attempts.retryAfter(client)
    if (wait > 0) {
      logger.warn('serve: token attempt refused, too many wrong tokens', { client, path: url.pathname })
      sendError(
        res,
        { code: 'UNAUTHORIZED', message: `too many wrong tokens from ${client}: try again in ${Math.ceil(wait / 1000)} s` },
        429,
        { 'retry-after': String(Math.ceil(wait / 1000)) }
      )
      return null
    }
    if (sameSecret(given, token)) return API_CALLER
    const scoped = app.scopedToken(given)
    if (scoped) {
      if (route && routeAllows(route, scoped)) return scoped
      const message = route?.scope
        ? `a ${scoped.label} may not call ${route.path} (it needs a ${route.scope} token)`
        : `this is a ${scoped.label}: it may only call the routes of its scope (POST /api/hooks/…)`
      sendError(res, { code: 'FORBIDDEN', message })
      return null
    }
    const failures = attempts.fail(client)
    logger.warn('serve: wrong token', { client, path: url.pathname, failures })
    sendError(res, { code: 'UNAUTHORIZED', message: 'wrong token: open the URL printed at start, or send Authorization: Bearer <token>' })
    return null
  }

  /**
   * The single-token mode's caller: the API token (or a scoped token on its routes) or a session the token URL opened;
   * answers the token URL, log-out and sign-in failures itself and returns null then.
   */
  const tokenModeAccess = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    client: string,
    route: HttpRoute | undefined
  ): { caller: RouteCaller; sessionKey: string | null } | undefined => {
    let caller = API_CALLER
    let sessionKey: string | null = null
    // opening the console page: the token in the URL buys a session cookie, then the URL is shown without it
    const queryToken = url.searchParams.get('token')
    if (queryToken !== null) {
      if (req.method !== 'GET' || url.pathname.startsWith('/api/')) {
        return void sendError(res, {
          code: 'UNAUTHORIZED',
          message: 'a token in the URL only opens the console page; API calls send Authorization: Bearer <token>'
        })
      }
      if (!tokenAccepted(queryToken, client, url, res, undefined)) return
      const id = sessions.create(client)
      url.searchParams.delete('token')
      res.writeHead(303, { 'set-cookie': cookie(id, Math.floor(sessions.maxAgeMs / 1000)), location: safeLocation(url) })
      return void res.end()
    }

    const auth = req.headers.authorization
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined
    const sessionId = cookieValue(req.headers.cookie, COOKIE)
    if (bearer !== undefined) {
      const accepted = tokenAccepted(bearer, client, url, res, route)
      if (!accepted) return
      caller = accepted
    } else {
      sessionKey = sessions.use(sessionId)
      if (!sessionKey) {
        return void sendError(res, {
          code: 'UNAUTHORIZED',
          message: sessionId
            ? 'your session has expired or was ended: open the URL printed at start again'
            : 'not signed in: open the URL printed at start, or send Authorization: Bearer <token>'
        })
      }
    }

    if (url.pathname === '/api/session' && req.method === 'DELETE') {
      const revoked = sessions.revoke(sessionId)
      return void sendJson(res, 200, { ok: true, data: { revoked } }, 'application/json', { 'set-cookie': cookie('', 0) })
    }
    if (url.pathname === '/api/auth/state' && req.method === 'GET')
      return void sendJson(res, 200, { ok: true, data: { mode: 'token', user: null, workspace: null, role: null, preferences: null } })
    if (url.pathname === '/api/sessions' && req.method === 'DELETE') {
      if (bearer === undefined)
        return void sendError(res, { code: 'FORBIDDEN', message: 'ending every session needs the API token (Authorization: Bearer)' })
      return void sendJson(res, 200, { ok: true, data: { revoked: sessions.revokeAll() } })
    }
    return { caller, sessionKey }
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('referrer-policy', 'no-referrer')
    res.setHeader('x-frame-options', 'DENY')
    const url = requestUrl(req.url)
    if (!allowed.hosts.has((req.headers.host ?? '').toLowerCase())) {
      return sendError(res, { code: 'FORBIDDEN', message: `host ${req.headers.host ?? '(none)'} is not served here (see --public-host)` })
    }
    const origin = req.headers.origin
    if (origin === 'null') {
      return sendError(res, { code: 'FORBIDDEN', message: 'Origin: null (a sandboxed frame, a file or a cross-site redirect) is refused' })
    }
    if (origin !== undefined && !allowed.origins.has(origin.toLowerCase())) {
      return sendError(res, { code: 'FORBIDDEN', message: `origin ${origin} is not allowed` })
    }
    if (req.method === 'GET' && url.pathname === '/api/health') {
      const health = team ? (worstHealth(team.registry.open().map(([, a]) => a.selfHealth())) ?? app.selfHealth()) : app.selfHealth()
      return sendJson(res, health.status === 'fail' ? 503 : 200, health, 'application/health+json')
    }
    // public pages (status pages): no token, no session, GET only, nothing but what the route publishes
    const publicRoute = (team ? team.registry.open().map(([, a]) => a) : [app])
      .flatMap((a) => a.publicRoutes)
      .find((r) => url.pathname.startsWith(r.prefix))
    if (publicRoute) return servePublic(publicRoute, req, res, url)
    const client = req.socket.remoteAddress ?? 'unknown'
    const routeOf = (a: App): HttpRoute | undefined =>
      a.httpRoutes.find((r) => r.path === url.pathname || (r.prefix && url.pathname.startsWith(r.path)))
    // a route that checks each request's signature itself (webhooks from other products) needs no token; on a team
    // server it goes to the workspace named by ?workspace= (else the first)
    const signed = routeOf(app)?.auth === 'self'
    if (signed) {
      const named = url.searchParams.get('workspace')
      const owner = team && named !== null ? team.registry.get(named) : app
      const route = owner && routeOf(owner)
      if (!route) return sendError(res, { code: 'NOT_FOUND', message: `no workspace ${named ?? ''} on this server` })
      return serveRoute(route, SIGNED_CALLER, req, res, url, limit, logger)
    }

    let target = app
    let access: TeamAccess | null = null
    let sessionKey: string | null = null
    let caller: RouteCaller = API_CALLER
    if (team) {
      // team mode: sign-in and account routes, then the page itself (it shows the sign-in form), then a signed-in caller
      if (await handleTeamRoute(team, req, res, url, client)) return
      if (url.searchParams.has('token'))
        return sendError(res, { code: 'UNAUTHORIZED', message: 'this is a team server: sign in with your user name and password' })
      const isPage = !url.pathname.startsWith('/api/') && url.pathname !== '/metrics' && !routeOf(app)
      if (isPage) return serveStatic(res, url.pathname, opts.staticDir)
      access = team.authenticate(req, res, client)
      if (!access) return
      target = access.app
      sessionKey = access.sessionKey
      if (access.areaToken) caller = access.areaToken
      else if (access.caller && roleAtLeast(access.caller.role, 'editor') && access.scope === 'write')
        caller = { scope: '*', region: null, tokenId: null, label: `user ${access.caller.name}` }
      else caller = { scope: 'none', region: null, tokenId: null, label: `${access.caller?.role ?? 'read'} user` }
    } else {
      const got = tokenModeAccess(req, res, url, client, routeOf(app))
      if (!got) return
      caller = got.caller
      sessionKey = got.sessionKey
    }
    const route = routeOf(target)
    if (route && !routeAllows(route, caller))
      return sendError(res, {
        code: 'FORBIDDEN',
        message: `${route.path} needs an editor (or a token of its scope); this is a ${caller.label}`
      })
    if (route) return serveRoute(route, caller, req, res, url, limit, logger)
    if (url.pathname.startsWith('/api/rpc/')) {
      if (req.method !== 'POST') return sendError(res, { code: 'VALIDATION', message: 'use POST for /api/rpc/<channel>' })
      if (!isJson(req.headers['content-type'])) {
        return sendError(
          res,
          { code: 'VALIDATION', message: 'send the input as Content-Type: application/json', field: 'content-type' },
          415
        )
      }
      const channel = decodePath(url.pathname.slice('/api/rpc/'.length), 'channel')
      if (access && !access.caller)
        return sendError(res, { code: 'FORBIDDEN', message: `this is a ${caller.label}: it may only call the routes of its scope` })
      const refused = access ? scopeRefusal(access.scope, channel) : null
      if (refused) return sendError(res, refused.toBody())
      let input: unknown
      try {
        const body = await readBody(req, limit)
        const text = body.toString('utf8')
        input = text.trim() === '' ? undefined : JSON.parse(text)
      } catch (err) {
        if (err instanceof AppError) return sendError(res, err.toBody())
        return sendError(res, { code: 'VALIDATION', message: `input: body is not valid JSON (${(err as Error).message})`, field: 'input' })
      }
      const controller = new AbortController()
      res.on('close', () => !res.writableFinished && controller.abort())
      const envelope = await dispatch(
        target.handlers,
        channel,
        input,
        { transport: 'http', signal: controller.signal, caller: access?.caller ?? desktopCaller() },
        {
          logger: target.logger,
          ...(opts.checkOutput ? { checkOutput: true } : {}),
          dataRoots: opts.dataRoots,
          locked: opts.locked,
          audit: target.audit
        }
      )
      return envelope.ok ? sendJson(res, 200, envelope) : sendError(res, envelope.error)
    }
    if (req.method === 'GET' && url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8', 'cache-control': 'no-store' })
      return void res.end(target.metrics.exposition())
    }
    if (req.method === 'GET' && url.pathname === '/api/openapi.json') return sendJson(res, 200, openapi)
    if (req.method === 'GET' && url.pathname === '/api/events') {
      const key = sessionKey ?? `bearer@${client}`
      const workspace = access?.workspace ?? 'local'
      const open = streams.get(key) ?? new Set()
      if (open.size >= maxStreams) {
        return sendError(res, { code: 'UNAVAILABLE', message: `at most ${maxStreams} event streams per client: close a tab or two` }, 429)
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      open.add(res)
      streams.set(key, open)
      const heard = listeners.get(workspace) ?? new Set()
      heard.add(res)
      listeners.set(workspace, heard)
      // the response closes when the client goes away (or is cut off): forget the stream
      res.once('close', () => {
        open.delete(res)
        if (open.size === 0 && streams.get(key) === open) streams.delete(key)
        heard.delete(res)
        if (heard.size === 0 && listeners.get(workspace) === heard) listeners.delete(workspace)
      })
      return
    }
    if (url.pathname.startsWith('/api/')) return sendError(res, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` })
    return serveStatic(res, url.pathname, opts.staticDir)
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(req, res).catch((err) => {
      if (res.headersSent) return void res.end()
      if (err instanceof AppError) return sendError(res, err.toBody())
      app.logger.error('http request failed', { error: String(err) })
      sendError(res, { code: 'INTERNAL', message: 'internal error' })
    })
  }
  const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, listener) : http.createServer(listener)
  server.requestTimeout = 120_000
  server.headersTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const address = server.address() as { port: number }
  const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  const base = `${scheme}://${urlHost}:${address.port}`
  const publicHosts = opts.publicHosts ?? []
  allowed = allowedNames(opts.host, address.port, publicHosts, scheme)
  const heartbeat = setInterval(() => broadcast(': ping\n\n'), 15_000)
  heartbeat.unref()
  return {
    server,
    url: base,
    openUrl: team ? `${base}/` : `${base}/?token=${token}`,
    publicUrls: publicHosts.map((h) => `${scheme}://${onPort(h, address.port)}/${team ? '' : `?token=${token}`}`),
    sessions,
    team,
    eventStreams: () => [...streams.values()].reduce((n, set) => n + set.size, 0),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat)
        unsubscribe()
        for (const set of streams.values()) for (const res of set) res.end()
        streams.clear()
        listeners.clear()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** An area's extra route (core/httpRoutes.ts): method and content type checked, body read within the limit. */
async function serveRoute(
  route: HttpRoute,
  caller: RouteCaller,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  limit: number,
  logger: Logger
): Promise<void> {
  const fail = (error: ErrorBody, status = HTTP_STATUS[error.code], extra: Record<string, string> = {}): void =>
    route.errorBody
      ? sendJson(res, status, route.errorBody(error, status), 'application/json', extra)
      : sendError(res, error, status, extra)
  if (req.method !== route.method)
    return fail({ code: 'VALIDATION', message: `use ${route.method} for ${route.path}` }, 405, { allow: route.method })
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (!route.contentTypes.includes(type))
    return fail(
      {
        code: 'VALIDATION',
        message: `send ${route.contentTypes.join(' or ')} to ${route.path} (got ${type || 'no content type'})`,
        field: 'content-type'
      },
      415
    )
  const controller = new AbortController()
  res.on('close', () => !res.writableFinished && controller.abort())
  try {
    const body = await readBody(req, limit)
    const out = await route.handle({
      path: url.pathname,
      body,
      headers: req.headers,
      query: url.searchParams,
      signal: controller.signal,
      caller
    })
    if (out.body === undefined) {
      res.writeHead(out.status, { 'cache-control': 'no-store' })
      return void res.end()
    }
    return sendJson(res, out.status, out.body)
  } catch (err) {
    if (err instanceof AppError)
      return fail(
        err.toBody(),
        err.code === 'UNAVAILABLE' ? 429 : HTTP_STATUS[err.code],
        err.code === 'UNAVAILABLE' ? { 'retry-after': '1' } : {}
      )
    logger.error(`${route.path} failed`, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
    return fail({ code: 'INTERNAL', message: 'internal error' })
  }
}

type Health = ReturnType<App['selfHealth']>
/** A team server's health: the worst of its open workspaces' (null when none is open). */
const worstHealth = (all: Health[]): Health | null =>
  all.find((h) => h.status === 'fail') ?? all.find((h) => h.status === 'warn') ?? all[0] ?? null

const PUBLIC_DEFAULT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** A public page (core/httpRoutes.ts PublicRoute): GET or HEAD, never a body read or a cookie set, its own strict CSP. */
function servePublic(route: PublicRoute, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const send = (status: number, type: string, body: string, csp = PUBLIC_DEFAULT_CSP): void => {
    res.writeHead(status, {
      'content-type': `${type}; charset=utf-8`,
      'content-length': Buffer.byteLength(body),
      'content-security-policy': csp,
      'cache-control': 'no-cache',
      'cross-origin-resource-policy': 'same-origin',
      'x-robots-tag': 'noindex',
      ...(status === 405 ? { allow: 'GET, HEAD' } : {})
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', `use GET for ${route.prefix}…`)
  let rest: string
  try {
    rest = decodeURIComponent(url.pathname.slice(route.prefix.length))
  } catch {
    return send(404, 'text/plain', 'No such page.')
  }
  const out = route.handle(rest)
  if (!out) return send(404, 'text/plain', 'No such page.')
  send(out.status, out.contentType, out.body, out.csp)
}

function serveStatic(res: http.ServerResponse, pathname: string, dir?: string): void {
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    return void res.end('The renderer is not built. Run `npm run build` first; the API is under /api/.')
  }
  let file = staticFilePath(dir, pathname)
  if (!file) {
    res.writeHead(403)
    return void res.end()
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(path.resolve(dir), 'index.html')
  res.writeHead(200, staticHeaders(file))
  fs.createReadStream(file).pipe(res)
}
