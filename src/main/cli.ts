import fs from 'node:fs'
import { parseArgs } from 'node:util'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp, type App } from './app'
import { setUpDemo } from './demo/command'
import { runProbe } from './probe/agent'
import { assertSafeForTests, resolveWorkspacePath, userDataDir } from './core/paths'
import { APP_NAME, APP_VERSION } from './core/version'
import { backupDirFor, backupName } from './db/backup'
import { WorkspaceTooNewError } from './db/migrate'
import { dataRootPolicy } from './transport/dataRoots'
import { JOB_DEFINING_CHANNELS } from '../shared/contract/mlops'
import { newToken, startHttpServer, type HttpOptions, type RunningServer } from './transport/http'
import { isLoopbackHost } from './transport/hosts'
import { assertStrongToken } from './transport/sessions'
import { FIRST_ADMIN_HINT, openTeam, teamCommand, teamDirFrom } from './team/cli'

const USAGE = `${APP_NAME} ${APP_VERSION}

Usage:
  control-console serve   [--port 4870] [--host 127.0.0.1] [--workspace FILE | --team DIR]
                          [--allow-remote [--allow-jobs]] [--data-root DIR]... [--tls-cert FILE --tls-key FILE] [--public-host NAME]...
  control-console demo    [--port 4870] [--workspace FILE]   (a local demo production + serve mode)
  control-console backup  [--workspace FILE] [--to FILE]
  control-console restore --from FILE [--workspace FILE]
  control-console probe   --server URL --token TOKEN --region NAME [--once] [--workspace SLUG]
                          (runs the workspace's checks from this machine; the token is a probe token from Testing → Probes;
                          --workspace names the workspace on a team server with several)
  control-console team add-user --team DIR --name NAME [--admin] [--member WORKSPACE:ROLE]...
                          (adds a user to a team server; the password comes from CONSOLE_TEAM_PASSWORD or standard input)

The workspace defaults to CONSOLE_WORKSPACE, else the OS user-data folder.
CONSOLE_TOKEN sets the API token (at least 32 characters); without it a random one is made.
--team DIR (or CONSOLE_TEAM_DIR) serves a team: users sign in with passwords, roles per workspace, several workspaces
(DIR/team.db and DIR/workspaces/<slug>.db); see docs/team.md.
--public-host accepts a name browsers use to reach the server (its LAN or DNS name); repeat it for several.

Files in serve mode:
  --allow-remote    exposes the console beyond this machine, so every path a request names (imports, file inspection,
                    evaluations, artifacts, backup and restore) must then lie inside a --data-root folder once symlinks
                    and '..' are resolved; without --data-root no request can read or write a file
  --data-root DIR   a folder whose files requests may read and write; repeat it for several. It also confines paths
                    without --allow-remote; loopback use without it is unrestricted, as on the desktop
  --allow-jobs      with --allow-remote, lets requests define or change MLOps jobs (the commands the console runs);
                    without it those channels are refused`

const here = path.dirname(fileURLToPath(import.meta.url))
const rendererDir = (): string => path.resolve(here, '../renderer')

const OPTIONS = {
  port: { type: 'string', default: '4870' },
  host: { type: 'string', default: '127.0.0.1' },
  workspace: { type: 'string' },
  'allow-remote': { type: 'boolean', default: false },
  'allow-jobs': { type: 'boolean', default: false },
  'data-root': { type: 'string', multiple: true },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'public-host': { type: 'string', multiple: true },
  to: { type: 'string' },
  from: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  region: { type: 'string' },
  once: { type: 'boolean', default: false },
  team: { type: 'string' },
  name: { type: 'string' },
  admin: { type: 'boolean', default: false },
  member: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false }
} as const

