import { channels, isChannelName, type ChannelName } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Caller, Role } from '../core/caller'

/**
 * Who may call which channel: the one place the role policy lives. Derived from each channel's kind, plus two explicit
 * lists. viewer: every query, and the commands in VIEWER_COMMANDS; editor: every command except ADMIN_COMMANDS;
 * admin: everything. dispatch() applies it to every call that carries a caller, whatever the transport.
 */

/** Commands a viewer may call: they record that someone looked, and change no configuration. */
export const VIEWER_COMMANDS: ReadonlySet<ChannelName> = new Set<ChannelName>([
  // the issue: a viewer "reads and acknowledges alerts"
  'alerts:acknowledge'
])

/** Commands only an admin may call: secrets and credentials, code that runs on the server, the workspace file itself. */
export const ADMIN_COMMANDS: ReadonlySet<ChannelName> = new Set<ChannelName>([
  // notification destinations, log and metric sources, deploy targets: their inputs carry secrets (roles.test.ts checks
  // that every command with a secret-like field is listed here)
  'alerts:createChannel',
  'alerts:updateChannel',
  'alerts:deleteChannel',
  'logs:createSource',
  'logs:updateSource',
  'logs:deleteSource',
  'metrics:saveSource',
  'metrics:deleteSource',
  'mlops:saveTarget',
  'mlops:deleteTarget',
  // jobs are commands the server runs; extensions are code it loads
  'mlops:saveJob',
  'mlops:importMlproject',
  'mlops:deleteJob',
  'extensions:install',
  'extensions:enable',
  'extensions:disable',
  'extensions:uninstall',
  'extensions:setSettings',
  // an extension's setting values include its secrets (writeOnly values)
  'extensions:setSettingsOf',
  // runs the server's tools (kubectl, docker, cloud CLIs) to look at the machine
  'discovery:scan',
  // machine tokens (CI deploy markers, probe agents)
  'testing:createToken',
  'testing:revokeToken',
  // a folder on the server that configures the workspace (its alert destinations take secrets from the server's
  // environment), and writing the configuration out to the server's disk
  'dashboards:setProvisioning',
  'dashboards:exportFolder',
  // the workspace file and the server's limits
  'workspace:rename',
  'workspace:backup',
  'workspace:restore',
  'system:setResourceLimits'
])

/** The lowest role that may call a channel. */
export function requiredRole(channel: ChannelName): Role {
  if (channels[channel].kind === 'query' || VIEWER_COMMANDS.has(channel)) return 'viewer'
  return ADMIN_COMMANDS.has(channel) ? 'admin' : 'editor'
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 }
export const roleAtLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed]

/** The FORBIDDEN error for a caller whose role is too low for a channel, or null when the call may go ahead. */
export function roleRefusal(caller: Caller, channel: ChannelName): AppError | null {
  const needed = requiredRole(channel)
  if (roleAtLeast(caller.role, needed)) return null
  return new AppError(
    'FORBIDDEN',
    `${channel} needs the ${needed} role in workspace ${caller.workspace}; ${caller.name} is ${caller.role === 'admin' ? 'an' : 'a'} ${caller.role} there`
  )
}

/** Personal token scopes: read calls queries only; write calls what the user's role allows. */
export type TokenScope = 'read' | 'write'
export function scopeRefusal(scope: TokenScope, channel: string): AppError | null {
  if (scope === 'write' || !isChannelName(channel) || channels[channel].kind === 'query') return null
  return new AppError('FORBIDDEN', `${channel} changes state: this token has the read scope (queries only)`)
}
