import { href, navigate } from '../../app/router'
import { Chart } from '../../components/Chart'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { StatePill } from '../../components/StatePill'
import { TimeAgo } from '../../components/TimeAgo'
import { formatBytes, formatDuration } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { formatCpu, runPillProps } from './labels'
import { LogView } from './LogView'
import { MlopsNav } from './MlopsNav'
import { buildResourceOption } from './runCharts'

/** One run: state, why it started, resources, the gate's verdict, and its live log. */
export function RunPage({ id }: { id: number }) {
  const run = useChannel('mlops:run', { id })
  const cancel = useCommand('mlops:cancelRun', ['mlops:run', 'mlops:runs'])
  const retry = useCommand('mlops:retryRun', ['mlops:runs'])
  if (run.error) return <ErrorNotice error={run.error} />
  if (!run.data) return <Loading what="the run" />
  const r = run.data
  const live = r.state === 'running' || r.state === 'queued'
  return (
    <div className="page">
      <PageHeader
        title={`${r.jobName} #${r.id}`}
        subtitle={r.reason}
        actions={
          <>
            {live && (
              <button className="danger" onClick={() => cancel.mutate({ id })} disabled={cancel.isPending}>
                Cancel
              </button>
            )}
            {!live && (
              <button onClick={() => retry.mutate({ id }, { onSuccess: (x) => navigate(`/mlops/runs/${x.runId}`) })}>Run again</button>
            )}
          </>
        }
      />
      <MlopsNav current="runs" />
      {(cancel.error || retry.error) && <ErrorNotice error={cancel.error ?? retry.error} />}
      <section className="card">
        <dl className="facts" aria-label="Run facts">
          <dt>State</dt>
          <dd>
            <span {...runPillProps(r.state)} />
            {r.error && <span className="small"> — {r.error}</span>}
          </dd>
          <dt>Job</dt>
          <dd>
            <a href={href(`/mlops/jobs/${r.jobId}`)}>{r.jobName}</a>, try {r.attempt}
          </dd>
          <dt>Started</dt>
          <dd>
            <TimeAgo at={r.startedAt} />
          </dd>
          <dt>Duration</dt>
          <dd>{r.durationMs !== null ? formatDuration(r.durationMs) : live ? 'running' : '—'}</dd>
          <dt>Exit code</dt>
          <dd>{r.exitCode ?? '—'}</dd>
          <dt>CPU time</dt>
          <dd>{formatCpu(r.cpuMs)}</dd>
          <dt>Peak memory</dt>
          <dd>{r.maxRssBytes !== null ? formatBytes(r.maxRssBytes) : '—'}</dd>
          <dt>Parameters</dt>
          <dd className="mono small">
            {Object.entries(r.params)
              .map(([k, v]) => `${k}=${v}`)
              .join('  ')}
          </dd>
          {r.codeVersion && (
            <>
              <dt>Code</dt>
              <dd className="mono">{r.codeVersion}</dd>
            </>
          )}
          {r.versionId && (
            <>
              <dt>Version</dt>
              <dd>
                <a href={href(`/models/version/${r.versionId}`)}>{r.versionLabel}</a>
                {r.parentVersionId ? ` (fine-tune of #${r.parentVersionId})` : ''}
              </dd>
            </>
          )}
        </dl>
      </section>
      {r.gate && (
        <section className="card" aria-label="Promotion gate">
          <h2>
            Promotion gate: <StatePill state={r.gate.passed ? 'pass' : 'fail'} />{' '}
            {r.gate.passed ? (r.gate.promoted ? `promoted to ${r.gate.promoted}` : 'passed') : 'stopped'}
          </h2>
          <p className="small">{r.gate.summary}</p>
          <table className="table">
            <thead>
              <tr>
                <th>Metric</th>
                <th>Rule</th>
                <th className="num">Candidate</th>
                <th className="num">Champion</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {r.gate.checks.map((c, i) => (
                <tr key={i}>
                  <td>{c.metric}</td>
                  <td>{c.rule}</td>
                  <td className="num">{c.candidate?.toFixed(4) ?? '—'}</td>
                  <td className="num">{c.champion?.toFixed(4) ?? '—'}</td>
                  <td>
                    <StatePill state={c.passed ? 'pass' : 'fail'} /> <span className="small">{c.reason}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.gate.evaluationId && <a href={href(`/models/evaluate/${r.gate.evaluationId}`)}>The evaluation on the holdout</a>}
        </section>
      )}
      <LogView runId={id} live={live} />
      {r.samples.length > 1 && (
        <section className="card">
          <h2>CPU and memory</h2>
          <Chart label="CPU and memory of the run's process" option={buildResourceOption(r.samples)} height={220} />
        </section>
      )}
    </div>
  )
}
