import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { TestingTabs } from './TestingTabs'

export function ScansPage() {
  const targets = useChannel('testing:scanTargets')
  return (
    <div className="page testing-page">
      <PageHeader
        title="Security scans"
        subtitle="Read-only and polite: one request at a time, only GET, HEAD, OPTIONS and TRACE."
        actions={
          <a className="button primary" href={href('/testing/scans/new')}>
            New scan target
          </a>
        }
      />
      <TestingTabs current="scans" />
      {targets.isPending && <Loading what="scan targets" />}
      {targets.error && <ErrorNotice error={targets.error} />}
      {targets.data?.length === 0 && (
        <EmptyState
          title="Nothing scanned yet"
          action={
            <a className="button primary" href={href('/testing/scans/new')}>
              Add a scan target
            </a>
          }
        >
          A scan checks a service's TLS (versions, cipher suites, certificate chain, expiry, host name), its security headers against
          OWASP's recommendations and its cookies, CORS, a short list of paths that must never be public, open redirects and the HTTP
          methods it allows — each finding with its evidence and the fix.
        </EmptyState>
      )}
      {targets.data && targets.data.length > 0 && (
        <section className="card">
          <table className="table">
            <thead>
              <tr>
                <th>Target</th>
                <th>URL</th>
                <th>Schedule</th>
                <th>Last scan</th>
                <th>Grade</th>
                <th className="num">High / medium / low</th>
              </tr>
            </thead>
            <tbody>
              {targets.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <a href={href(`/testing/scans/${t.id}`)}>{t.name}</a>
                    {t.serviceName && <span className="muted small"> · {t.serviceName}</span>}
                  </td>
                  <td className="mono small">{t.url}</td>
                  <td className="mono small">{t.schedule ? `${t.schedule} (${t.timeZone})` : 'on demand'}</td>
                  <td>
                    {t.lastScan ? (
                      <a href={href(`/testing/scans/runs/${t.lastScan.id}`)}>{formatTime(t.lastScan.startedAt)}</a>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>
                    {t.lastScan?.grade ? (
                      <span className={`grade grade-${t.lastScan.grade[0]}`}>{t.lastScan.grade}</span>
                    ) : (
                      (t.lastScan?.state ?? '')
                    )}
                  </td>
                  <td className="num">
                    {t.lastScan?.counts ? `${t.lastScan.counts.high} / ${t.lastScan.counts.medium} / ${t.lastScan.counts.low}` : '—'}
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
