import { useMemo } from 'react'
import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes, formatMs, formatPercent, formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { buildLoadSeriesOption, buildPercentileOption, PCTS } from './loadCharts'
import { RunProgress } from './RunProgress'
import { TestingTabs } from './TestingTabs'
import type { LoadReport, LoadRun } from './types'
import { Verdict } from './Verdict'

const ROWS = [['min', 'min'], ['mean', 'mean'], ...PCTS] as const

export function LoadRunPage({ id }: { id: number }) {
  const run = useChannel('testing:loadRun', { id })
  if (run.isPending) return <Loading what="load test run" />
  if (run.error) return <ErrorNotice error={run.error} />
  const r = run.data
  return (
    <div className="page testing-page">
      <PageHeader
        title={`${r.testName} · run #${r.id}`}
        subtitle={
          <>
            <a href={href(`/testing/load/${r.testId}`)}>← the load test</a> · started {formatTime(r.startedAt)} ·{' '}
            <Verdict verdict={r.verdict} state={r.state} />
          </>
        }
      />
      <TestingTabs current="load" />
      {r.state === 'running' && <RunProgress jobId={r.jobId} label="Load test progress" />}
      {r.error && <ErrorNotice error={new Error(r.error)} title={`The run ended ${r.state}`} />}
      {r.report && <Report run={r} report={r.report} />}
    </div>
  )
}

