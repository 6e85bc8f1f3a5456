import type http from 'node:http'
import type { z } from 'zod'
import type { App } from '../app'
import type { Caller } from '../core/caller'
import type { RouteCaller } from '../core/httpRoutes'
import { AppError } from '../../shared/errors'
import { AuthState, WORKSPACE_HEADER } from '../../shared/team'
import { validationError } from '../transport/dispatch'
import { cookieValue, readBody, sendError } from '../transport/respond'
import { FailedAttempts, SessionStore, type AttemptLimits, type SessionLimits } from '../transport/sessions'
import type { WorkspaceRegistry } from './registry'
import type { TokenScope } from './roles'
import { isPersonalToken, type TeamStore, type TeamUser } from './store'

/** A browser session on a team server: who signed in, and the workspace they are working in. */
export interface TeamSession {
  userId: number
  workspace: string
}

/** Who a request on a team server comes from, and the workspace it goes to. */
export interface TeamAccess {
  app: App
  workspace: string
  /** The user (session or personal token); null for an area's scoped token (probe, deploy), which calls routes only. */
  caller: Caller | null
  scope: TokenScope
  /** The area token's caller, when the request carries one. */
  areaToken: RouteCaller | null
  sessionKey: string | null
}

export interface TeamOptions {
  store: TeamStore
  registry: WorkspaceRegistry
  sessions?: SessionLimits
  /** Failed sign-ins allowed per account and per client address within the window (default 5 per 5 minutes). */
  loginAttempts?: AttemptLimits
}

export const TEAM_COOKIE = 'cc_team_session'
const JSON_LIMIT = 64 * 1024

