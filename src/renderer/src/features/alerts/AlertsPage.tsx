import { useMemo } from 'react'
import { href } from '../../app/router'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { AlertFilterBar } from './AlertFilterBar'
import { countByState, listInputOf } from './alertFilters'
import { AlertStateTabs } from './AlertStateTabs'
import { AlertsEmpty } from './AlertsEmpty'
import { AlertsTable } from './AlertsTable'
import { AlertsTabs } from './AlertsTabs'
import { useAlertsUi } from './alertsUiStore'

/** #/alerts: firing, pending and resolved alerts with filters. */
export function AlertsPage() {
  const { tab, setTab, filter } = useAlertsUi()
  const input = useMemo(() => listInputOf(filter), [filter])
  const alerts = useChannel('alerts:list', input, { placeholderData: (prev) => prev })
  const all = useMemo(() => alerts.data ?? [], [alerts.data])
  const counts = useMemo(() => countByState(all), [all])
  const shown = useMemo(() => all.filter((a) => a.state === tab), [all, tab])
  const filtered = Boolean(input.severity || input.serviceId || input.label)
  return (
    <div className="page">
      <PageHeader
        title="Alerts"
        subtitle="What is firing now, what may fire soon, and what resolved."
        actions={
          <a className="button primary" href={href('/alerts/rules/new')}>
            New rule
          </a>
        }
      />
      <AlertsTabs current="" />
      <section className="card">
        <AlertStateTabs tab={tab} counts={counts} onChange={setTab} />
        <AlertFilterBar />
        {alerts.isPending && <Loading what="alerts" />}
        {alerts.error && <ErrorNotice error={alerts.error} title="Could not load the alerts" />}
        {alerts.data && (shown.length ? <AlertsTable alerts={shown} /> : <AlertsEmpty tab={tab} filtered={filtered} />)}
      </section>
    </div>
  )
}
