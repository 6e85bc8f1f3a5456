import { lazyPage, type RendererModule } from '../../app/module'

export const optimizeModule: RendererModule = {
  area: 'optimize',
  page: lazyPage(() => import('./OptimizePage'), 'OptimizePage'),
  invalidations: {
    'optimize:changed': ['optimize:studies', 'optimize:study', 'optimize:intermediate', 'optimize:importances', 'optimize:compare']
  },
  throttleMs: { 'optimize:changed': 500 },
  actions: [{ title: 'Import an Optuna study', subtitle: 'Optimisation: an Optuna SQLite storage or journal file', route: '/optimize' }]
}
