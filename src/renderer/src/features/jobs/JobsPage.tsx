import { AREAS } from '../../../../shared/areas'
import type { JobView } from '../../../../shared/contract'
import { href } from '../../app/router'
import { JobProgress } from '../../components/JobProgress'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { call } from '../../lib/client'
import { formatMs } from '../../lib/format'
import { isActiveJob } from '../../lib/jobs'
import { useChannel } from '../../lib/queries'

type Row = Omit<JobView, 'result'>

const areaLabel = (id: string): string => AREAS.find((a) => a.id === id)?.label ?? id

const STATE_TEXT: Record<Row['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted'
}

/** #/jobs: every area's long work (imports, evaluations, drift runs), running first, then the recent ones. */
export function JobsPage() {
  const jobs = useChannel('jobs:list', { state: 'all', limit: 200 }, { refetchInterval: 10_000 })
  const active = (jobs.data ?? []).filter((j) => isActiveJob(j.state))
  const finished = (jobs.data ?? []).filter((j) => !isActiveJob(j.state))
  return (
    <div className="page">
      <PageHeader
        title="Jobs"
        subtitle="Imports, evaluations and runs of every area: progress, cancel, and what happened to the recent ones."
      />
      {jobs.isLoading && <Loading what="jobs" />}
      {jobs.error && <ErrorNotice error={jobs.error} title="Could not load the jobs" />}
      <section className="card">
        <h2>Running and queued</h2>
        {active.length === 0 ? (
          <p className="muted">
            Nothing is running. Imports (Models, Drift, Costs), evaluations and drift runs appear here while they work.
          </p>
        ) : (
          <ul className="job-list">
            {active.map((j) => (
              <li key={j.jobId}>
                <JobTitle job={j} />
                <JobProgress job={j} label={`${j.title} progress`} onCancel={() => void call('jobs:cancel', { id: j.jobId })} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>Recent</h2>
        {jobs.data && finished.length === 0 ? (
          <EmptyState title="No finished jobs yet">
            Import a bill in <a href={href('/costs/import')}>Costs</a>, an MLflow store in <a href={href('/models/import')}>Models</a> or a
            dataset in <a href={href('/drift/datasets/import')}>Drift</a>: each runs as a job and is listed here.
          </EmptyState>
        ) : (
          <table className="table jobs-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Area</th>
                <th>State</th>
                <th>Ended</th>
                <th className="num">Took</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {finished.map((j) => (
                <tr key={j.jobId}>
                  <td>
                    <JobTitle job={j} />
                  </td>
                  <td>{areaLabel(j.area)}</td>
                  <td>
                    <span className={`badge job-${j.state}`}>{STATE_TEXT[j.state]}</span>
                  </td>
                  <td>
                    <TimeAgo at={j.endedAt} />
                  </td>
                  <td className="num">{j.startedAt && j.endedAt ? formatMs(j.endedAt - j.startedAt) : '—'}</td>
                  <td className="small">{j.error ?? j.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}

function JobTitle({ job }: { job: Row }) {
  return job.route ? <a href={href(job.route)}>{job.title}</a> : <span>{job.title}</span>
}
