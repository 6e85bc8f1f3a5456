import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { formatDuration } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { runPillProps } from './labels'

/** Runs (of one job, or all) with state, reason, duration, version and gate. */
export function RunsTable({ jobId, limit = 100 }: { jobId?: number; limit?: number }) {
  const runs = useChannel('mlops:runs', { ...(jobId ? { jobId } : {}), limit })
  if (runs.error) return <ErrorNotice error={runs.error} />
  if (!runs.data) return <Loading what="runs" />
  if (!runs.data.length)
    return <EmptyState title="No runs yet">Start a run from a job’s page, or add a trigger that starts one.</EmptyState>
  return (
    <table className="table" aria-label="Runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Job</th>
          <th>State</th>
          <th>Why it started</th>
          <th>Started</th>
          <th className="num">Duration</th>
          <th>Version</th>
          <th>Gate</th>
        </tr>
      </thead>
      <tbody>
        {runs.data.map((r) => (
          <tr key={r.id}>
            <td>
              <a href={href(`/mlops/runs/${r.id}`)}>#{r.id}</a>
            </td>
            <td>{r.jobName}</td>
            <td>
              <span {...runPillProps(r.state)} title={r.error ?? undefined} />
            </td>
            <td className="small">{r.reason}</td>
            <td>
              <TimeAgo at={r.startedAt ?? r.createdAt} />
            </td>
            <td className="num">{r.durationMs !== null ? formatDuration(r.durationMs) : '—'}</td>
            <td>{r.versionId ? <a href={href(`/models/version/${r.versionId}`)}>{r.versionLabel}</a> : '—'}</td>
            <td className="small">
              {r.gate ? (r.gate.passed ? `passed${r.gate.promoted ? ` → ${r.gate.promoted}` : ''}` : 'stopped') : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