/** The options after the command (`serve --port 0 --data-root /srv/data`). */
export const parseOptions = (args: string[]) => parseArgs({ args, options: OPTIONS, strict: true }).values
type Values = ReturnType<typeof parseOptions>

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  // `team add-user …`: the subcommand comes before the options
  const sub = command === 'team' && rest[0] && !rest[0].startsWith('-') ? rest.shift() : undefined
  const values = parseOptions(rest)
  if (!command || values.help || command === 'help') {
    process.stdout.write(USAGE + '\n')
    return command ? 0 : 1
  }
  if (command === 'probe') {
    if (!values.server || !values.region) throw new Error('probe needs --server URL and --region NAME (and --token or CONSOLE_PROBE_TOKEN)')
    const token = values.token ?? process.env.CONSOLE_PROBE_TOKEN
    if (!token) throw new Error('probe needs --token TOKEN (or CONSOLE_PROBE_TOKEN): a probe token from Testing → Probes')
    const ac = new AbortController()
    process.once('SIGINT', () => ac.abort())
    process.once('SIGTERM', () => ac.abort())
    const pushed = await runProbe({
      server: values.server,
      token,
      region: values.region,
      workspace: values.workspace,
      once: values.once,
      signal: ac.signal
    })
    process.stdout.write(`probe ${values.region}: stopped after pushing ${pushed} results\n`)
    return 0
  }

  if (command === 'team') return teamCommand(sub, values, process.env, process.stdin, (l) => process.stdout.write(l + '\n'))

  const workspacePath = resolveWorkspacePath(values.workspace)
  assertSafeForTests(workspacePath)

  if (command === 'serve' || command === 'demo') {
    const { app, server } = await startServe(command, values, workspacePath)
    const stop = async (): Promise<void> => {
      await server.close()
      await app.close()
      process.exit(0)
    }
    process.once('SIGINT', () => void stop())
    process.once('SIGTERM', () => void stop())
    return new Promise<number>(() => {})
  }

  if (command === 'backup') {
    const app = createApp({ workspacePath, mode: 'serve' })
    try {
      const target = values.to ? path.resolve(values.to) : path.join(backupDirFor(workspacePath), backupName(workspacePath, new Date()))
      const result = await app.workspace.backup(target)
      process.stdout.write(`Backed up ${workspacePath} to ${result.path} (${result.sizeBytes} bytes, ${result.durationMs.toFixed(0)} ms)\n`)
      return 0
    } finally {
      await app.close()
    }
  }

  if (command === 'restore') {
    if (!values.from) throw new Error('restore needs --from FILE (a backup made by backup)')
    const app = createApp({ workspacePath, mode: 'serve' })
    try {
      const result = await app.workspace.restore(path.resolve(values.from))
      process.stdout.write(
        `Restored ${workspacePath} from ${result.restoredFrom} (integrity ok; previous state saved to ${result.safetyBackup})\n`
      )
      return 0
    } finally {
      await app.close()
    }
  }

  process.stderr.write(`unknown command ${command}\n\n${USAGE}\n`)
  return 1
}

