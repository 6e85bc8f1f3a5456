import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { TestingTabs } from './TestingTabs'
import { Verdict } from './Verdict'

export function LoadTestsPage() {
  const tests = useChannel('testing:loadTests')
  return (
    <div className="page testing-page">
      <PageHeader
        title="Testing"
        subtitle="Load tests, security scans, deploy verification, probes, fault injection and recovery drills."
        actions={
          <a className="button primary" href={href('/testing/load/new')}>
            New load test
          </a>
        }
      />
      <TestingTabs current="load" />
      {tests.isPending && <Loading what="load tests" />}
      {tests.error && <ErrorNotice error={tests.error} />}
      {tests.data?.length === 0 && (
        <EmptyState
          title="No load tests yet"
          action={
            <a className="button primary" href={href('/testing/load/new')}>
              Create a load test
            </a>
          }
        >
          A load test sends requests at a rate you set (open model: latency counted from when each request was due, so a slow service cannot
          hide its queue) or from a number of virtual users (closed model), and judges the run with k6-style thresholds such as
          p(95)&lt;200.
        </EmptyState>
      )}
      {tests.data && tests.data.length > 0 && (
        <section className="card">
          <table className="table">
            <thead>
              <tr>
                <th>Load test</th>
                <th>Service</th>
                <th>Shape</th>
                <th className="num">Thresholds</th>
                <th>Last run</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {tests.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <a href={href(`/testing/load/${t.id}`)}>{t.name}</a>
                  </td>
                  <td>{t.serviceName ?? <span className="muted">—</span>}</td>
                  <td className="small">{t.shape}</td>
                  <td className="num">{t.thresholds}</td>
                  <td>
                    {t.lastRun ? (
                      <a href={href(`/testing/load/runs/${t.lastRun.id}`)}>{formatTime(t.lastRun.startedAt)}</a>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>{t.lastRun ? <Verdict verdict={t.lastRun.verdict} state={t.lastRun.state} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
