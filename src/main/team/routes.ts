import type http from 'node:http'
import { AppError } from '../../shared/errors'
import {
  ChangePasswordInput,
  CreateTokenInput,
  CreateUserInput,
  CreateWorkspaceInput,
  LoginInput,
  Preferences,
  SetRoleInput,
  SwitchWorkspaceInput,
  UpdateUserInput
} from '../../shared/team'
import { cookieValue, sendError, sendJson } from '../transport/respond'
import { readJson, TEAM_COOKIE, type TeamGate } from './gate'
import type { TeamUser } from './store'

const ok = (res: http.ServerResponse, data: unknown, extra: Record<string, string> = {}): void =>
  sendJson(res, 200, { ok: true, data }, 'application/json', extra)

const idIn = (text: string | undefined, what: string): number => {
  const id = Number(text)
  if (!Number.isInteger(id) || id <= 0) throw new AppError('VALIDATION', `${what}: not an id`, what)
  return id
}

/**
 * Team mode's own routes (not contract channels: the team store is one per server, not per workspace):
 *   GET  /api/auth/state                  who is signed in (no sign-in needed)
 *   POST /api/auth/login, /api/auth/logout (and DELETE /api/session)
 *   POST /api/session/workspace           switch this session's workspace
 *   PUT  /api/me/preferences, POST /api/me/password, GET|POST /api/me/tokens, DELETE /api/me/tokens/:id
 *   GET|POST /api/team/users, PATCH /api/team/users/:id, PUT /api/team/users/:id/role,
 *   DELETE /api/team/users/:id/sessions, GET|POST /api/team/workspaces      (server admins)
 * Account and team routes need a signed-in browser session. Returns false for any other path.
 */
export async function handleTeamRoute(
  gate: TeamGate,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  client: string
): Promise<boolean> {
  const p = url.pathname
  const m = req.method
  const { store, sessions } = gate
  const under = (prefix: string): boolean => p === prefix || p.startsWith(`${prefix}/`)
  if (!(under('/api/auth') || under('/api/me') || under('/api/team') || under('/api/session'))) return false

  if (p === '/api/auth/state' && m === 'GET') {
    const s = gate.session(req)
    ok(res, gate.state(s?.user ?? null, s?.data.workspace ?? null))
    return true
  }
  if (p === '/api/auth/login' && m === 'POST') {
    const input = await readJson(req, LoginInput)
    const wait = gate.loginWait(client, input.name)
    if (wait > 0) {
      const s = Math.ceil(wait / 1000)
      sendError(res, { code: 'UNAUTHORIZED', message: `too many failed sign-ins: try again in ${s} s` }, 429, { 'retry-after': String(s) })
      return true
    }
    const user = await store.checkPassword(input.name, input.password)
    if (!user) {
      gate.loginFailed(client, input.name)
      sendError(res, { code: 'UNAUTHORIZED', message: 'wrong user name or password' })
      return true
    }
    // only someone who knows the password learns that the account is disabled
    if (user.disabled) {
      sendError(res, { code: 'FORBIDDEN', message: 'this account is disabled: ask an admin' })
      return true
    }
    const workspaces = store.memberships(user)
    const workspace = workspaces.find((w) => w.workspace === input.workspace)?.workspace ?? workspaces[0]?.workspace
    if (!workspace) {
      sendError(res, { code: 'FORBIDDEN', message: `${user.name} is not a member of any workspace yet: ask an admin to add you to one` })
      return true
    }
    ok(res, gate.state(user, workspace), { 'set-cookie': gate.newSessionCookie(client, { userId: user.id, workspace }) })
    return true
  }
  if ((p === '/api/auth/logout' && m === 'POST') || (p === '/api/session' && m === 'DELETE')) {
    const revoked = sessions.revoke(cookieValue(req.headers.cookie, TEAM_COOKIE))
    ok(res, { revoked }, { 'set-cookie': gate.cookie('', 0) })
    return true
  }

  const s = gate.session(req)
  if (!s) {
    sendError(res, { code: 'UNAUTHORIZED', message: 'not signed in (or the session has ended): sign in again' })
    return true
  }
  const me = s.user

  if (p === '/api/session/workspace' && m === 'POST') {
    const { workspace } = await readJson(req, SwitchWorkspaceInput)
    if (!store.roleIn(me, workspace)) throw new AppError('FORBIDDEN', `you are not a member of workspace ${workspace}`, 'workspace')
    sessions.setData(s.key, { userId: me.id, workspace })
    ok(res, gate.state(me, workspace))
    return true
  }
  if (p === '/api/me/preferences' && m === 'PUT') {
    ok(res, store.setPreferences(me.id, await readJson(req, Preferences)))
    return true
  }
  if (p === '/api/me/password' && m === 'POST') {
    const input = await readJson(req, ChangePasswordInput)
    if (!(await store.checkPassword(me.name, input.current))) {
      gate.loginFailed(client, me.name)
      throw new AppError('VALIDATION', 'current: this is not your current password', 'current')
    }
    await store.updateUser(me.id, { password: input.next })
    // every other session of this user ends; this one continues under a new id
    sessions.revokeWhere((d) => d.userId === me.id)
    ok(res, { changed: true }, { 'set-cookie': gate.newSessionCookie(client, s.data) })
    return true
  }
  if (p === '/api/me/tokens' && m === 'GET') {
    ok(res, store.listTokens(me.id))
    return true
  }
  if (p === '/api/me/tokens' && m === 'POST') {
    ok(res, store.createToken(me.id, await readJson(req, CreateTokenInput)))
    return true
  }
  const tokenPath = /^\/api\/me\/tokens\/([^/]+)$/.exec(p)
  if (tokenPath && m === 'DELETE') {
    store.revokeToken(me.id, idIn(tokenPath[1], 'id'))
    ok(res, { revoked: true })
    return true
  }

  if (p.startsWith('/api/team/')) {
    requireServerAdmin(me)
    return teamAdminRoute(gate, req, res, p, m)
  }
  sendError(res, { code: 'NOT_FOUND', message: `no route ${m} ${p}` })
  return true
}

