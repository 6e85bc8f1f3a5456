import { lazyPage, type RendererModule } from '../../app/module'

export const mlopsModule: RendererModule = {
  area: 'mlops',
  page: lazyPage(() => import('./MlopsPage'), 'MlopsPage'),
  invalidations: {
    'mlops:changed': [
      'mlops:jobs',
      'mlops:job',
      'mlops:triggers',
      'mlops:runs',
      'mlops:run',
      'mlops:sweeps',
      'mlops:targets',
      'mlops:deployments',
      'mlops:lineage'
    ],
    'mlops:log': ['mlops:log'],
    'job:progress': ['mlops:runs', 'mlops:run']
  },
  throttleMs: { 'mlops:log': 500, 'mlops:changed': 300 },
  actions: [
    { title: 'New MLOps job', subtitle: 'MLOps: a training job with parameters, retries and a promotion gate', route: '/mlops/new' },
    { title: 'Deployment targets', subtitle: 'MLOps: live model updates and their history', route: '/mlops/deployments' }
  ]
}
