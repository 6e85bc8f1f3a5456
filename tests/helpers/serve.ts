import http from 'node:http'
import https from 'node:https'
import { newToken, startHttpServer, type HttpOptions, type RunningServer } from '../../src/main/transport/http'
import { tempApp, type TestApp } from './app'

export interface ServedApp extends TestApp {
  server: RunningServer
  token: string
  rpc(channel: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>
}

/** A real app behind the real HTTP transport on 127.0.0.1:0. */
export async function servedApp(opts: Partial<Omit<HttpOptions, 'app'>> = {}): Promise<ServedApp> {
  const t = tempApp()
  const token = opts.token ?? newToken()
  const server = await startHttpServer({ app: t.app, host: '127.0.0.1', port: 0, checkOutput: true, ...opts, token })
  return {
    ...t,
    server,
    token,
    async rpc(channel, body, headers = {}) {
      const res = await fetch(`${server.url}/api/rpc/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
      })
      return { status: res.status, json: await res.json() }
    },
    async cleanup() {
      await server.close()
      await t.cleanup()
    }
  }
}

export interface RawResponse {
  status: number
  body: string
  headers: http.IncomingHttpHeaders
}

/** One request exactly as written (path, Host, Origin, cookies untouched by fetch); `ca` trusts a test certificate. */
export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; path?: string; ca?: string } = {}
): Promise<RawResponse> {
  const u = new URL(url)
  const client = u.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        host: u.hostname,
        port: u.port,
        path: init.path ?? u.pathname + u.search,
        method: init.method ?? 'GET',
        headers: init.headers,
        ...(init.ca ? { ca: init.ca } : {})
      },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      }
    )
    req.on('error', reject)
    req.end(init.body)
  })
}
