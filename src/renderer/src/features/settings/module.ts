import { lazyPage, type RendererModule } from '../../app/module'

export const settingsModule: RendererModule = {
  area: 'settings',
  page: lazyPage(() => import('./SettingsArea'), 'SettingsArea'),
  invalidations: { 'workspace:changed': null, 'audit:recorded': ['audit:search'] },
  throttleMs: { 'audit:recorded': 1000 },
  actions: [{ title: 'Audit log', subtitle: 'Settings: who changed what, before and after', route: '/settings/audit' }]
}
