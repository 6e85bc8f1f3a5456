import { href } from '../../app/router'
import { EmptyState } from '../../components/States'

/** First run: how to get services onto this page. */
export function OverviewEmpty() {
  return (
    <EmptyState
      title="No services monitored yet"
      action={
        <a className="button primary" href={href('/services/new')}>
          Add a service
        </a>
      }
    >
      Add a service with at least one check (an HTTP endpoint, a TCP port, a DNS name or a TLS certificate) and its state, uptime and
      latency appear here within one check interval. You can also import a YAML file under Services → Import / export, or load sample
      services and history with <code>npm run demo</code>.
    </EmptyState>
  )
}
