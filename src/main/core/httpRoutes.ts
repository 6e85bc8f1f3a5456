/**
 * Routes an area adds to serve mode's HTTP transport besides /api/rpc: the logs area's push endpoints (other products'
 * protocols) and the hooks for machines (`POST /api/hooks/<name>`, see core/hooks.ts). They sit behind the same host,
 * origin and body-limit checks; the transport reads the body and turns thrown AppErrors into the route's error shape.
 *
 * Who may call a route is declared on it: the console's API token (or a signed-in session) may call every route; a
 * route with a `scope` also accepts the scoped tokens of that scope (deploy tokens from CI, probe tokens), and a route
 * without one refuses every scoped token.
 */
import type { ErrorBody } from '../../shared/errors'

/** Who called a route. */
export interface RouteCaller {
  /** The token's scope; '*' for the console's own API token or a signed-in session. */
  scope: string
  /** A probe token's region. */
  region: string | null
  tokenId: number | null
  /** A short description for logs and errors ("deploy token 'ci'"). */
  label: string
}

export interface RouteRequest {
  /** The request's path (for a prefix route, what follows the prefix tells the route apart). */
  path: string
  body: Buffer
  headers: Record<string, string | string[] | undefined>
  query: URLSearchParams
  signal: AbortSignal
  caller: RouteCaller
}

export interface RouteResponse {
  status: number
  /** JSON body (omit for an empty response). */
  body?: unknown
}

export interface HttpRoute {
  method: 'POST'
  path: string
  summary: string
  /** The scoped tokens that may call this route besides the API token; none: the API token or a session only. */
  scope?: string
  /** `path` is a prefix ending in "/": the route serves every path under it. */
  prefix?: boolean
  /**
   * 'self': the route authenticates each request itself (a signature over the body, as webhooks from other products
   * carry) and is served without the token or a session; everything else is checked as for every route.
   */
  auth?: 'self'
  /** Accepted request content types (media type only); others get 415. */
  contentTypes: string[]
  handle(req: RouteRequest): Promise<RouteResponse>
  /** The error body this protocol's clients expect (default: the console's error envelope). */
  errorBody?(error: ErrorBody, status: number): unknown
}

/** Whether a caller may call a route: the API token always, a scoped token only on a route of its scope. */
export const routeAllows = (route: Pick<HttpRoute, 'scope'>, caller: RouteCaller): boolean =>
  caller.scope === '*' || (route.scope !== undefined && caller.scope === route.scope)

/**
 * A read-only page anyone may open in serve mode without the token or a session (a public status page). GET and HEAD
 * only, no body read, no cookies set; the response carries its own strict Content-Security-Policy. The route must
 * show only what it was made to publish.
 */
export interface PublicRoute {
  /** Path prefix such as "/status/"; the rest of the path (decoded) is handed to `handle`. */
  prefix: string
  summary: string
  /** The response for the rest of the path, or null for a plain 404. */
  handle(rest: string): PublicResponse | null
}

export interface PublicResponse {
  status: number
  contentType: 'text/html' | 'application/json'
  body: string
  /** Content-Security-Policy of this response (default: nothing may load). */
  csp?: string
}
