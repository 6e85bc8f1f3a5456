import os from 'node:os'
import { systemChannels, workspaceChannels } from '../../../shared/contract/system'
import { consoleHealth } from '../../core/health'
import { defineModule } from '../../core/module'
import { RESOURCE_LIMITS } from '../../core/selfMonitor'
import { APP_NAME, APP_VERSION } from '../../core/version'
import { WorkspaceService } from './service'

/** The OS account name; '' where the OS cannot say (a container without a passwd entry). */
const osUser = (): string => {
  try {
    return os.userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? ''
  }
}

/** The workspace file (info, backup, restore) and the console itself (info, health, palette search). */
export const workspaceModule = defineModule({
  id: 'workspace',
  channels: { ...systemChannels, ...workspaceChannels },
  emits: ['workspace:changed', 'workspace:settings'],
  /** The limits at which the console's own health warns (read and written by core/selfMonitor.ts). */
  settings: RESOURCE_LIMITS,
  create: ({ db, workspacePath, clock, bus, nativeBinding }) =>
    new WorkspaceService({ db, file: workspacePath, clock, bus, ...(nativeBinding ? { nativeBinding } : {}) }),
  provides: (workspace) => ({ workspace: workspace.backupsPort() }),
  handlers: (workspace, { mode, clock, db, pollers, palette, secrets, monitor }) => ({
    'system:info': () => ({
      name: APP_NAME,
      version: APP_VERSION,
      mode,
      platform: process.platform,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      startedAt: workspace.startedAt,
      user: osUser(),
      secrets: { kind: secrets.kind, description: secrets.description }
    }),
    'system:health': () => consoleHealth(db, pollers, clock.now(), monitor),
    'system:resources': (input) => ({
      now: monitor.read(),
      samples: monitor.history(clock.now() - (input?.hours ?? 24) * 3_600_000),
      limits: monitor.limits(),
      intervalMs: monitor.intervalMs
    }),
    'system:setResourceLimits': (patch) => monitor.setLimits(patch),
    'system:ping': ({ payload }) => ({ payload, receivedAt: clock.now() }),
    'palette:search': ({ query, limit }) => palette.search(query, limit),
    'workspace:info': () => workspace.info(),
    'workspace:tables': () => workspace.tables(),
    'workspace:rename': ({ name }) => workspace.rename(name),
    'workspace:backups': () => workspace.listBackups(),
    'workspace:backup': ({ destination }) => workspace.backup(destination),
    'workspace:restore': ({ source }) => workspace.restore(source)
  })
})
