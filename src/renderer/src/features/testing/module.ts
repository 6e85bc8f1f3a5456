import { lazyPage, type RendererModule } from '../../app/module'

const TESTING_QUERIES = [
  'testing:loadTests',
  'testing:loadTest',
  'testing:loadRun',
  'testing:scanTargets',
  'testing:scanTarget',
  'testing:scan',
  'testing:deploys',
  'testing:suites',
  'testing:suite',
  'testing:suiteRun',
  'testing:tokens',
  'testing:probes',
  'testing:proxies',
  'testing:breakerTests',
  'testing:breakerTest',
  'testing:drills',
  'testing:drill'
] as const

export const testingModule: RendererModule = {
  area: 'testing',
  page: lazyPage(() => import('./TestingPage'), 'TestingPage'),
  invalidations: {
    'testing:changed': [...TESTING_QUERIES, 'health:regions'],
    'health:regions': ['health:regions']
  },
  throttleMs: { 'testing:changed': 500, 'health:regions': 2000 },
  actions: [
    { title: 'New load test', subtitle: 'Testing: open or closed model, k6 thresholds', route: '/testing/load/new' },
    { title: 'Scan a service', subtitle: 'Testing: TLS, headers, CORS, exposed paths, redirects', route: '/testing/scans/new' },
    { title: 'Record a deploy', subtitle: 'Testing: a deploy marker, verified by the service’s suite', route: '/testing/deploys' },
    { title: 'Run a recovery drill', subtitle: 'Testing: back up, restore into a scratch file, verify', route: '/testing/drills' }
  ]
}
