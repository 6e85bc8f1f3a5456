import fs from 'node:fs'
import path from 'node:path'
import { silentLogger } from '../../src/main/core/log'
import type { Role } from '../../src/main/core/caller'
import { WorkspaceRegistry } from '../../src/main/team/registry'
import { TeamStore } from '../../src/main/team/store'
import { startHttpServer, type HttpOptions, type RunningServer } from '../../src/main/transport/http'
import { tempDir } from './app'

/** Cheap scrypt for tests (the format and the check are the same as in production). */
export const TEST_COST = { N: 1024, r: 8, p: 1 }

export interface TeamServer {
  dir: string
  store: TeamStore
  registry: WorkspaceRegistry
  server: RunningServer
  url: string
  /** Adds a user with a role in each named workspace; returns its id. */
  addUser(name: string, roles: Record<string, Role>, opts?: { serverAdmin?: boolean; password?: string }): Promise<number>
  /** Signs in and returns the session cookie (throws with the answer when refused). */
  login(name: string, password?: string, workspace?: string): Promise<string>
  /** A JSON request; `auth` is a cookie (cc_team_session=…) or a bearer token (ccu_…). */
  request(
    method: string,
    p: string,
    auth?: string,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<{ status: number; json: any }>
  rpc(auth: string, channel: string, input?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>
  cleanup(): Promise<void>
}

export const PASSWORD = 'correct horse battery'

/** A real team server on 127.0.0.1:0: a team folder with workspaces `a` and `b`, real SQLite files, the real transport. */
export async function teamServer(
  opts: Partial<Pick<HttpOptions, 'now'>> & {
    sessions?: { idleMs?: number; maxAgeMs?: number }
    loginAttempts?: { max?: number; windowMs?: number }
    now?: () => number
  } = {}
): Promise<TeamServer> {
  const dir = tempDir('cc-team-')
  fs.mkdirSync(path.join(dir, 'workspaces'))
  const now = opts.now ?? Date.now
  const store = new TeamStore(dir, now, TEST_COST)
  store.createWorkspace('a', 'Team A')
  store.createWorkspace('b', 'Team B')
  const registry = new WorkspaceRegistry(store, { mode: 'test', logger: silentLogger })
  const app = registry.openAll()[0]!
  const server = await startHttpServer({
    app,
    token: '',
    host: '127.0.0.1',
    port: 0,
    checkOutput: true,
    now,
    team: {
      store,
      registry,
      ...(opts.sessions ? { sessions: opts.sessions } : {}),
      ...(opts.loginAttempts ? { loginAttempts: opts.loginAttempts } : {})
    }
  })
  const request: TeamServer['request'] = async (method, p, auth, body, headers = {}) => {
    const a: Record<string, string> = !auth
      ? {}
      : auth.startsWith('cc_team_session=')
        ? { cookie: auth }
        : { authorization: `Bearer ${auth}` }
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { ...a, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
    const text = await res.text()
    let json: any = text
    try {
      json = JSON.parse(text)
    } catch {
      // not JSON (event streams, pages)
    }
    const cookie = res.headers.get('set-cookie')
    return { status: res.status, json, ...(cookie ? { cookie } : {}) }
  }
  return {
    dir,
    store,
    registry,
    server,
    url: server.url,
    async addUser(name, roles, o = {}) {
      const user = await store.createUser({
        name,
        password: o.password ?? PASSWORD,
        serverAdmin: o.serverAdmin ?? false,
        memberships: Object.entries(roles).map(([workspace, role]) => ({ workspace, role }))
      })
      return user.id
    },
    async login(name, password = PASSWORD, workspace) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password, ...(workspace ? { workspace } : {}) })
      })
      if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${await res.text()}`)
      return res.headers.get('set-cookie')!.split(';')[0]!
    },
    request,
    rpc: (auth, channel, input = {}, headers = {}) => request('POST', `/api/rpc/${channel}`, auth, input, headers),
    async cleanup() {
      await server.close()
      await registry.close()
      store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}
