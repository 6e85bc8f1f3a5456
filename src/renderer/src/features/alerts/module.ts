import { lazyPage, type RendererModule } from '../../app/module'

export const alertsModule: RendererModule = {
  area: 'alerts',
  page: lazyPage(() => import('./AlertsArea'), 'AlertsArea'),
  invalidations: {
    'alerts:changed': ['alerts:list', 'alerts:get', 'alerts:deliveries'],
    'alerts:config': ['alerts:rules', 'alerts:channels', 'alerts:silences', 'alerts:list'],
    'notify:desktop': []
  },
  actions: [{ title: 'New alert rule', subtitle: 'Alerts: watch a signal and notify', route: '/alerts/rules/new' }]
}
