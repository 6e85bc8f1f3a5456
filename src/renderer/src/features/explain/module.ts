import { lazyPage, type RendererModule } from '../../app/module'

export const explainModule: RendererModule = {
  area: 'explain',
  page: lazyPage(() => import('./ExplainPage'), 'ExplainPage'),
  invalidations: {
    'explain:changed': [
      'explain:list',
      'explain:get',
      'explain:beeswarm',
      'explain:dependence',
      'explain:row',
      'explain:compare',
      'explain:endpoints'
    ]
  },
  throttleMs: { 'explain:changed': 500 },
  actions: [
    { title: 'New explanation', subtitle: 'Explainability: SHAP values of a version over a data file', route: '/explain/new' },
    { title: 'Explain one row', subtitle: 'Explainability: SHAP values of one prediction', route: '/explain/row' }
  ]
}
