import { z } from 'zod'
import { command, query, viewEvent } from './define'

/** queued → running → done | failed | cancelled; a job running when the console stopped is `interrupted` at the next start. */
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const
export const JobState = z.enum(JOB_STATES)
export type JobState = z.infer<typeof JobState>
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'running']

/** Progress with one shape for every kind of job: `done` of `total` (null while unknown) `unit`s. */
export const JobProgress = z.object({
  jobId: z.string(),
  kind: z.string(),
  area: z.string(),
  title: z.string(),
  state: JobState,
  done: z.number(),
  total: z.number().nullable(),
  unit: z.string(),
  message: z.string().optional(),
  at: z.number()
})
export type JobProgress = z.infer<typeof JobProgress>

export const JobView = JobProgress.omit({ at: true }).extend({
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  error: z.string().nullable(),
  /** Where the job's outcome is shown in the UI. */
  route: z.string().nullable(),
  /** The job's answer once it is done (an import report, an evaluation id …), as JSON. */
  result: z.unknown().optional()
})
export type JobView = z.infer<typeof JobView>

/** What a command that starts long work answers at once: the job to follow with `jobs:get` and `job:progress`. */
export const JobStarted = z.object({ jobId: z.string(), state: JobState })
export type JobStarted = z.infer<typeof JobStarted>

export const jobsChannels = {
  'jobs:list': query(
    'Running and queued jobs, then the most recent finished ones',
    z
      .strictObject({
        area: z.string().max(40).optional(),
        state: z.enum(['active', 'finished', 'all']).default('all'),
        limit: z.int().min(1).max(500).default(100)
      })
      .optional(),
    z.array(JobView.omit({ result: true }))
  ),
  'jobs:get': query('One job with its progress, error and result', z.strictObject({ id: z.string().min(1).max(64) }), JobView),
  'jobs:cancel': command(
    'Cancel a queued or running job',
    z.strictObject({ id: z.string().min(1).max(64) }),
    z.object({ cancelled: z.boolean(), state: JobState })
  )
} as const

export const jobsEvents = {
  'job:progress': viewEvent(JobProgress)
} as const
