import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { ROLES, type Role } from '../core/caller'
import { CreateUserInput, Password, WorkspaceSlug } from '../../shared/team'
import type { AppOptions } from '../app'
import { WorkspaceRegistry } from './registry'
import { TeamStore } from './store'

/** The first workspace of a new team server. */
export const DEFAULT_WORKSPACE = { slug: 'default', title: 'Default' }

/** The team folder: --team DIR, else CONSOLE_TEAM_DIR; undefined when neither is given. */
export const teamDirFrom = (flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined => {
  const dir = flag ?? env.CONSOLE_TEAM_DIR
  return dir ? path.resolve(dir) : undefined
}

/** Opens (or creates) a team folder and its workspaces; a new folder gets the default workspace. */
export function openTeam(dir: string, appOptions: Omit<AppOptions, 'workspacePath'>): { store: TeamStore; registry: WorkspaceRegistry } {
  fs.mkdirSync(path.join(dir, 'workspaces'), { recursive: true })
  const store = new TeamStore(dir)
  if (store.listWorkspaces().length === 0) store.createWorkspace(DEFAULT_WORKSPACE.slug, DEFAULT_WORKSPACE.title)
  const registry = new WorkspaceRegistry(store, appOptions)
  registry.openAll()
  return { store, registry }
}

/** What serve prints when nobody can sign in yet. */
export const FIRST_ADMIN_HINT = (dir: string): string =>
  `No users yet. Create the first admin (the password is read from CONSOLE_TEAM_PASSWORD, else from standard input):\n` +
  `  control-console team add-user --team ${dir} --name admin --admin`

/** `--member slug:role`, checked. */
export function parseMember(text: string): { workspace: string; role: Role } {
  const [slug, role] = text.split(':')
  if (!slug || !role || !(ROLES as readonly string[]).includes(role))
    throw new Error(`--member ${text}: give WORKSPACE:ROLE, the role one of ${ROLES.join(', ')}`)
  const parsed = WorkspaceSlug.safeParse(slug)
  if (!parsed.success) throw new Error(`--member ${text}: ${parsed.error.issues[0]!.message}`)
  return { workspace: parsed.data, role: role as Role }
}

/** The password: CONSOLE_TEAM_PASSWORD, else the first line of standard input (piped, or typed and Enter). */
async function readPassword(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<string> {
  if (env.CONSOLE_TEAM_PASSWORD) return env.CONSOLE_TEAM_PASSWORD
  const lines = readline.createInterface({ input: stdin, terminal: false })
  try {
    for await (const line of lines) return line
    return ''
  } finally {
    lines.close()
  }
}

/** `control-console team add-user --team DIR --name NAME [--admin] [--member slug:role]…`: run on the server itself. */
export async function teamCommand(
  sub: string | undefined,
  values: { team?: string | undefined; name?: string | undefined; admin?: boolean | undefined; member?: string[] | undefined },
  env: NodeJS.ProcessEnv,
  stdin: NodeJS.ReadableStream,
  out: (line: string) => void
): Promise<number> {
  const dir = teamDirFrom(values.team, env)
  if (!dir) throw new Error('team needs --team DIR (or CONSOLE_TEAM_DIR): the folder serve --team uses')
  if (sub !== 'add-user') throw new Error(`team ${sub ?? ''}: the one subcommand is add-user`)
  if (!values.name) throw new Error('team add-user needs --name NAME')
  const password = await readPassword(env, stdin)
  const checked = Password.safeParse(password)
  if (!checked.success) throw new Error(`password: ${checked.error.issues[0]!.message}`)
  fs.mkdirSync(path.join(dir, 'workspaces'), { recursive: true })
  const store = new TeamStore(dir)
  try {
    if (store.listWorkspaces().length === 0) store.createWorkspace(DEFAULT_WORKSPACE.slug, DEFAULT_WORKSPACE.title)
    const input = CreateUserInput.safeParse({
      name: values.name,
      password,
      serverAdmin: Boolean(values.admin),
      memberships: (values.member ?? []).map(parseMember)
    })
    if (!input.success) throw new Error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const user = await store.createUser(input.data)
    out(`Added ${user.name}${user.serverAdmin ? ' (server admin: admin in every workspace)' : ''} to ${dir}`)
    return 0
  } finally {
    store.close()
  }
}