/** Serve (or demo): the app and its HTTP server, with the network settings and data roots the flags ask for. */
export async function startServe(
  command: 'serve' | 'demo',
  values: Values,
  workspacePath: string
): Promise<{ app: App; server: RunningServer }> {
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: ${values.port} is not a port number`)
  const network = serveNetwork(values, process.env)
  for (const w of network.warnings) process.stderr.write(w + '\n')
  const demo = command === 'demo'
  const teamDir = command === 'serve' ? teamDirFrom(values.team, process.env) : undefined
  if (teamDir) return startTeamServe(teamDir, values, port, network.options)
  const file = demo && !values.workspace && !process.env.CONSOLE_WORKSPACE ? path.join(userDataDir(), 'demo.db') : workspacePath
  const app = createApp({ workspacePath: file, mode: 'serve' })
  const fleet = demo ? await setUpDemo(app) : null
  if (fleet) {
    process.stdout.write(`Demo production running on 127.0.0.1: ${fleet.services.map((s) => `${s.name} ${s.url}`).join(', ')}\n`)
    app.onClose(() => fleet.close())
  }
  const server = await startHttpServer({ app, host: values.host, port, staticDir: rendererDir(), ...network.options })
  process.stdout.write(`${APP_NAME} ${APP_VERSION} serving workspace ${file}\n`)
  const roots = network.options.dataRoots?.roots
  if (roots)
    process.stdout.write(
      roots.length
        ? `Files: only inside ${roots.join(', ')}\n`
        : 'Files: none (--allow-remote without --data-root: no request reads or writes a file)\n'
    )
  process.stdout.write(`Open ${server.openUrl}\n`)
  for (const u of server.publicUrls) process.stdout.write(`  or ${u}\n`)
  return { app, server }
}

/** serve --team DIR: every workspace of the team folder behind one sign-in. */
async function startTeamServe(
  dir: string,
  values: Values,
  port: number,
  network: ReturnType<typeof serveNetwork>['options']
): Promise<{ app: App; server: RunningServer }> {
  const { store, registry } = openTeam(dir, { mode: 'serve' })
  const app = registry.openAll()[0]!
  const server = await startHttpServer({ app, host: values.host, port, staticDir: rendererDir(), ...network, team: { store, registry } })
  app.onClose(async () => {
    for (const [, other] of registry.open()) if (other !== app) await other.close()
    store.close()
  })
  process.stdout.write(`${APP_NAME} ${APP_VERSION} serving the team in ${dir} (${registry.open().length} workspaces)\n`)
  if (store.userCount() === 0) process.stdout.write(FIRST_ADMIN_HINT(dir) + '\n')
  process.stdout.write(`Open ${server.openUrl}\n`)
  for (const u of server.publicUrls) process.stdout.write(`  or ${u}\n`)
  return { app, server }
}

interface NetworkFlags {
  host: string
  'allow-remote'?: boolean
  'allow-jobs'?: boolean
  'tls-cert'?: string
  'tls-key'?: string
  'public-host'?: string[]
  'data-root'?: string[]
}

/**
 * The token, TLS, host names and data roots serve mode runs with, and what to warn about; bad combinations are refused
 * with the reason. With --allow-remote (or any --data-root) every path a request names must lie inside a data root.
 */
export function serveNetwork(
  flags: NetworkFlags,
  env: NodeJS.ProcessEnv
): { options: Pick<HttpOptions, 'token' | 'tls' | 'publicHosts' | 'dataRoots' | 'locked'>; warnings: string[] } {
  const remote = !isLoopbackHost(flags.host)
  if (remote && !flags['allow-remote']) {
    throw new Error(`--host ${flags.host} is not a loopback address; add --allow-remote to expose the console on the network`)
  }
  if (env.CONSOLE_TOKEN) assertStrongToken(env.CONSOLE_TOKEN)
  if (Boolean(flags['tls-cert']) !== Boolean(flags['tls-key']))
    throw new Error('--tls-cert and --tls-key go together: give both files (PEM)')
  const read = (flag: 'tls-cert' | 'tls-key'): string => {
    try {
      return fs.readFileSync(flags[flag]!, 'utf8')
    } catch (err) {
      throw new Error(`--${flag} ${flags[flag]}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
    }
  }
  const tls = flags['tls-cert'] ? { cert: read('tls-cert'), key: read('tls-key') } : undefined
  const publicHosts = flags['public-host'] ?? []
  for (const h of publicHosts)
    if (!/^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(h))
      throw new Error(`--public-host ${h}: give a host name or address, optionally with :port`)
  const warnings: string[] = []
  if (remote && !tls) {
    const bar = '!'.repeat(78)
    warnings.push(
      `${bar}\nWARNING: serving on ${flags.host} over plain HTTP. The token, the session cookie and every answer cross the\n` +
        `network unencrypted: anyone on the path can read them and take over the console. Use --tls-cert and --tls-key\n` +
        `(or a TLS-terminating proxy in front), or keep the default --host 127.0.0.1.\n${bar}`
    )
  } else if (remote) {
    warnings.push(`WARNING: serving on ${flags.host}: anyone who can reach this address and has the token can use the console.`)
  }
  const folders = flags['data-root'] ?? []
  const dataRoots = flags['allow-remote'] || folders.length ? dataRootPolicy(folders) : undefined
  if (flags['allow-jobs'] && !flags['allow-remote'])
    throw new Error('--allow-jobs goes with --allow-remote (loopback use may define jobs without it)')
  const locked =
    flags['allow-remote'] && !flags['allow-jobs']
      ? {
          channels: new Set(JOB_DEFINING_CHANNELS),
          reason: 'defining or changing jobs over the network needs the server started with --allow-jobs'
        }
      : undefined
  return {
    options: { token: env.CONSOLE_TOKEN || newToken(), ...(tls ? { tls } : {}), publicHosts, dataRoots, ...(locked ? { locked } : {}) },
    warnings
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly || process.env.CONSOLE_CLI === '1') {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message = err instanceof WorkspaceTooNewError || err instanceof Error ? err.message : String(err)
      process.stderr.write(`error: ${message}\n`)
      process.exit(2)
    }
  )
}
