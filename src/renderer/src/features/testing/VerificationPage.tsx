import { href } from '../../app/router'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatMs, formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { RunProgress } from './RunProgress'
import { TestingTabs } from './TestingTabs'
import { Verdict } from './Verdict'

export function VerificationPage({ id }: { id: number }) {
  const run = useChannel('testing:suiteRun', { id })
  if (run.isPending) return <Loading what="verification" />
  if (run.error) return <ErrorNotice error={run.error} />
  const r = run.data
  const x = r.report
  const service = r.serviceName ?? `service ${r.serviceId}`
  return (
    <div className="page testing-page">
      <PageHeader
        title={r.deploy ? `Verification of ${service} ${r.deploy.version}` : `Suite run of ${service}`}
        subtitle={
          <>
            <a href={href(`/testing/deploys/suites/${r.suiteId}`)}>← the suite</a> ·{' '}
            {r.deploy ? `deployed ${formatTime(r.deploy.at)}` : 'baseline run'} · <Verdict verdict={r.verdict} state={r.state} />
          </>
        }
      />
      <TestingTabs current="deploys" />
      {r.state === 'waiting' && <div className="notice">Waits for the settle time: starts at {formatTime(r.dueAt)}.</div>}
      {r.state === 'running' && <RunProgress jobId={r.jobId} label="Verification progress" />}
      {r.error && <ErrorNotice error={new Error(r.error)} title={`The run ended ${r.state}`} />}
      {x && x.verdict === 'fail' && (
        <div className="notice notice-error">
          <strong>This deploy failed verification.</strong>
          <ul>
            {x.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          {r.runbookUrl ? (
            <p>
              Roll back:{' '}
              <a href={r.runbookUrl} target="_blank" rel="noreferrer">
                {r.runbookUrl}
              </a>
            </p>
          ) : (
            <p>No rollback runbook is linked to this suite: add one in the suite.</p>
          )}
        </div>
      )}
      {x && x.verdict === 'pass' && (
        <div className="notice notice-ok">Everything passed{x.comparison ? ', and nothing regressed against the run before' : ''}.</div>
      )}
      {x && (
        <>
          <section className="card">
            <h2>Health checks</h2>
            {x.health.length === 0 ? (
              <p className="muted">Not part of this suite.</p>
            ) : (
              <table className="table compact">
                <tbody>
                  {x.health.map((h) => (
                    <tr key={h.checkId}>
                      <td>{h.name}</td>
                      <td>
                        <span className={`pill ${h.status}`}>{h.status}</span>
                      </td>
                      <td className="num">{formatMs(h.latencyMs)}</td>
                      <td className="small muted">{h.error}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card">
            <h2>Smoke requests</h2>
            {x.smoke.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <table className="table compact">
                <tbody>
                  {x.smoke.map((s) => (
                    <tr key={s.name}>
                      <td>
                        {s.name}{' '}
                        <span className="mono small muted">
                          {s.method} {s.url}
                        </span>
                      </td>
                      <td>{s.ok ? <span className="pill pass">ok</span> : <span className="pill fail">fail</span>}</td>
                      <td className="num">{s.status ?? '—'}</td>
                      <td className="num">{formatMs(s.latencyMs)}</td>
                      <td className="small">
                        {s.conditions.map((c) => (
                          <div key={c.condition} className={c.ok ? '' : 'bad'}>
                            {c.ok ? '✓' : '✗'} <span className="mono">{c.condition}</span> {c.ok ? '' : `(actual ${c.actual ?? '—'})`}
                          </div>
                        ))}
                        {s.error && !s.conditions.some((c) => !c.ok) && <div className="bad">{s.error}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card">
            <h2>Load test</h2>
            {!x.load ? (
              <p className="muted">None.</p>
            ) : (
              <p>
                <a href={href(`/testing/load/runs/${x.load.runId}`)}>{x.load.testName}</a> <Verdict verdict={x.load.verdict} /> · p95{' '}
                {x.load.p95Ms === null ? '—' : formatMs(x.load.p95Ms)} ·{' '}
                {x.load.failedRate === null ? '' : `${(x.load.failedRate * 100).toFixed(2)} % failed`}{' '}
                {x.load.failedThresholds.length > 0 && <>· failed: {x.load.failedThresholds.join('; ')}</>}
              </p>
            )}
          </section>
          <section className="card">
            <h2>Against the run before</h2>
            {!x.comparison ? (
              <p className="muted">No finished run of this suite before this one: nothing to compare with.</p>
            ) : (
              <>
                <p className="small muted">
                  Run <a href={href(`/testing/deploys/runs/${x.comparison.beforeRunId}`)}>#{x.comparison.beforeRunId}</a> of{' '}
                  {formatTime(x.comparison.beforeAt)}
                </p>
                <table className="table compact">
                  <thead>
                    <tr>
                      <th>Figure</th>
                      <th className="num">Before</th>
                      <th className="num">After</th>
                      <th className="num">Change</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {x.comparison.items.map((c) => (
                      <tr key={c.item}>
                        <td>{c.item}</td>
                        <td className="num">
                          {c.before ?? '—'} {c.unit}
                        </td>
                        <td className="num">
                          {c.after ?? '—'} {c.unit}
                        </td>
                        <td className="num">{c.changePct === null ? '—' : `${c.changePct > 0 ? '+' : ''}${c.changePct} %`}</td>
                        <td>{c.regressed ? <span className="pill fail">regressed</span> : ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        </>
      )}
    </div>
  )
}
