import { lazyPage, type RendererModule } from '../../app/module'

export const jobsModule: RendererModule = {
  area: 'jobs',
  page: lazyPage(() => import('./JobsPage'), 'JobsPage'),
  invalidations: { 'job:progress': ['jobs:list'] },
  throttleMs: { 'job:progress': 1000 }
}
