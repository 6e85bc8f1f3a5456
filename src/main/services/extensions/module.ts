import { extensionsChannels } from '../../../shared/contract/extensions'
import { defineModule } from '../../core/module'
import { matching } from '../../core/palette'
import { ExtensionsService } from './service'
import { extensionsSettings } from './settings'
import { extensionWebhookRoute } from './webhookRoute'
import type { RuntimeOptions } from './supervisor'

/** Extensions: installed from folders, archives or a catalogue, each run sandboxed in its own process. */
export const extensionsModule = defineModule({
  id: 'extensions',
  channels: extensionsChannels,
  emits: ['extensions:changed', 'extensions:signal'],
  settings: extensionsSettings,
  create: ({ db, clock, bus, logger, settings, secrets, ports, workspacePath, testHooks }) =>
    new ExtensionsService({
      db,
      clock,
      bus,
      logger,
      settings,
      health: ports.get('health'),
      checkKinds: ports.get('healthCheckKinds'),
      channelKinds: ports.get('alertChannelKinds'),
      workspacePath,
      secrets,
      ...(ports.has('deployMarkers') ? { deploys: ports.get('deployMarkers') } : {}),
      alerts: ports.get('alerts'),
      panelSources: ports.get('dashboardPanelSources'),
      costImporters: ports.get('costImporters'),
      ...(testHooks['extensionsRuntime'] ? { runtime: testHooks['extensionsRuntime'] as Partial<RuntimeOptions> } : {})
    }),
  handlers: (ext) => ({
    'extensions:list': () => ext.list(),
    'extensions:get': ({ id, logLimit }) => ext.get(id, logLimit),
    'extensions:inspect': ({ source }) => ext.inspect(source),
    'extensions:install': ({ token, grant, allowUnsigned }) => ext.install(token, grant, allowUnsigned),
    'extensions:enable': ({ id }) => ext.enable(id),
    'extensions:disable': ({ id }) => ext.disable(id),
    'extensions:uninstall': ({ id }) => ext.uninstall(id),
    'extensions:runCommand': ({ id, command }) => ext.runCommand(id, command),
    'extensions:catalogue': () => ext.catalogue(),
    'extensions:viewOpened': ({ area }) => ({ started: ext.activation.viewOpened(area) }),
    'extensions:getSettings': () => ext.getSettings(),
    'extensions:setSettings': (s) => ext.setSettings(s),
    'extensions:settingsOf': ({ id }) => ext.settingsOf(id),
    'extensions:setSettingsOf': ({ id, values }) => ext.setSettingsOf(id, values),
    'extensions:view': ({ id, view }) => ext.views.link(id, view),
    'extensions:viewCall': ({ id, view, method, params }) => ext.viewCall(id, view, method, params)
  }),
  httpRoutes: (ext) => [extensionWebhookRoute(ext)],
  publicRoutes: (ext) => [ext.views.route()],
  start: (ext) => ext.start(),
  stop: (ext) => ext.stop(),
  palette: (ext) => (q, limit) =>
    matching(
      ext.list(),
      q,
      limit,
      (e) => `${e.name} ${e.id} ${e.publisher}`,
      (e) => ({
        kind: 'extension',
        id: e.id,
        title: e.name,
        subtitle: `${e.publisher} · ${e.version} · ${e.status}`,
        route: `/extensions/${e.id}`
      })
    )
})
