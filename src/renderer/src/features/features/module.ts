import { lazyPage, type RendererModule } from '../../app/module'

export const featuresModule: RendererModule = {
  area: 'features',
  page: lazyPage(() => import('./FeaturesPage'), 'FeaturesPage'),
  invalidations: {
    'features:changed': [
      'features:views',
      'features:view',
      'features:trainingSets',
      'features:trainingSet',
      'features:statistics',
      'features:exportYaml'
    ]
  },
  throttleMs: { 'features:changed': 500 },
  actions: [
    { title: 'New feature view', subtitle: 'Features: a versioned view over a CSV/Parquet source', route: '/features/views/new' },
    {
      title: 'New training set',
      subtitle: 'Features: point-in-time correct features for an entity file',
      route: '/features/training-sets/new'
    },
    { title: 'Online lookup', subtitle: 'Features: feature vectors for a batch of entities', route: '/features/online' }
  ]
}
