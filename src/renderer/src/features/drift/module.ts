import { lazyPage, type RendererModule } from '../../app/module'

export const driftModule: RendererModule = {
  area: 'drift',
  page: lazyPage(() => import('./DriftPage'), 'DriftPage'),
  invalidations: {
    'drift:run': ['drift:checks', 'drift:check', 'drift:run', 'drift:datasets', 'drift:dataset'],
    'drift:detected': []
  },
  throttleMs: { 'drift:run': 1000 },
  actions: [
    { title: 'New drift check', subtitle: 'Drift: reference against current data on a schedule', route: '/drift/checks/new' },
    { title: 'Drift datasets', subtitle: 'Drift: reference and current datasets', route: '/drift/datasets' }
  ]
}
