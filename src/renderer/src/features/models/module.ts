import { lazyPage, type RendererModule } from '../../app/module'

export const modelsModule: RendererModule = {
  area: 'models',
  page: lazyPage(() => import('./ModelsPage'), 'ModelsPage'),
  invalidations: {
    'models:changed': [
      'models:list',
      'models:get',
      'models:versions',
      'models:version',
      'models:runs',
      'models:table',
      'models:compare',
      'models:evaluations'
    ]
  },
  actions: [
    { title: 'New model', subtitle: 'Models: register a model', route: '/models/new' },
    { title: 'Import from MLflow', subtitle: 'Models: an mlruns folder, mlflow.db or a metric table', route: '/models/import' },
    { title: 'Compare runs and versions', subtitle: 'Models: pick runs or versions and compare their metrics', route: '/models/compare' }
  ]
}
