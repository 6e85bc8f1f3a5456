import { lazyPage, type RendererModule } from '../../app/module'
import type { ChannelName } from '../../../../shared/contract'

/** Health data a finished check can change. */
const HEALTH_DATA: ChannelName[] = [
  'health:overview',
  'services:get',
  'health:series',
  'health:incidents',
  'health:results',
  'health:usage'
]

/** The health feature serves two areas: the overview and the services. */
export const overviewModule: RendererModule = {
  area: 'overview',
  page: lazyPage(() => import('./OverviewPage'), 'OverviewPage')
}

export const servicesModule: RendererModule = {
  area: 'services',
  page: lazyPage(() => import('./ServicesPage'), 'ServicesPage'),
  invalidations: {
    'health:changed': HEALTH_DATA,
    'health:config': [...HEALTH_DATA, 'maintenance:list', 'statusPages:list', 'health:export', 'health:getSettings']
  },
  throttleMs: { 'health:changed': 1000 },
  actions: [
    { title: 'Add a service', subtitle: 'Services: a new service with its checks', route: '/services/new' },
    { title: 'Maintenance windows', subtitle: 'Services: planned downtime that pauses alerts', route: '/services/maintenance' },
    { title: 'Status pages', subtitle: 'Services: public read-only pages for chosen services', route: '/services/status' }
  ]
}
