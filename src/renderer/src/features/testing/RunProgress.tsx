import { call } from '../../lib/client'
import { isActiveJob, useJob } from '../../lib/jobs'
import { JobProgress } from '../../components/JobProgress'

/** A running job's progress with a cancel button; nothing once it has ended. */
export function RunProgress({ jobId, label }: { jobId: string | null; label: string }) {
  const job = useJob(jobId)
  if (!jobId || (job && !isActiveJob(job.state))) return null
  return (
    <section className="card">
      <JobProgress job={job} label={label} onCancel={() => void call('jobs:cancel', { id: jobId })} />
    </section>
  )
}
