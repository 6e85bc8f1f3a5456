import crypto from 'node:crypto'
import path from 'node:path'
import type { Role } from '../core/caller'
import { inTransaction, openDatabase, type Db } from '../db/open'
import { migrate } from '../db/migrate'
import { AppError } from '../../shared/errors'
import { Preferences, type TokenView, type UserView, type WorkspaceView } from '../../shared/team'
import { DEFAULT_COST, dummyHash, hashPassword, verifyPassword, type ScryptCost } from './passwords'
import { TEAM_MIGRATIONS } from './migrations'

/** A user row as the server checks it on every request. */
export interface TeamUser {
  id: number
  name: string
  displayName: string
  serverAdmin: boolean
  disabled: boolean
}

export interface TokenOwner {
  user: TeamUser
  tokenId: number
  scope: 'read' | 'write'
}

interface UserRow {
  id: number
  name: string
  display_name: string
  password_hash: string
  server_admin: number
  disabled: number
  created_at: number
}

const toUser = (r: UserRow): TeamUser => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  serverAdmin: r.server_admin === 1,
  disabled: r.disabled === 1
})

const TOKEN_PREFIX = 'ccu_'
const tokenDigest = (token: string): string => crypto.createHash('sha256').update(token).digest('base64url')
/** Whether a bearer value looks like a personal token (so other tokens are not looked up here). */
export const isPersonalToken = (token: string): boolean => token.startsWith(TOKEN_PREFIX)

/**
 * The team store (DIR/team.db): users with scrypt password hashes, workspaces, memberships with a role each, personal
 * API tokens (sha-256 only) and preferences. Workspace data lives in DIR/workspaces/<slug>.db, not here.
 */
export class TeamStore {
  readonly db: Db
  private dummy: Promise<string> | null = null

  constructor(
    readonly dir: string,
    private now: () => number = Date.now,
    private cost: ScryptCost = DEFAULT_COST
  ) {
    const file = path.join(dir, 'team.db')
    this.db = openDatabase(file)
    migrate(this.db, file, TEAM_MIGRATIONS, now)
  }

  workspaceFile(slug: string): string {
    return path.join(this.dir, 'workspaces', `${slug}.db`)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  userCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
  }

  // ── users ──

  async createUser(input: {
    name: string
    displayName?: string | undefined
    password: string
    serverAdmin?: boolean
    memberships?: { workspace: string; role: Role }[]
  }): Promise<TeamUser> {
    const hash = await hashPassword(input.password, this.cost)
    return inTransaction(this.db, () => {
      if (this.db.prepare('SELECT 1 FROM users WHERE name = ?').get(input.name))
        throw new AppError('CONFLICT', `name: a user named ${input.name} exists already`, 'name')
      const id = Number(
        this.db
          .prepare('INSERT INTO users (name, display_name, password_hash, server_admin, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(input.name, input.displayName ?? input.name, hash, input.serverAdmin ? 1 : 0, this.now()).lastInsertRowid
      )
      for (const m of input.memberships ?? []) this.setRole(id, m.workspace, m.role)
      return this.user(id)!
    })
  }

  user(id: number): TeamUser | null {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return r ? toUser(r) : null
  }

  /** The user whose name and password these are, or null; an unknown name costs a hash too (no timing difference). */
  async checkPassword(name: string, password: string): Promise<TeamUser | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined
    if (!r) {
      this.dummy ??= dummyHash(this.cost)
      await verifyPassword(password, await this.dummy)
      return null
    }
    return (await verifyPassword(password, r.password_hash)) ? toUser(r) : null
  }

  async updateUser(
    id: number,
    patch: {
      displayName?: string | undefined
      disabled?: boolean | undefined
      password?: string | undefined
      serverAdmin?: boolean | undefined
    }
  ): Promise<TeamUser> {
    const hash = patch.password !== undefined ? await hashPassword(patch.password, this.cost) : undefined
    return inTransaction(this.db, () => {
      const user = this.user(id)
      if (!user) throw new AppError('NOT_FOUND', `no user ${id}`)
      if ((patch.disabled === true || patch.serverAdmin === false) && user.serverAdmin && this.activeAdmins() <= 1)
        throw new AppError('CONFLICT', 'this is the last active server admin: make another user admin first')
      const set = (col: string, v: unknown): void => void this.db.prepare(`UPDATE users SET ${col} = ? WHERE id = ?`).run(v, id)
      if (patch.displayName !== undefined) set('display_name', patch.displayName)
      if (patch.disabled !== undefined) set('disabled', patch.disabled ? 1 : 0)
      if (patch.serverAdmin !== undefined) set('server_admin', patch.serverAdmin ? 1 : 0)
      if (hash !== undefined) set('password_hash', hash)
      return this.user(id)!
    })
  }

  private activeAdmins(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users WHERE server_admin = 1 AND disabled = 0').get() as { n: number }).n
  }

