import { lazyPage, type RendererModule } from '../../app/module'

export const costsModule: RendererModule = {
  area: 'costs',
  page: lazyPage(() => import('./CostsPage'), 'CostsPage'),
  invalidations: {
    'costs:budget': ['costs:budgets', 'costs:summary'],
    'costs:reportSent': ['costs:schedules']
  },
  actions: [{ title: 'Import a cloud bill', subtitle: 'Costs: FOCUS CSV or Parquet, other layouts by mapping', route: '/costs/import' }]
}
