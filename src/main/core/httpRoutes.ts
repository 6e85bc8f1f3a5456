/**
 * Routes an area adds to serve mode's HTTP transport besides /api/rpc (e.g. the logs area's push endpoints, which
 * speak other products' protocols). They sit behind the same host, origin, token and session checks and body limit;
 * the transport reads the body and turns thrown AppErrors into the route's error shape.
 */
import type { ErrorBody } from '../../shared/errors'

export interface RouteRequest {
  body: Buffer
  headers: Record<string, string | string[] | undefined>
  query: URLSearchParams
  signal: AbortSignal
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
  /** Accepted request content types (media type only); others get 415. */
  contentTypes: string[]
  handle(req: RouteRequest): Promise<RouteResponse>
  /** The error body this protocol's clients expect (default: the console's error envelope). */
  errorBody?(error: ErrorBody, status: number): unknown
}

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
