import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { TestingTabs } from './TestingTabs'
import { Verdict } from './Verdict'

export function LoadTestPage({ id }: { id: number }) {
  const test = useChannel('testing:loadTest', { id })
  const run = useCommand('testing:runLoadTest', ['testing:loadTest', 'testing:loadTests'])
  const del = useCommand('testing:deleteLoadTest', ['testing:loadTests'])
  const baseline = useCommand('testing:setBaseline', ['testing:loadTest'])
  if (test.isPending) return <Loading what="load test" />
  if (test.error) return <ErrorNotice error={test.error} />
  const t = test.data
  const thresholds = Object.entries((t.plan.thresholds ?? {}) as Record<string, unknown[]>).flatMap(([k, l]) =>
    l.map(
      (x) =>
        `${k}: ${typeof x === 'string' ? x : (x as { threshold: string }).threshold}${typeof x === 'object' && (x as { abortOnFail?: boolean }).abortOnFail ? ' (abort on fail)' : ''}`
    )
  )
  return (
    <div className="page testing-page">
      <PageHeader
        title={t.name}
        subtitle={
          <>
            {t.shape}
            {t.serviceName && <> · service {t.serviceName}</>}
          </>
        }
        actions={
          <>
            <button
              type="button"
              className="primary"
              disabled={run.isPending}
              onClick={() => run.mutate({ id }, { onSuccess: (r) => navigate(`/testing/load/runs/${r.runId}`) })}
            >
              Run now
            </button>
            <a className="button" href={href(`/testing/load/${id}/edit`)}>
              Edit
            </a>
            <ConfirmButton
              question={`Delete the load test ${t.name} and its ${t.runs.length} runs?`}
              className="danger"
              onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/testing/load') })}
            >
              Delete
            </ConfirmButton>
          </>
        }
      />
      <TestingTabs current="load" />
      {run.error && <ErrorNotice error={run.error} title="The run did not start" />}
      <section className="card">
        <h2>Thresholds</h2>
        {thresholds.length === 0 ? (
          <p className="muted">No thresholds: every run passes. Add some in Edit, e.g. http_req_duration: p(95)&lt;200.</p>
        ) : (
          <ul className="mono small">
            {thresholds.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>Runs</h2>
        {t.runs.length === 0 ? (
          <p className="muted">Not run yet. Run now sends the requests from a worker thread and shows the report as it ends.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Started</th>
                <th>Purpose</th>
                <th>Verdict</th>
                <th>Baseline</th>
              </tr>
            </thead>
            <tbody>
              {t.runs.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={href(`/testing/load/runs/${r.id}`)}>{formatTime(r.startedAt)}</a>
                  </td>
                  <td>{r.purpose}</td>
                  <td>
                    <Verdict verdict={r.verdict} state={r.state} /> {r.error && <span className="muted small">{r.error}</span>}
                  </td>
                  <td>
                    {t.baselineRunId === r.id ? (
                      <span className="pill pass">baseline</span>
                    ) : r.state === 'done' ? (
                      <button type="button" className="link-button" onClick={() => baseline.mutate({ testId: id, runId: r.id })}>
                        make baseline
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
