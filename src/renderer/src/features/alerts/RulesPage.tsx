import { useMemo } from 'react'
import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { AlertsTabs } from './AlertsTabs'
import { RulesTable } from './RulesTable'

/** #/alerts/rules: what is watched, how, and who is told. */
export function RulesPage() {
  const rules = useChannel('alerts:rules')
  const channels = useChannel('alerts:channels')
  const names = useMemo(() => new Map((channels.data ?? []).map((c) => [c.id, c.name])), [channels.data])
  return (
    <div className="page">
      <PageHeader
        title="Alert rules"
        subtitle="Each rule watches a signal; when its condition holds for its “for” duration, an alert fires and its channels are notified."
        actions={
          <a className="button primary" href={href('/alerts/rules/new')}>
            New rule
          </a>
        }
      />
      <AlertsTabs current="rules" />
      <section className="card">
        {rules.isPending && <Loading what="rules" />}
        {rules.error && <ErrorNotice error={rules.error} title="Could not load the rules" />}
        {rules.data?.length === 0 && (
          <EmptyState
            title="No rules yet"
            action={
              <a className="button primary" href={href('/alerts/rules/new')}>
                Create a rule
              </a>
            }
          >
            Adding a service gives it a default “down” rule; add your own for error rate, latency, components, drift, budgets or model
            changes.
          </EmptyState>
        )}
        {rules.data && rules.data.length > 0 && <RulesTable rules={rules.data} channelNames={names} />}
      </section>
    </div>
  )
}
