import fs from 'node:fs/promises'
import path from 'node:path'
import { protocol } from 'electron'
import { AppError } from '../../shared/errors'
import type { PublicRoute } from '../core/httpRoutes'
import { staticFilePath, staticHeaders } from '../transport/static'

/** The renderer's own origin: a privileged custom scheme instead of file:// (Electron security checklist, item 18). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'console'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** Must run before the app is ready: a standard, secure scheme (its own origin, fetch, storage), nothing more (no CSP bypass). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }
  ])
}

/**
 * Answers app://console/<path> with the file under `root`; other hosts, escapes and missing files get 4xx. Paths under a
 * route's prefix (extension views, /ext-view/…) are answered by that route, with its own Content-Security-Policy.
 */
export function appProtocolHandler(
  root: string,
  p: path.PlatformPath = path,
  routes: readonly PublicRoute[] = []
): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return new Response('bad request', { status: 400 })
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return new Response('not found', { status: 404 })
    if (request.method && request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 })
    const route = routes.find((r) => url.pathname.startsWith(r.prefix))
    if (route) return routeResponse(route, url.pathname.slice(route.prefix.length))
    let file: string | null
    try {
      file = staticFilePath(root, url.pathname === '/' ? '/index.html' : url.pathname, p)
    } catch (err) {
      if (err instanceof AppError) return new Response(err.message, { status: 400 })
      throw err
    }
    if (!file) return new Response('forbidden', { status: 403 })
    try {
      return new Response(await fs.readFile(file), { status: 200, headers: staticHeaders(file) })
    } catch {
      return new Response('not found', { status: 404 })
    }
  }
}

function routeResponse(route: PublicRoute, rest: string): Response {
  let out: ReturnType<PublicRoute['handle']>
  try {
    out = route.handle(decodeURIComponent(rest))
  } catch {
    out = null
  }
  if (!out) return new Response('not found', { status: 404 })
  const csp = out.csp ?? "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
  return new Response(out.body, {
    status: out.status,
    headers: { 'content-type': `${out.contentType}; charset=utf-8`, 'content-security-policy': csp, 'x-content-type-options': 'nosniff' }
  })
}

/** After ready: serve the built renderer folder on app://console, and the given routes (extension views). */
export function installAppProtocol(rendererDir: string, routes: readonly PublicRoute[] = []): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, path, routes))
}
