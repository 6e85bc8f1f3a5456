import { lazyPage, type RendererModule } from '../../app/module'

/** Extensions: the installed list, each extension's page and log, the catalogue and the permission prompt. */
export const extensionsModule: RendererModule = {
  area: 'extensions',
  page: lazyPage(() => import('./ExtensionsPage'), 'ExtensionsPage'),
  invalidations: {
    'extensions:changed': ['extensions:list', 'extensions:get', 'extensions:catalogue', 'extensions:getSettings'],
    'discovery:changed': ['discovery:results']
  },
  throttleMs: { 'extensions:changed': 500 },
  actions: [
    { title: 'Browse the extension catalogue', subtitle: 'Extensions: install and update', route: '/extensions/catalogue' },
    { title: 'Install an extension from a file', subtitle: 'Extensions: folder, .tgz or .zip', route: '/extensions/install' },
    {
      title: 'Find tools on this machine',
      subtitle: 'Extensions: kubectl, docker, MLflow, Prometheus, cloud CLIs',
      route: '/extensions/tools'
    }
  ]
}
