import { lazyPage, type RendererModule } from '../../app/module'

export const settingsModule: RendererModule = {
  area: 'settings',
  page: lazyPage(() => import('./SettingsArea'), 'SettingsArea'),
  invalidations: {
    'workspace:changed': null,
    // settings shape what other views derive (anomaly sensitivity, retention, limits): refresh them all
    'workspace:settings': null,
    'audit:recorded': ['audit:search'],
    // workspace-wide: the top bar's avatars and every page's "also here"
    'presence:changed': ['presence:list']
  },
  throttleMs: { 'audit:recorded': 1000 },
  actions: [{ title: 'Audit log', subtitle: 'Settings: who changed what, before and after', route: '/settings/audit' }]
}
