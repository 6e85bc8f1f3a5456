import { z } from 'zod'

/**
 * Team workspaces (serve --team): the JSON bodies of the sign-in, account and team routes under /api/auth, /api/me and
 * /api/team. These are server-level (one team store per server), so they are plain routes, not contract channels.
 */
export const TEAM_ROLES = ['viewer', 'editor', 'admin'] as const
export const TeamRole = z.enum(TEAM_ROLES)

export const UserName = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dot, dash and underscore')
export const Password = z.string().min(10, 'at least 10 characters').max(512)
export const WorkspaceSlug = z
  .string()
  .trim()
  .min(1, 'name the workspace')
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')

export const LoginInput = z.strictObject({
  name: z.string().trim().min(1, 'enter your user name').max(64),
  password: z.string().min(1, 'enter your password').max(512),
  workspace: WorkspaceSlug.optional()
})

export const Preferences = z.strictObject({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** A dashboard uid opened after sign-in instead of the overview; null: the overview. */
  homeDashboard: z.string().max(200).nullable().default(null),
  /** Which pushed notices show: all, only alerts that fire, or none. */
  notifications: z.enum(['all', 'firing', 'off']).default('all')
})
export type Preferences = z.infer<typeof Preferences>

export const Membership = z.object({ workspace: z.string(), title: z.string(), role: TeamRole })

export const UserView = z.object({
  id: z.number(),
  name: z.string(),
  displayName: z.string(),
  serverAdmin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.number(),
  memberships: z.array(Membership)
})
export type UserView = z.infer<typeof UserView>

/** GET /api/auth/state: which sign-in this server uses, and who is signed in (team mode). */
export const AuthState = z.object({
  mode: z.enum(['token', 'team']),
  user: UserView.nullable(),
  workspace: z.string().nullable(),
  role: TeamRole.nullable(),
  preferences: Preferences.nullable()
})
export type AuthState = z.infer<typeof AuthState>

export const CreateUserInput = z.strictObject({
  name: UserName,
  displayName: z.string().trim().min(1).max(100).optional(),
  password: Password,
  serverAdmin: z.boolean().default(false),
  memberships: z
    .array(z.strictObject({ workspace: WorkspaceSlug, role: TeamRole }))
    .max(100)
    .default([])
})

export const UpdateUserInput = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  disabled: z.boolean().optional(),
  password: Password.optional(),
  serverAdmin: z.boolean().optional()
})

export const SetRoleInput = z.strictObject({ workspace: WorkspaceSlug, role: TeamRole.nullable() })

export const ChangePasswordInput = z.strictObject({ current: z.string().min(1).max(512), next: Password })

export const TOKEN_SCOPES = ['read', 'write'] as const
export const CreateTokenInput = z.strictObject({
  name: z.string().trim().min(1, 'name the token').max(100),
  /** read: queries only; write: the queries and commands the user's role allows. */
  scope: z.enum(TOKEN_SCOPES),
  /** Days until it expires (1–365); null: never. */
  expiresInDays: z.number().int().min(1).max(365).nullable().default(90)
})

export const TokenView = z.object({
  id: z.number(),
  name: z.string(),
  hint: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  expiresAt: z.number().nullable(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable()
})
export type TokenView = z.infer<typeof TokenView>

export const CreateWorkspaceInput = z.strictObject({ slug: WorkspaceSlug, title: z.string().trim().min(1).max(100) })
export const WorkspaceView = z.object({ slug: z.string(), title: z.string(), createdAt: z.number(), members: z.number() })
export type WorkspaceView = z.infer<typeof WorkspaceView>

export const SwitchWorkspaceInput = z.strictObject({ workspace: WorkspaceSlug })

/** The header a personal token names its workspace with (optional when its user belongs to one workspace). */
export const WORKSPACE_HEADER = 'x-console-workspace'
