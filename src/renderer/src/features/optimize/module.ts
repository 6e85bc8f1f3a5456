import { lazyPage, type RendererModule } from '../../app/module'

export const optimizeModule: RendererModule = {
  area: 'optimize',
  page: lazyPage(() => import('./OptimizePage'), 'OptimizePage'),
  invalidations: {
    'optimize:changed': [
      'optimize:studies',
      'optimize:study',
      'optimize:intermediate',
      'optimize:importances',
      'optimize:compare',
      'optimize:ensembles',
      'optimize:ensemble',
      'optimize:variantComparisons',
      'optimize:variantComparison'
    ]
  },
  throttleMs: { 'optimize:changed': 500 },
  actions: [
    {
      title: 'Compare optimised variants',
      subtitle: 'Optimisation: quantised, pruned or distilled versus base, with a gate',
      route: '/optimize/variants'
    },
    {
      title: 'Build an ensemble',
      subtitle: 'Optimisation: blend registered versions by their holdout predictions',
      route: '/optimize/ensembles'
    },
    { title: 'Import an Optuna study', subtitle: 'Optimisation: an Optuna SQLite storage or journal file', route: '/optimize' }
  ]
}
