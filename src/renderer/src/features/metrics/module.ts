import { lazyPage, type RendererModule } from '../../app/module'

export const metricsModule: RendererModule = {
  area: 'metrics',
  page: lazyPage(() => import('./MetricsPage'), 'MetricsPage'),
  invalidations: {
    'metrics:changed': [
      'metrics:sources',
      'metrics:targets',
      'metrics:rules',
      'metrics:recommendations',
      'metrics:dashboard',
      'metrics:fleet',
      'metrics:query',
      'metrics:queryRange'
    ]
  },
  throttleMs: { 'metrics:changed': 2000 },
  actions: [
    { title: 'Explore metrics', subtitle: 'Metrics: run a PromQL query and forecast it', route: '/metrics/explore' },
    {
      title: 'Add a metric source',
      subtitle: 'Metrics: Prometheus, Mimir, Thanos, VictoriaMetrics or a /metrics endpoint',
      route: '/metrics/sources'
    },
    { title: 'Resource advice', subtitle: 'Metrics: over- and under-provisioned workloads, slow endpoints', route: '/metrics/advice' }
  ]
}
