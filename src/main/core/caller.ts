/**
 * Who makes a call. The desktop app and serve mode's single API token act as one local admin; in a team workspace
 * (serve mode with user accounts) it is the signed-in user or the owner of a personal API token, with their role there.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export interface Caller {
  /** The user's id in the team store; null for the local admin (desktop, or the single API token). */
  userId: number | null
  /** A name people recognise: the user's display name, or the operating-system user for the local admin. */
  name: string
  role: Role
  /** The workspace the call is made in (its slug on a team server; 'local' otherwise). */
  workspace: string
}

/** The caller of the desktop app and of serve mode's single-token mode. */
export const localAdmin = (name: string): Caller => ({ userId: null, name, role: 'admin', workspace: 'local' })
