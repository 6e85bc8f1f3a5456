import type { CheckView } from '../../../../shared/contract'
import { ErrorNotice } from '../../components/States'
import { formatMs } from '../../lib/format'
import { useCommand } from '../../lib/queries'

const AFTER_RUN = ['services:get', 'health:results', 'health:series', 'health:incidents', 'health:overview'] as const

/** Check now, pause and resume one check, with the outcome of the manual run. */
export function CheckActions({ check }: { check: CheckView }) {
  const run = useCommand('checks:run', [...AFTER_RUN])
  const pause = useCommand('checks:pause', ['services:get', 'health:overview'])
  const resume = useCommand('checks:resume', ['services:get', 'health:overview'])
  const error = run.error ?? pause.error ?? resume.error
  return (
    <div className="check-actions">
      <div className="actions">
        <button className="primary" onClick={() => run.mutate({ id: check.id })} disabled={run.isPending}>
          {run.isPending ? 'Checking…' : 'Check now'}
        </button>
        {check.paused ? (
          <button onClick={() => resume.mutate({ id: check.id })} disabled={resume.isPending}>
            Resume
          </button>
        ) : (
          <button onClick={() => pause.mutate({ id: check.id })} disabled={pause.isPending}>
            Pause
          </button>
        )}
      </div>
      {run.data && (
        <p className="small" role="status">
          Ran now: <span className={`pill ${run.data.status}`}>{run.data.status}</span> in {formatMs(run.data.latencyMs)}
          {run.data.error && <> — {run.data.error}</>}
        </p>
      )}
      {error && <ErrorNotice error={error} title="The action failed" />}
    </div>
  )
}
