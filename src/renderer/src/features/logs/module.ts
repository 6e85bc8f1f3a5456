import { lazyPage, type RendererModule } from '../../app/module'

export const logsModule: RendererModule = {
  area: 'logs',
  page: lazyPage(() => import('./LogsPage'), 'LogsPage'),
  invalidations: {
    'logs:ingested': ['logs:issues', 'logs:status'],
    'logs:issue': ['logs:issues', 'logs:issue'],
    'logs:sources': ['logs:sources', 'logs:storage']
  },
  throttleMs: { 'logs:ingested': 2000 },
  actions: [
    { title: 'Search logs', subtitle: 'Logs: LogQL or words', route: '/logs' },
    { title: 'Live tail', subtitle: 'Logs: new lines as they arrive', route: '/logs/tail' },
    { title: 'Add a log source', subtitle: 'Logs: tail files, push, or connect a Loki', route: '/logs/sources/new' },
    { title: 'Error issues', subtitle: 'Logs: errors grouped by fingerprint', route: '/logs/errors' }
  ]
}
