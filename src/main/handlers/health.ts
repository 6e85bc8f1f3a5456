import type { App } from '../app'
import type { HandlersFor } from './types'

type HealthChannels =
  | 'health:overview'
  | 'services:get'
  | 'services:create'
  | 'services:update'
  | 'services:replace'
  | 'services:delete'
  | 'checks:create'
  | 'checks:update'
  | 'checks:delete'
  | 'checks:run'
  | 'checks:pause'
  | 'checks:resume'
  | 'health:series'
  | 'health:incidents'
  | 'health:results'
  | 'health:usage'
  | 'health:export'
  | 'health:import'
  | 'maintenance:list'
  | 'maintenance:create'
  | 'maintenance:delete'
  | 'health:getSettings'
  | 'health:setSettings'

export const healthHandlers = ({ health, clock }: App): HandlersFor<HealthChannels> => ({
  'health:overview': () => health.overview(),
  'services:get': ({ id }) => health.serviceDetail(id),
  'services:create': (input) => health.createService(input),
  'services:update': (input) => health.updateService(input),
  'services:replace': (input) => health.replaceService(input),
  'services:delete': ({ id }) => health.deleteService(id),
  'checks:create': ({ serviceId, ...check }) => health.createCheck(serviceId, check),
  'checks:update': ({ id, ...check }) => health.updateCheck(id, check),
  'checks:delete': ({ id }) => health.deleteCheck(id),
  'checks:run': ({ id }) => health.runNow(id),
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
  'maintenance:delete': ({ id }) => health.deleteMaintenance(id),
  'health:getSettings': () => health.getSettings(),
  'health:setSettings': (patch) => health.setSettings(patch)
})