/** Reads a JSON body and parses it with a schema; a bad body is a VALIDATION error naming the field. */
export async function readJson<S extends z.ZodType>(req: http.IncomingMessage, schema: S): Promise<z.output<S>> {
  if ((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json')
    throw new AppError('VALIDATION', 'send the input as Content-Type: application/json', 'content-type')
  const text = (await readBody(req, JSON_LIMIT)).toString('utf8')
  let value: unknown
  try {
    value = text.trim() === '' ? {} : JSON.parse(text)
  } catch (err) {
    throw new AppError('VALIDATION', `input: body is not valid JSON (${(err as Error).message})`, 'input')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw validationError(parsed.error)
  return parsed.data
}

/**
 * Team mode's sign-in: password login with rate limits per account and per address, sessions bound to a user and a
 * workspace, personal tokens, and the role each request carries into dispatch as `meta.caller`.
 */
export class TeamGate {
  readonly sessions: SessionStore<TeamSession>
  readonly byClient: FailedAttempts
  readonly byAccount: FailedAttempts

  constructor(
    readonly store: TeamStore,
    readonly registry: WorkspaceRegistry,
    opts: Pick<TeamOptions, 'sessions' | 'loginAttempts'>,
    now: () => number,
    private secure: boolean
  ) {
    this.sessions = new SessionStore<TeamSession>(opts.sessions, now)
    const limits = { max: 5, windowMs: 5 * 60_000, ...opts.loginAttempts }
    this.byClient = new FailedAttempts({ ...limits, max: limits.max * 4 }, now)
    this.byAccount = new FailedAttempts(limits, now)
  }

  cookie(id: string, maxAgeS: number): string {
    return `${TEAM_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeS}${this.secure ? '; Secure' : ''}`
  }

  newSessionCookie(client: string, data: TeamSession): string {
    return this.cookie(this.sessions.create(client, data), Math.floor(this.sessions.maxAgeMs / 1000))
  }

  /** The signed-in session of a request (user enabled, still a member of its workspace), or null. */
  session(req: http.IncomingMessage): { key: string; user: TeamUser; data: TeamSession } | null {
    const key = this.sessions.use(cookieValue(req.headers.cookie, TEAM_COOKIE))
    const data = key ? this.sessions.data(key) : undefined
    if (!key || !data) return null
    const user = this.store.user(data.userId)
    if (!user || user.disabled) {
      this.sessions.revoke(cookieValue(req.headers.cookie, TEAM_COOKIE))
      return null
    }
    return { key, user, data }
  }

  state(user: TeamUser | null, workspace: string | null): AuthState {
    if (!user) return { mode: 'team', user: null, workspace: null, role: null, preferences: null }
    return {
      mode: 'team',
      user: this.store.userView(user.id),
      workspace,
      role: workspace ? this.store.roleIn(user, workspace) : null,
      preferences: this.store.preferences(user.id)
    }
  }

  /** Milliseconds until this client or account may try to sign in again, or 0. */
  loginWait(client: string, account: string): number {
    return Math.max(this.byClient.retryAfter(client), this.byAccount.retryAfter(account.toLowerCase()))
  }

  loginFailed(client: string, account: string): void {
    this.byClient.fail(client)
    this.byAccount.fail(account.toLowerCase())
  }

  /**
   * Who the request comes from and which workspace's App answers it. Answers 401/403/429 itself and returns null when
   * the request may not go on.
   */
  authenticate(req: http.IncomingMessage, res: http.ServerResponse, client: string): TeamAccess | null {
    const auth = req.headers.authorization
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined
    const named = req.headers[WORKSPACE_HEADER]
    const header = typeof named === 'string' && named ? named : undefined
    if (bearer === undefined) {
      const s = this.session(req)
      if (!s) {
        const had = cookieValue(req.headers.cookie, TEAM_COOKIE)
        sendError(res, {
          code: 'UNAUTHORIZED',
          message: had
            ? 'your session has expired or was ended: sign in again'
            : 'not signed in: sign in on the console page, or send Authorization: Bearer <personal token>'
        })
        return null
      }
      return this.access(res, s.user, s.data.workspace, 'write', s.key)
    }
    const wait = this.byClient.retryAfter(client)
    if (wait > 0) {
      sendError(
        res,
        { code: 'UNAUTHORIZED', message: `too many wrong tokens from ${client}: try again in ${Math.ceil(wait / 1000)} s` },
        429,
        {
          'retry-after': String(Math.ceil(wait / 1000))
        }
      )
      return null
    }
    if (isPersonalToken(bearer)) {
      const owner = this.store.tokenOwner(bearer)
      if (!owner) {
        this.byClient.fail(client)
        sendError(res, { code: 'UNAUTHORIZED', message: 'this personal token is unknown, expired or revoked, or its user is disabled' })
        return null
      }
      const workspaces = this.store.memberships(owner.user)
      const workspace = header ?? (workspaces.length === 1 ? workspaces[0]!.workspace : undefined)
      if (!workspace) {
        sendError(res, {
          code: 'VALIDATION',
          message: `name the workspace with the ${WORKSPACE_HEADER} header (you are a member of ${workspaces.map((w) => w.workspace).join(', ') || 'none'})`,
          field: WORKSPACE_HEADER
        })
        return null
      }
      return this.access(res, owner.user, workspace, owner.scope, null)
    }
    // an area's scoped token (probe agents, CI deploy markers) of one workspace
    const slugs = this.store.listWorkspaces().map((w) => w.slug)
    const workspace = header ?? (slugs.length === 1 ? slugs[0] : undefined)
    const app = workspace ? this.registry.get(workspace) : null
    const areaToken = app?.scopedToken(bearer) ?? null
    if (!app || !areaToken) {
      this.byClient.fail(client)
      sendError(res, {
        code: 'UNAUTHORIZED',
        message: `wrong token: send a personal token (ccu_…), or a probe or deploy token with the ${WORKSPACE_HEADER} header naming its workspace`
      })
      return null
    }
    return { app, workspace: workspace!, caller: null, scope: 'write', areaToken, sessionKey: null }
  }

  private access(
    res: http.ServerResponse,
    user: TeamUser,
    workspace: string,
    scope: TokenScope,
    sessionKey: string | null
  ): TeamAccess | null {
    const role = this.store.roleIn(user, workspace)
    const app = role ? this.registry.get(workspace) : null
    if (!role || !app) {
      sendError(res, { code: 'FORBIDDEN', message: `${user.name} is not a member of workspace ${workspace}` })
      return null
    }
    return { app, workspace, caller: { userId: user.id, name: user.displayName, role, workspace }, scope, areaToken: null, sessionKey }
  }
}