const requireServerAdmin = (me: TeamUser): void => {
  if (!me.serverAdmin) throw new AppError('FORBIDDEN', 'managing users and workspaces needs a server admin')
}

async function teamAdminRoute(
  gate: TeamGate,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  p: string,
  m: string | undefined
): Promise<true> {
  const { store, sessions, registry } = gate
  if (p === '/api/team/users' && m === 'GET') return (ok(res, store.listUsers()), true)
  if (p === '/api/team/users' && m === 'POST') {
    const input = await readJson(req, CreateUserInput)
    const user = await store.createUser(input)
    return (ok(res, store.userView(user.id)), true)
  }
  if (p === '/api/team/workspaces' && m === 'GET') return (ok(res, store.listWorkspaces()), true)
  if (p === '/api/team/workspaces' && m === 'POST') {
    const input = await readJson(req, CreateWorkspaceInput)
    store.createWorkspace(input.slug, input.title)
    registry.get(input.slug)
    return (
      ok(
        res,
        store.listWorkspaces().find((w) => w.slug === input.slug)
      ),
      true
    )
  }
  const user = /^\/api\/team\/users\/([^/]+)(\/role|\/sessions)?$/.exec(p)
  if (user) {
    const id = idIn(user[1], 'id')
    if (!store.user(id)) throw new AppError('NOT_FOUND', `no user ${id}`)
    if (!user[2] && m === 'PATCH') {
      const patch = await readJson(req, UpdateUserInput)
      const updated = await store.updateUser(id, patch)
      // a disabled user, or one whose password an admin reset, is signed out everywhere
      if (updated.disabled || patch.password !== undefined) sessions.revokeWhere((d) => d.userId === id)
      return (ok(res, store.userView(id)), true)
    }
    if (user[2] === '/role' && m === 'PUT') {
      const input = await readJson(req, SetRoleInput)
      store.setRole(id, input.workspace, input.role)
      return (ok(res, store.userView(id)), true)
    }
    if (user[2] === '/sessions' && m === 'DELETE') return (ok(res, { revoked: sessions.revokeWhere((d) => d.userId === id) }), true)
  }
  sendError(res, { code: 'NOT_FOUND', message: `no route ${m} ${p}` })
  return true
}
