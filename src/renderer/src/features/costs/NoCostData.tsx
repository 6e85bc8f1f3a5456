import { href } from '../../app/router'
import { EmptyState } from '../../components/States'

export function NoCostData() {
  return (
    <EmptyState title="No cost data yet" action={<a href={href('/costs/import')}>Import a bill or add a manual entry</a>}>
      Import a FOCUS cost export (CSV, gzip or Parquet) from your cloud provider, map the columns of any other CSV, or enter subscriptions
      by hand.
    </EmptyState>
  )
}
