import { useMemo } from 'react'
import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { useHealthUi } from './healthUiStore'
import { EnvironmentSection } from './EnvironmentSection'
import { countStates, groupServices, isProblem } from './groupServices'
import { OverviewCounters } from './OverviewCounters'
import { OverviewEmpty } from './OverviewEmpty'

/** Status of every service, grouped by environment and region; live through health events. */
export function OverviewPage() {
  const overview = useChannel('health:overview')
  const { problemsOnly, setProblemsOnly } = useHealthUi()
  const services = useMemo(() => overview.data ?? [], [overview.data])
  const shown = useMemo(() => (problemsOnly ? services.filter(isProblem) : services), [services, problemsOnly])
  const groups = useMemo(() => groupServices(shown), [shown])
  const counts = useMemo(() => countStates(services), [services])

  return (
    <div className="page">
      <PageHeader
        title="Overview"
        subtitle="Every monitored service by environment and region. Updates as checks finish."
        actions={
          services.length > 0 && (
            <>
              <label className="toggle">
                <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} /> Problems only
              </label>
              <a className="button" href={href('/services/new')}>
                Add service
              </a>
            </>
          )
        }
      />
      {overview.isPending && <Loading what="services" />}
      {overview.error && <ErrorNotice error={overview.error} title="Could not load the overview" />}
      {overview.data && services.length === 0 && <OverviewEmpty />}
      {services.length > 0 && <OverviewCounters counts={counts} />}
      {services.length > 0 && shown.length === 0 && (
        <EmptyState title="No problems">
          Every service is up, paused, pending or in maintenance. Untick “Problems only” to see them all.
        </EmptyState>
      )}
      {groups.map((g) => (
        <EnvironmentSection key={g.environment} group={g} />
      ))}
    </div>
  )
}
