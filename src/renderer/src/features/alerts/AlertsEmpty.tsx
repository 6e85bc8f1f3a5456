import { href } from '../../app/router'
import { EmptyState } from '../../components/States'
import type { AlertState } from './alertFilters'

const TITLES: Record<AlertState, string> = {
  firing: 'Nothing is firing',
  pending: 'Nothing is pending',
  resolved: 'No resolved alerts yet'
}

/** What an empty tab means, and where alerts come from. */
export function AlertsEmpty({ tab, filtered }: { tab: AlertState; filtered: boolean }) {
  if (filtered) return <EmptyState title={`${TITLES[tab]} under these filters`}>Clear the filters to see every alert.</EmptyState>
  return (
    <EmptyState
      title={TITLES[tab]}
      action={
        <a className="button" href={href('/alerts/rules')}>
          See the alert rules
        </a>
      }
    >
      Every service gets a default “down” rule: it goes pending when a check fails and fires after 3 failed checks in a row, then resolves
      after 2 good ones. Add rules for error rate, latency, health components, drift, budgets or model changes, and attach notification
      channels to them.
    </EmptyState>
  )
}
