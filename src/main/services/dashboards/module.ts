import { dashboardsChannels } from '../../../shared/contract/dashboards'
import { defineModule } from '../../core/module'
import { DashboardsService } from './service'

/** Dashboards: panels drawing from every area through its narrow port, versions, files and snapshots. */
export const dashboardsModule = defineModule({
  id: 'dashboards',
  channels: dashboardsChannels,
  emits: ['dashboards:changed'],
  create: ({ db, clock, bus, ports }) =>
    new DashboardsService({
      db,
      clock,
      bus,
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
  handlers: (d) => ({
    'dashboards:list': () => d.list(),
    'dashboards:get': ({ uid }) => d.get(uid),
    'dashboards:save': (input) => d.save(input),
    'dashboards:delete': ({ uid }) => d.delete(uid),
    'dashboards:panelData': (input) => d.panelData(input),
    'dashboards:variableOptions': ({ kind }) => d.variableOptions(kind),
    'dashboards:versions': ({ uid }) => d.versions(uid),
    'dashboards:version': ({ uid, version }) => d.version(uid, version),
    'dashboards:diff': ({ uid, a, b }) => d.diff(uid, a, b),
    'dashboards:restore': ({ uid, version, baseVersion, author }) => d.restore(uid, version, baseVersion, author),
    'dashboards:export': ({ uid }) => d.exportFile(uid),
    'dashboards:import': ({ json, author }) => d.importFile(json, author),
    'dashboards:snapshot': ({ uid, expiresInDays, vars }) => d.snapshot(uid, expiresInDays, vars)
  }),
  palette: (d) => (q, limit) => d.palette(q, limit)
})
