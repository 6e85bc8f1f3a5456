import { lazyPage, type RendererModule } from '../../app/module'

const ALL = [
  'experiments:list',
  'experiments:get',
  'experiments:results',
  'experiments:timeseries',
  'experiments:power',
  'experiments:assign'
] as const

export const experimentsModule: RendererModule = {
  area: 'experiments',
  page: lazyPage(() => import('./ExperimentsPage'), 'ExperimentsPage'),
  invalidations: { 'experiments:changed': [...ALL], 'experiments:signal': ['experiments:list'] },
  throttleMs: { 'experiments:changed': 500 },
  actions: [
    { title: 'New experiment', subtitle: 'Experiments: an A/B test of model versions or a feature', route: '/experiments/new' },
    { title: 'Experiments', subtitle: 'Experiments: list with status, SRM and decision', route: '/experiments' }
  ]
}
