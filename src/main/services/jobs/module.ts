import { jobsChannels } from '../../../shared/contract/jobs'
import { defineModule } from '../../core/module'

/** The Jobs area's service side: every area's long work runs on the one job model (core/jobs.ts); this lists and cancels it. */
export const jobsModule = defineModule({
  id: 'jobs',
  channels: jobsChannels,
  emits: ['job:progress'],
  create: ({ jobs }) => jobs,
  handlers: (jobs) => ({
    'jobs:list': (input) => jobs.list({ area: input?.area, state: input?.state ?? 'all', limit: input?.limit ?? 100 }),
    'jobs:get': ({ id }) => jobs.get(id),
    'jobs:cancel': ({ id }) => jobs.cancel(id)
  }),
  stop: (jobs) => jobs.stop()
})