  listUsers(): UserView[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]
    return rows.map((r) => this.view(toUser(r), r.created_at))
  }

  userView(id: number): UserView | null {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return r ? this.view(toUser(r), r.created_at) : null
  }

  private view(u: TeamUser, createdAt: number): UserView {
    return { ...u, createdAt, memberships: this.memberships(u) }
  }

  // ── workspaces and roles ──

  createWorkspace(slug: string, title: string): void {
    const done = this.db.prepare('INSERT OR IGNORE INTO workspaces (slug, title, created_at) VALUES (?, ?, ?)').run(slug, title, this.now())
    if (done.changes === 0) throw new AppError('CONFLICT', `slug: a workspace ${slug} exists already`, 'slug')
  }

  listWorkspaces(): WorkspaceView[] {
    return this.db
      .prepare(
        `SELECT w.slug, w.title, w.created_at AS createdAt, (SELECT count(*) FROM memberships m WHERE m.workspace = w.slug) AS members
         FROM workspaces w ORDER BY w.slug`
      )
      .all() as WorkspaceView[]
  }

  hasWorkspace(slug: string): boolean {
    return this.db.prepare('SELECT 1 FROM workspaces WHERE slug = ?').get(slug) !== undefined
  }

  /** Sets (or with null removes) a user's role in a workspace. */
  setRole(userId: number, workspace: string, role: Role | null): void {
    if (!this.hasWorkspace(workspace)) throw new AppError('NOT_FOUND', `workspace: no workspace ${workspace}`, 'workspace')
    if (role === null) this.db.prepare('DELETE FROM memberships WHERE user_id = ? AND workspace = ?').run(userId, workspace)
    else
      this.db
        .prepare('INSERT INTO memberships (user_id, workspace, role) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role')
        .run(userId, workspace, role)
  }

  /** The workspaces a user may open, with the role there (a server admin: every workspace, as admin). */
  memberships(user: Pick<TeamUser, 'id' | 'serverAdmin'>): { workspace: string; title: string; role: Role }[] {
    if (user.serverAdmin) return this.listWorkspaces().map((w) => ({ workspace: w.slug, title: w.title, role: 'admin' as Role }))
    return this.db
      .prepare(
        `SELECT m.workspace, w.title, m.role FROM memberships m JOIN workspaces w ON w.slug = m.workspace
         WHERE m.user_id = ? ORDER BY m.workspace`
      )
      .all(user.id) as { workspace: string; title: string; role: Role }[]
  }

  /** The user's role in a workspace, or null when they are not a member (or it does not exist). */
  roleIn(user: Pick<TeamUser, 'id' | 'serverAdmin'>, workspace: string): Role | null {
    return this.memberships(user).find((m) => m.workspace === workspace)?.role ?? null
  }

  // ── personal API tokens ──

  createToken(
    userId: number,
    input: { name: string; scope: 'read' | 'write'; expiresInDays: number | null }
  ): { token: string; view: TokenView } {
    const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url')
    const t = this.now()
    const expiresAt = input.expiresInDays === null ? null : t + input.expiresInDays * 86_400_000
    const id = Number(
      this.db
        .prepare('INSERT INTO api_tokens (user_id, name, token_hash, hint, scope, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(userId, input.name, tokenDigest(token), `…${token.slice(-4)}`, input.scope, expiresAt, t).lastInsertRowid
    )
    return { token, view: this.listTokens(userId).find((v) => v.id === id)! }
  }

  listTokens(userId: number): TokenView[] {
    return this.db
      .prepare(
        `SELECT id, name, hint, scope, expires_at AS expiresAt, created_at AS createdAt, last_used_at AS lastUsedAt,
                revoked_at AS revokedAt FROM api_tokens WHERE user_id = ? ORDER BY id DESC`
      )
      .all(userId) as TokenView[]
  }

  revokeToken(userId: number, id: number): void {
    const done = this.db
      .prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL')
      .run(this.now(), id, userId)
    if (done.changes === 0) throw new AppError('NOT_FOUND', `no live token ${id} of yours`)
  }

  /** The owner of a live personal token (not revoked, not expired, user enabled), or null. */
  tokenOwner(token: string): TokenOwner | null {
    const row = this.db
      .prepare('SELECT id, user_id, scope, expires_at, revoked_at FROM api_tokens WHERE token_hash = ?')
      .get(tokenDigest(token)) as
      { id: number; user_id: number; scope: 'read' | 'write'; expires_at: number | null; revoked_at: number | null } | undefined
    const t = this.now()
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= t)) return null
    const user = this.user(row.user_id)
    if (!user || user.disabled) return null
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(t, row.id)
    return { user, tokenId: row.id, scope: row.scope }
  }

  // ── preferences ──

  preferences(userId: number): Preferences {
    const row = this.db.prepare('SELECT json FROM preferences WHERE user_id = ?').get(userId) as { json: string } | undefined
    const parsed = Preferences.safeParse(row ? JSON.parse(row.json) : {})
    return parsed.success ? parsed.data : Preferences.parse({})
  }

  setPreferences(userId: number, prefs: Preferences): Preferences {
    this.db
      .prepare('INSERT INTO preferences (user_id, json) VALUES (?, ?) ON CONFLICT DO UPDATE SET json = excluded.json')
      .run(userId, JSON.stringify(prefs))
    return prefs
  }
}
