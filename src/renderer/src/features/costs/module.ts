import { lazyPage, type RendererModule } from '../../app/module'

export const costsModule: RendererModule = {
  area: 'costs',
  page: lazyPage(() => import('./CostsPage'), 'CostsPage'),
  invalidations: {
    'costs:budget': ['costs:budgets', 'costs:summary'],
    'costs:reportSent': ['costs:schedules']
  },
  actions: [
    { title: 'Import a cloud bill', subtitle: 'Costs: FOCUS CSV or Parquet, other layouts by mapping', route: '/costs/import' },
    { title: 'Budgets', subtitle: 'Costs: budgets, their status and alerts', route: '/costs/budgets' },
    { title: 'Cost reports', subtitle: 'Costs: reports, PDF and schedules', route: '/costs/reports' },
    { title: 'Savings recommendations', subtitle: 'Costs: idle resources, fast growth, untagged spend', route: '/costs/savings' }
  ]
}
