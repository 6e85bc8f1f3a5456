import { AppError, type Envelope } from '../../../shared/errors'
import type { AuthState, Preferences, TokenView, UserView, WorkspaceView } from '../../../shared/team'

/** Team mode's own routes (src/main/team/routes.ts): sign-in, account, users and workspaces. */
async function teamFetch<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  } catch (err) {
    throw new AppError('UNAVAILABLE', `the console service is not reachable (${(err as Error).message})`)
  }
  let envelope: Envelope<T>
  try {
    envelope = (await res.json()) as Envelope<T>
  } catch {
    throw new AppError('INTERNAL', `unexpected ${res.status} response from the console service`)
  }
  if (!envelope.ok) throw AppError.fromBody(envelope.error)
  return envelope.data
}

export const LOCAL_STATE: AuthState = { mode: 'token', user: null, workspace: null, role: null, preferences: null }

export const teamApi = {
  state: () => teamFetch<AuthState>('GET', '/api/auth/state'),
  login: (input: { name: string; password: string }) => teamFetch<AuthState>('POST', '/api/auth/login', input),
  logout: () => teamFetch<{ revoked: boolean }>('POST', '/api/auth/logout', {}),
  switchWorkspace: (workspace: string) => teamFetch<AuthState>('POST', '/api/session/workspace', { workspace }),
  savePreferences: (prefs: Preferences) => teamFetch<Preferences>('PUT', '/api/me/preferences', prefs),
  changePassword: (current: string, next: string) => teamFetch<{ changed: boolean }>('POST', '/api/me/password', { current, next }),
  tokens: () => teamFetch<TokenView[]>('GET', '/api/me/tokens'),
  createToken: (input: { name: string; scope: 'read' | 'write'; expiresInDays: number | null }) =>
    teamFetch<{ token: string; view: TokenView }>('POST', '/api/me/tokens', input),
  revokeToken: (id: number) => teamFetch<{ revoked: boolean }>('DELETE', `/api/me/tokens/${id}`),
  users: () => teamFetch<UserView[]>('GET', '/api/team/users'),
  createUser: (input: {
    name: string
    displayName?: string
    password: string
    serverAdmin: boolean
    memberships: { workspace: string; role: string }[]
  }) => teamFetch<UserView>('POST', '/api/team/users', input),
  updateUser: (id: number, patch: { disabled?: boolean; password?: string; displayName?: string; serverAdmin?: boolean }) =>
    teamFetch<UserView>('PATCH', `/api/team/users/${id}`, patch),
  setRole: (id: number, workspace: string, role: string | null) =>
    teamFetch<UserView>('PUT', `/api/team/users/${id}/role`, { workspace, role }),
  endSessions: (id: number) => teamFetch<{ revoked: number }>('DELETE', `/api/team/users/${id}/sessions`),
  workspaces: () => teamFetch<WorkspaceView[]>('GET', '/api/team/workspaces'),
  createWorkspace: (slug: string, title: string) => teamFetch<WorkspaceView>('POST', '/api/team/workspaces', { slug, title })
}
