import { z } from 'zod'
import { dashboardsChannels } from '../../../shared/contract/dashboards'
import { whoActs } from '../../core/actor'
import { defineModule } from '../../core/module'
import type { SettingsDef } from '../../core/settings'
import { DashboardsService } from './service'

const DashboardsSettings = z.object({ provisionFolder: z.string().nullable() })
export const dashboardsSettings: SettingsDef<typeof DashboardsSettings> = {
  key: 'dashboards',
  schema: DashboardsSettings,
  defaults: { provisionFolder: null }
}

/** Dashboards: panels drawing from every area through its narrow port, versions, files and snapshots. */
export const dashboardsModule = defineModule({
  id: 'dashboards',
  channels: dashboardsChannels,
  emits: ['dashboards:changed', 'dashboards:provisioned'],
  settings: dashboardsSettings,
  create: ({ db, clock, bus, ports, logger, settings }) =>
    new DashboardsService({
      db,
      clock,
      bus,
      logger,
      folder: {
        read: () => settings.read(dashboardsSettings).provisionFolder,
        write: (provisionFolder) => settings.write(dashboardsSettings, { provisionFolder }, clock.now())
      },
      files: { services: ports.get('healthFiles'), alerts: ports.get('alertsFiles'), features: ports.get('featuresFiles') },
      ports: {
        health: ports.get('healthViews'),
        alerts: ports.get('alerts'),
        drift: ports.get('driftReader'),
        costs: ports.get('costs'),
        models: ports.get('modelsTables'),
        metrics: ports.get('metrics'),
        logs: ports.get('logsQueries')
      }
    }),
  provides: (d) => ({ dashboardPanelSources: { setExtensionPanels: (p) => (d.extensionPanels = p) } }),
  handlers: (d) => ({
    'dashboards:list': () => d.list(),
    'dashboards:get': ({ uid }) => d.get(uid),
    'dashboards:save': (input, meta) => d.save({ ...input, author: whoActs(input.author, meta.caller) }),
    'dashboards:delete': ({ uid }) => d.delete(uid),
    'dashboards:panelData': (input) => d.panelData(input),
    'dashboards:variableOptions': ({ kind }) => d.variableOptions(kind),
    'dashboards:extensionSources': () => d.extensionPanels?.sources() ?? [],
    'dashboards:versions': ({ uid }) => d.versions(uid),
    'dashboards:version': ({ uid, version }) => d.version(uid, version),
    'dashboards:diff': ({ uid, a, b }) => d.diff(uid, a, b),
    'dashboards:restore': ({ uid, version, baseVersion, author }, meta) =>
      d.restore(uid, version, baseVersion, whoActs(author, meta.caller)),
    'dashboards:export': ({ uid }) => d.exportFile(uid),
    'dashboards:import': ({ json, author }, meta) => d.importFile(json, whoActs(author, meta.caller)),
    'dashboards:snapshot': ({ uid, expiresInDays, vars }) => d.snapshot(uid, expiresInDays, vars),
    'dashboards:provisioning': () => d.provisioning(),
    'dashboards:setProvisioning': ({ folder }) => d.setProvisioning(folder),
    'dashboards:provisionNow': () => d.provisionNow(),
    'dashboards:provisionedFrom': ({ kind, object }) => d.provisionedFrom(kind, object),
    'dashboards:exportFolder': ({ folder }) => d.exportFolder(folder)
  }),
  start: (d, { startPollers }) => startPollers && d.start(),
  stop: (d) => d.stop(),
  palette: (d) => (q, limit) => d.palette(q, limit)
})
