import { lazyPage, type RendererModule } from '../../app/module'

export const dashboardsModule: RendererModule = {
  area: 'dashboards',
  page: lazyPage(() => import('./DashboardsPage'), 'DashboardsPage'),
  invalidations: {
    'dashboards:changed': [
      'dashboards:list',
      'dashboards:get',
      'dashboards:versions',
      'dashboards:provisioning',
      'dashboards:provisionedFrom'
    ],
    'dashboards:provisioned': ['dashboards:provisioning', 'dashboards:provisionedFrom']
  },
  throttleMs: { 'dashboards:changed': 500 },
  actions: [
    { title: 'New dashboard', subtitle: 'Dashboards: panels from every area', route: '/dashboards/new' },
    { title: 'Import a dashboard', subtitle: 'Dashboards: a JSON file, or Grafana classic JSON', route: '/dashboards/import' },
    { title: 'TV mode', subtitle: 'Dashboards: full screen, cycling every dashboard', route: '/dashboards/tv' }
  ]
}
