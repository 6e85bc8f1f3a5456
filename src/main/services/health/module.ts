import { healthChannels } from '../../../shared/contract/health'
import { defineModule } from '../../core/module'
import { HealthService, type RunCheck } from './service'
import { healthSettings } from './settings'
import { statusRoutes } from './statusRoutes'

/** Health monitoring: services and their checks, the poller, results and rollups, incidents, maintenance, YAML config. */
export const healthModule = defineModule({
  id: 'health',
  channels: healthChannels,
  emits: ['health:changed', 'health:config', 'health:regions'],
  settings: healthSettings,
  create: ({ db, clock, bus, logger, pollers, settings, testHooks }) =>
    new HealthService({
      db,
      clock,
      bus,
      logger,
      pollers,
      settings,
      ...(testHooks.runCheck ? { runCheck: testHooks.runCheck as RunCheck } : {})
    }),
  provides: (health) => ({
    health: health.reader(),
    healthChecks: health.checksPort(),
    healthCheckKinds: health.checkKindsPort(),
    healthFiles: health.filesPort(),
    healthViews: { overview: () => health.overview(), series: (input) => health.series(input) }
  }),
  handlers: (health, { clock }) => ({
    'health:overview': () => health.overview(),
    'health:regions': () => health.regions(),
    'services:get': ({ id }) => health.serviceDetail(id),
    'services:create': (input) => health.createService(input),
    'services:update': (input) => health.updateService(input),
    'services:replace': (input) => health.replaceService(input),
    'services:delete': ({ id }) => health.deleteService(id),
    'checks:create': ({ serviceId, ...check }) => health.createCheck(serviceId, check),
    'checks:update': ({ id, ...check }) => health.updateCheck(id, check),
    'checks:delete': ({ id }) => health.deleteCheck(id),
    'checks:run': ({ id }) => health.runNow(id),
    'checks:test': ({ config }, ctx) => health.testCheck(config, ctx?.signal),
    'checks:pause': (target) => ({ paused: health.setPaused(target, true) }),
    'checks:resume': (target) => ({ resumed: health.setPaused(target, false) }),
    'health:series': (input) => health.series(input),
    'health:incidents': (input) => health.queries.incidents(input, clock.now()),
    'health:results': ({ checkId, limit, before }) => {
      health.assertExists('check', checkId)
      return health.queries.results(checkId, limit, before)
    },
    'health:usage': ({ from, to }) => health.usage(from, to),
    'health:export': () => ({ yaml: health.exportYaml() }),
    'health:import': ({ yaml, mode, dryRun }) => health.importYaml(yaml, mode, dryRun),
    'maintenance:list': (input) => health.maintenanceList(input?.serviceId),
    'maintenance:create': (input) => health.createMaintenance(input),
    'maintenance:update': (input) => health.updateMaintenance(input),
    'maintenance:delete': ({ id }) => health.deleteMaintenance(id),
    'statusPages:list': () => health.statusPages.list(),
    'statusPages:save': (input) => health.statusPages.save(input),
    'statusPages:delete': ({ id }) => health.statusPages.delete(id),
    'statusPages:addNote': (input) => health.statusPages.addNote(input),
    'statusPages:deleteNote': ({ id }) => health.statusPages.deleteNote(id),
    'statusPages:preview': ({ id }) => health.statusPages.preview(id),
    'health:getSettings': () => health.getSettings(),
    'health:setSettings': (patch) => health.setSettings(patch)
  }),
  publicRoutes: (health, { clock }) => statusRoutes(health.statusPages, clock),
  start: (health, { bus, startPollers }) => {
    bus.on('workspace:changed', (e) => {
      if (e.reason === 'restored') health.reload()
    })
    if (startPollers) health.start()
  },
  stop: (health) => health.stop(),
  palette: (health) => (q, limit) =>
    health
      .directory()
      .services.filter((s) => !q || s.name.toLowerCase().includes(q) || s.environment.toLowerCase().includes(q))
      .slice(0, limit)
      .map((s) => ({ kind: 'service', id: String(s.id), title: s.name, subtitle: s.environment, route: `/services/${s.id}` }))
})
