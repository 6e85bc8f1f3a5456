import type { App } from '../app'
import { APP_NAME, APP_VERSION } from '../core/version'
import type { HandlersFor } from './types'

export const systemHandlers = (app: App): HandlersFor<'system:info' | 'system:health' | 'system:ping' | 'palette:search'> => ({
  'system:info': () => ({
    name: APP_NAME,
    version: APP_VERSION,
    mode: app.mode,
    platform: process.platform,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    startedAt: app.startedAt,
    secrets: { kind: app.secrets.kind, description: app.secrets.description }
  }),
  'system:health': () => app.selfHealth(),
  'system:ping': ({ payload }) => ({ payload, receivedAt: app.clock.now() }),
  'palette:search': ({ query, limit }) => app.palette.search(query, limit)
})
