/** Serve mode's push endpoints: Loki's push API (JSON) and OTLP logs over HTTP/JSON, into a push source. */
import type { HttpRoute } from '../../core/httpRoutes'
import type { LogsService } from './service'
import { PUSH_PATHS } from './sources'

const header = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h)

/** gRPC status codes OTLP/HTTP clients read from an error body. */
const GRPC: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 }

export function pushRoutes(logs: LogsService): HttpRoute[] {
  return [
    {
      method: 'POST',
      path: PUSH_PATHS.loki,
      summary: 'Loki push API (JSON; gzip or deflate allowed): {"streams":[{"stream":{…},"values":[["<ns>","line"]]}]}',
      contentTypes: ['application/json'],
      handle: async (req) => {
        await logs.push('loki', req.query.get('source'), req.body, header(req.headers['content-encoding']))
        return { status: 204 }
      }
    },
    {
      method: 'POST',
      path: PUSH_PATHS.otlp,
      summary: 'OTLP logs over HTTP/JSON (ExportLogsServiceRequest)',
      contentTypes: ['application/json'],
      handle: async (req) => {
        await logs.push('otlp', req.query.get('source'), req.body, header(req.headers['content-encoding']))
        return { status: 200, body: { partialSuccess: {} } }
      },
      errorBody: (e, status) => ({ code: GRPC[status] ?? 2, message: e.message })
    }
  ]
}
