import { startHttpServer, type RunningServer } from '../../src/main/transport/http'
import { tempApp, type TestApp } from './app'

export interface ServedApp extends TestApp {
  server: RunningServer
  token: string
  rpc(channel: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>
}

/** A real app behind the real HTTP transport on 127.0.0.1:0. */
export async function servedApp(opts: { maxBodyBytes?: number; staticDir?: string } = {}): Promise<ServedApp> {
  const t = tempApp()
  const token = 'test-token-' + Math.random().toString(36).slice(2)
  const server = await startHttpServer({ app: t.app, token, host: '127.0.0.1', port: 0, checkOutput: true, ...opts })
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
