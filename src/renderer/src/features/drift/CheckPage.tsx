import { useEffect, useMemo, useState } from 'react'
import type { EventPayload } from '../../../../shared/events'
import { href, navigate } from '../../app/router'
import { useResolvedTheme } from '../../app/theme'
import { Chart } from '../../components/Chart'
import { ConfirmButton } from '../../components/ConfirmButton'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { subscribe } from '../../lib/client'
import { formatDuration, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { buildScoreOption, DRIFT_COLORS } from './driftCharts'
import { formatShare } from './driftFormat'
import { RunReport } from './RunReport'
import { RunState } from './RunState'

type Progress = EventPayload<'drift:run'>

export function CheckPage({ id }: { id: number }) {
  const check = useChannel('drift:check', { id })
  const run = useCommand('drift:runCheck', ['drift:check', 'drift:checks'])
  const cancel = useCommand('drift:cancelRun', ['drift:check'])
  const del = useCommand('drift:deleteCheck', ['drift:checks'])
  const [progress, setProgress] = useState<Progress | null>(null)
  const theme = useResolvedTheme()

  useEffect(() => subscribe('drift:run', (p) => p.checkId === id && setProgress(p)), [id])
  const running = check.data?.runs.find((r) => r.state === 'running')
  const live = progress && progress.state === 'running' ? progress : null
  const runningId = live?.runId ?? running?.id ?? null

  const option = useMemo(
    () => (check.data ? buildScoreOption(check.data.runs, check.data.driftShare, DRIFT_COLORS[theme]) : null),
    [check.data, theme]
  )
  if (check.isPending) return <Loading what="check" />
  if (check.error) return <ErrorNotice error={check.error} />
  const c = check.data
  const latestDone = c.runs.find((r) => r.state === 'done')
  const doneRuns = c.runs.filter((r) => r.state === 'done').length
  return (
    <div className="page drift-page">
      <PageHeader
        title={c.name}
        subtitle={
          <>
            <span className="mono">{c.model || '—'}</span> version <span className="mono">{c.version || '—'}</span> · reference{' '}
            <a href={href(`/drift/datasets/${c.referenceId}`)}>{c.referenceName ?? '?'}</a> → current{' '}
            <a href={href(`/drift/datasets/${c.currentId}`)}>{c.currentName ?? '?'}</a> ·{' '}
            {c.schedule ? (
              <>
                <span className="mono">{c.schedule}</span> <span className="muted">({c.timezone})</span>
              </>
            ) : (
              'on demand'
            )}
            {c.nextRunAt && <> · next {formatTime(c.nextRunAt)}</>} · dataset drift at {formatShare(c.driftShare)}
          </>
        }
        actions={
          <>
            <a className="button" href={href('/drift')}>
              All checks
            </a>
            <a className="button" href={href(`/drift/checks/${id}/edit`)}>
              Edit
            </a>
            <ConfirmButton
              className="danger"
              question={`Delete the check “${c.name}” and its ${c.runs.length} runs?`}
              onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/drift') })}
            >
              Delete
            </ConfirmButton>
            {runningId !== null ? (
              <button onClick={() => cancel.mutate({ runId: runningId })} disabled={cancel.isPending}>
                Cancel run
              </button>
            ) : (
              <button
                className="primary"
                onClick={() =>
                  run.mutate(
                    { id },
                    {
                      onSuccess: (r) =>
                        setProgress({
                          checkId: id,
                          runId: r.runId,
                          jobId: r.jobId,
                          state: 'running',
                          done: 0,
                          total: null,
                          share: null,
                          at: Date.now(),
                          message: 'starting'
                        })
                    }
                  )
                }
                disabled={run.isPending}
              >
                Run now
              </button>
            )}
          </>
        }
      />
      {(run.error || cancel.error || del.error) && <ErrorNotice error={run.error ?? cancel.error ?? del.error} title="The action failed" />}
      {live && (
        <div className="card drift-progress" role="status" aria-live="polite">
          <div className="drift-progress-head">
            <strong>Running…</strong> <span className="muted">{live.message ?? ''}</span>
            <span className="muted">{live.total ? `${live.done} of ${live.total} columns` : ''}</span>
          </div>
          <progress max={live.total ?? 1} value={live.total ? live.done : undefined} aria-label="Run progress" />
        </div>
      )}
      {progress && progress.state !== 'running' && progress.state !== 'done' && (
        <p className={`notice ${progress.state === 'failed' ? 'notice-error' : ''}`} role="status">
          The last run {progress.state === 'failed' ? `failed: ${progress.message ?? ''}` : 'was cancelled.'}
        </p>
      )}
      {c.runs.length === 0 && !live && (
        <EmptyState
          title="This check has not run yet"
          action={
            <button className="primary" onClick={() => run.mutate({ id })}>
              Run now
            </button>
          }
        >
          {c.schedule
            ? `It runs on its schedule (${c.schedule}, ${c.timezone} time), or start it now.`
            : 'It has no schedule: start it by hand, or edit it to add one.'}
        </EmptyState>
      )}
      {doneRuns > 0 && option && (
        <section className="card">
          <h2>Drift score over time</h2>
          <Chart option={option} height={220} label="Share of drifted columns per run over time, with the drift_share threshold" />
        </section>
      )}
      {!option && latestDone && latestDone.share !== null && (
        <p className="muted drift-one-run">
          One run so far: drift score <strong>{formatShare(latestDone.share)}</strong> (the check flags the dataset at{' '}
          {formatShare(c.driftShare)}). The score is drawn over time from the second run.
        </p>
      )}
      {latestDone && (
        <section className="card">
          <div className="card-head">
            <h2>Latest run · {formatTime(latestDone.startedAt)}</h2>
            <a href={href(`/drift/runs/${latestDone.id}`)}>Open the full report</a>
          </div>
          <RunReport runId={latestDone.id} compact />
        </section>
      )}
      {c.runs.length > 0 && (
        <section className="card">
          <h2>History</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th>Run</th>
                <th>Started</th>
                <th>Trigger</th>
                <th>Took</th>
                <th className="num">Drift score</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {c.runs.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={href(`/drift/runs/${r.id}`)}>#{r.id}</a>
                  </td>
                  <td>{formatTime(r.startedAt)}</td>
                  <td>{r.trigger}</td>
                  <td>{r.finishedAt ? formatDuration(Math.max(1000, r.finishedAt - r.startedAt)) : '—'}</td>
                  <td className="num">{formatShare(r.share)}</td>
                  <td>
                    <RunState run={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