function Report({ run, report: x }: { run: LoadRun; report: LoadReport }) {
  const series = useMemo(() => buildLoadSeriesOption(x), [x])
  const pcts = useMemo(() => buildPercentileOption(x), [x])
  const open = x.model === 'open'
  return (
    <>
      {x.aborted && (
        <div className="notice notice-error">
          Aborted after {x.aborted.atS} s: {x.aborted.reason}
        </div>
      )}
      {x.generator.message && (
        <div className={`notice ${x.generator.saturated ? 'notice-error' : 'notice-warn'}`}>{x.generator.message}</div>
      )}
      <div className="stat-row">
        <StatTile
          label={open ? `achieved of ${x.targetRate} requests/s target` : 'achieved requests/s'}
          value={`${x.achievedRate}/s`}
          tone={open && x.targetRate !== null && x.achievedRate < x.targetRate * 0.95 ? 'warn' : 'up'}
        />
        <StatTile label="requests" value={x.requests.total.toLocaleString('en-US')} />
        <StatTile label="failed" value={formatPercent(x.requests.failedRate)} tone={x.requests.failed ? 'down' : 'up'} />
        <StatTile label="dropped iterations" value={x.iterations.dropped} tone={x.iterations.dropped ? 'warn' : 'up'} />
        <StatTile label={open ? 'p95 (corrected)' : 'p95'} value={formatMs(x.latency.p95)} />
        <StatTile label={open ? 'p99 (corrected)' : 'p99'} value={formatMs(x.latency.p99)} />
      </div>
      <section className="card">
        <div className="card-head">
          <h2>Over the run</h2>
          <span className="muted small">
            {x.executor} · {x.durationS} s · up to {x.generator.maxVUsUsed} VUs · generator thread{' '}
            {Math.round(x.generator.utilization * 100)} % busy
          </span>
        </div>
        <Chart option={series} height={300} label="Requests per second and latency percentiles per second of the run" />
      </section>
      <div className="grid two align-start">
        <section className="card">
          <h2>Latency</h2>
          <p className="muted small">
            {open
              ? 'Counted from when each request was due (coordinated omission corrected, as wrk2), beside the time from the send. HDR histogram, percentiles as k6 computes them.'
              : 'Closed model: counted from the send (a slow answer delays the next request). HDR histogram, percentiles as k6 computes them.'}
          </p>
          <table className="table compact">
            <thead>
              <tr>
                <th />
                <th className="num">{open ? 'from due (corrected)' : 'latency'}</th>
                {open && <th className="num">from send</th>}
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([k, l]) => (
                <tr key={k}>
                  <td>{l}</td>
                  <td className="num">{formatMs(x.latency[k])}</td>
                  {open && <td className="num muted">{formatMs(x.serviceTime[k])}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Percentiles</h2>
          <Chart option={pcts} height={250} label="Latency percentiles, corrected and uncorrected" />
        </section>
      </div>
      <section className="card">
        <h2>Thresholds</h2>
        {x.thresholds.length === 0 ? (
          <p className="muted">No thresholds.</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>Metric</th>
                <th>Threshold</th>
                <th className="num">Value</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {x.thresholds.map((t, i) => (
                <tr key={i}>
                  <td className="mono">{t.key}</td>
                  <td className="mono">
                    {t.source}
                    {t.abortOnFail ? ' (abort)' : ''}
                  </td>
                  <td className="num">{t.value ?? 'no samples'}</td>
                  <td>{t.ok ? <span className="pill pass">pass</span> : <span className="pill fail">fail</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="grid two align-start">
        <section className="card">
          <h2>Errors</h2>
          {x.errors.length === 0 ? (
            <p className="muted">No failed requests.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Class</th>
                  <th className="num">Status</th>
                  <th className="num">Requests</th>
                </tr>
              </thead>
              <tbody>
                {x.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.class}</td>
                    <td className="num">{e.status ?? '—'}</td>
                    <td className="num">{e.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="small muted">
            Statuses:{' '}
            {Object.entries(x.statuses)
              .map(([k, v]) => `${k} × ${v}`)
              .join(', ') || 'none'}{' '}
            · {formatBytes(x.requests.bytesReceived)} received
          </p>
        </section>
        <HealthWindowCard run={run} />
      </div>
      <section className="card">
        <h2>Endpoints</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>Endpoint</th>
              <th className="num">Requests</th>
              <th className="num">Failed</th>
              <th className="num">Rate</th>
              <th className="num">p50</th>
              <th className="num">p95</th>
              <th className="num">p99</th>
              <th className="num">max</th>
            </tr>
          </thead>
          <tbody>
            {x.endpoints.map((e) => (
              <tr key={e.name}>
                <td>
                  {e.name} <span className="muted small mono">{e.url}</span>
                </td>
                <td className="num">{e.requests}</td>
                <td className="num">{e.failed}</td>
                <td className="num">{e.ratePerS}/s</td>
                <td className="num">{formatMs(e.latency.p50)}</td>
                <td className="num">{formatMs(e.latency.p95)}</td>
                <td className="num">{formatMs(e.latency.p99)}</td>
                <td className="num">{formatMs(e.latency.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <BaselineCard run={run} />
    </>
  )
}

function HealthWindowCard({ run }: { run: LoadRun }) {
  const h = run.health
  return (
    <section className="card">
      <h2>Service health during the run</h2>
      {!h ? (
        <p className="muted">No service is linked to this test: link one in Edit to see its health checks over the run's window.</p>
      ) : h.results === 0 ? (
        <p className="muted">{h.serviceName}: no health check ran during the run (checks run on their own interval).</p>
      ) : (
        <>
          <p>
            <strong>{h.serviceName}</strong>: {h.results} check results, {h.down} down, {h.degraded} degraded, p95{' '}
            {h.latencyP95Ms === null ? '—' : formatMs(h.latencyP95Ms)}
          </p>
          <ul className="small">
            {h.checks.map((c) => (
              <li key={c.name}>
                {c.name}: {c.results} results, {c.down} down{c.lastError ? ` — ${c.lastError}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="small muted">CPU and memory of the service appear here once the metrics area exists.</p>
    </section>
  )
}

function BaselineCard({ run }: { run: LoadRun }) {
  const b = run.baseline
  if (!b)
    return (
      <section className="card">
        <h2>Against the baseline</h2>
        <p className="muted">No baseline to compare with: on the load test's page, make a good run the baseline.</p>
      </section>
    )
  return (
    <section className="card">
      <h2>
        Against the baseline <a href={href(`/testing/load/runs/${b.runId}`)}>#{b.runId}</a>{' '}
        <span className="muted small">of {formatTime(b.startedAt)}</span>
      </h2>
      <table className="table compact">
        <thead>
          <tr>
            <th>Figure</th>
            <th className="num">Baseline</th>
            <th className="num">This run</th>
            <th className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {b.deltas.map((d) => (
            <tr key={d.metric}>
              <td>{d.metric}</td>
              <td className="num">
                {d.baseline} {d.unit}
              </td>
              <td className="num">
                {d.current} {d.unit}
              </td>
              <td className={`num ${d.changePct === null || d.changePct === 0 ? '' : d.better ? 'good' : 'bad'}`}>
                {d.changePct === null ? '—' : `${d.changePct > 0 ? '+' : ''}${d.changePct} %`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
