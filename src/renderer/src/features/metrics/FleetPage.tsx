import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { formatValue } from './format'
import { MetricsNav } from './MetricsNav'
import { useMetricsUi } from './store'

/** Every service that reports requests, worst first: error ratio, then p95 latency. */
export function FleetPage() {
  const { sourceId } = useMetricsUi()
  const fleet = useChannel('metrics:fleet', { sourceId, windowS: 300 }, { refetchInterval: 15_000 })
  return (
    <div className="page">
      <PageHeader
        title="Metrics"
        subtitle="Request rates, errors and latency of every service, worst first; open one for its RED and USE dashboard."
      />
      <MetricsNav current="" range={false} />
      <section className="card">
        <h2>Fleet, last 5 minutes</h2>
        {fleet.isLoading && <Loading what="the fleet" />}
        {fleet.error && <ErrorNotice error={fleet.error} />}
        {fleet.data && fleet.data.length === 0 && (
          <EmptyState title="No services report requests yet">
            Add a Prometheus-compatible source or a <code>/metrics</code> endpoint to scrape on{' '}
            <a href={href('/metrics/sources')}>Sources & scraping</a>. Services show here once they export <code>http_requests_total</code>{' '}
            (the label names can be changed on a dashboard).
          </EmptyState>
        )}
        {fleet.data && fleet.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Service</th>
                <th className="num">Requests</th>
                <th className="num">Errors (5xx)</th>
                <th className="num">Latency p95</th>
              </tr>
            </thead>
            <tbody>
              {fleet.data.map((r) => (
                <tr key={r.service}>
                  <td>
                    <a href={href(`/metrics/service/${encodeURIComponent(r.service)}`)}>{r.service}</a>
                  </td>
                  <td className="num">{formatValue(r.rate, 'req/s')}</td>
                  <td className="num">{formatValue(r.errorRatio, 'ratio')}</td>
                  <td className="num">{formatValue(r.p95, 's')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
