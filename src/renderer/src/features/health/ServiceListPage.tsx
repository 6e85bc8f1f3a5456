import { useMemo } from 'react'
import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { filterServices } from './filterServices'
import { useHealthUi } from './healthUiStore'
import { ServiceFilterBar } from './ServiceFilterBar'
import { ServicesTable } from './ServicesTable'
import { ServicesTabs } from './ServicesTabs'

export function ServiceListPage() {
  const overview = useChannel('health:overview')
  const filters = useHealthUi((s) => s.filters)
  const all = useMemo(() => overview.data ?? [], [overview.data])
  const shown = useMemo(() => filterServices(all, filters), [all, filters])
  return (
    <div className="page">
      <PageHeader
        title="Services"
        subtitle="Health checks, uptime and latency per service."
        actions={
          <a className="button primary" href={href('/services/new')}>
            Add service
          </a>
        }
      />
      <ServicesTabs current="" />
      {overview.isPending && <Loading what="services" />}
      {overview.error && <ErrorNotice error={overview.error} title="Could not load the services" />}
      {overview.data && all.length === 0 && (
        <EmptyState
          title="No services yet"
          action={
            <a className="button primary" href={href('/services/new')}>
              Add a service
            </a>
          }
        >
          Add one with the form, import a YAML file under Import / export, or run <code>npm run demo</code> for sample data.
        </EmptyState>
      )}
      {all.length > 0 && (
        <section className="card">
          <ServiceFilterBar services={all} />
          <p className="muted small">
            {shown.length} of {all.length} services
          </p>
          {shown.length > 0 ? <ServicesTable services={shown} /> : <EmptyState title="Nothing matches these filters" />}
        </section>
      )}
    </div>
  )
}
