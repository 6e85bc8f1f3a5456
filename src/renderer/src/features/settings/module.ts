import { lazyPage, type RendererModule } from '../../app/module'

export const settingsModule: RendererModule = {
  area: 'settings',
  page: lazyPage(() => import('./SettingsPage'), 'SettingsPage'),
  invalidations: { 'workspace:changed': null }
}
