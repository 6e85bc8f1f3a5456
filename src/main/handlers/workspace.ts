import type { App } from '../app'
import type { HandlersFor } from './types'

type WorkspaceChannels =
  'workspace:info' | 'workspace:tables' | 'workspace:rename' | 'workspace:backups' | 'workspace:backup' | 'workspace:restore'

export const workspaceHandlers = (app: App): HandlersFor<WorkspaceChannels> => ({
  'workspace:info': () => app.workspace.info(),
  'workspace:tables': () => app.workspace.tables(),
  'workspace:rename': ({ name }) => app.workspace.rename(name),
  'workspace:backups': () => app.workspace.listBackups(),
  'workspace:backup': ({ destination }) => app.workspace.backup(destination),
  'workspace:restore': ({ source }) => app.workspace.restore(source)
})
