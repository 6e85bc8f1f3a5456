import type { Route } from '../../app/router'
import { href } from '../../app/router'
import { EmptyState, PageHeader } from '../../components/States'
import { AddServicePage } from './AddServicePage'
import { EditServicePage } from './EditServicePage'
import { ImportExportPage } from './ImportExportPage'
import { MaintenancePage } from './MaintenancePage'
import { ServiceDetailPage } from './ServiceDetailPage'
import { ServiceListPage } from './ServiceListPage'
import { StatusPagesPage } from './StatusPagesPage'
import { UsagePage } from './UsagePage'

/** #/services, #/services/new, #/services/new/<id> (clone), #/services/usage, #/services/maintenance, #/services/import, #/services/status, #/services/<id>, #/services/<id>/edit. */
export function ServicesPage({ route }: { route: Route }) {
  const [sub, action] = route.parts
  if (!sub) return <ServiceListPage />
  if (sub === 'new') {
    const cloneOf = action === undefined ? undefined : Number(action)
    return <AddServicePage key={action ?? 'new'} cloneOf={Number.isInteger(cloneOf) && cloneOf! > 0 ? cloneOf : undefined} />
  }
  if (sub === 'usage') return <UsagePage />
  if (sub === 'maintenance') return <MaintenancePage />
  if (sub === 'import') return <ImportExportPage />
  if (sub === 'status') return <StatusPagesPage />
  const id = Number(sub)
  if (Number.isInteger(id) && id > 0 && action === 'edit') return <EditServicePage key={id} id={id} />
  if (Number.isInteger(id) && id > 0 && action === undefined) return <ServiceDetailPage key={id} id={id} />
  return (
    <div className="page">
      <PageHeader title="Services" />
      <EmptyState title="No such page" action={<a href={href('/services')}>Back to the services</a>}>
        “{sub}” is not a page of Services.
      </EmptyState>
    </div>
  )
}
