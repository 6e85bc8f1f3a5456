import { useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { MaintenanceForm } from './MaintenanceForm'
import { MaintenanceTable } from './MaintenanceTable'
import { ServicesTabs } from './ServicesTabs'

/** Planned windows: results during them are recorded but do not count against uptime or open incidents. */
export function MaintenancePage() {
  const windows = useChannel('maintenance:list')
  const [editing, setEditing] = useState<ChannelOutput<'maintenance:list'>[number] | undefined>()
  return (
    <div className="page">
      <PageHeader
        title="Maintenance"
        subtitle="Planned windows: checks keep running, but failures do not count against uptime or open incidents."
      />
      <ServicesTabs current="maintenance" />
      <section className="card">
        <h2>Windows</h2>
        {windows.isPending && <Loading what="maintenance windows" />}
        {windows.error && <ErrorNotice error={windows.error} />}
        {windows.data?.length === 0 && (
          <EmptyState title="No maintenance windows">
            Create one below: for every service, chosen services, an environment or a tag.
          </EmptyState>
        )}
        {windows.data && windows.data.length > 0 && <MaintenanceTable windows={windows.data} onEdit={setEditing} />}
      </section>
      {editing ? (
        <MaintenanceForm key={`edit-${editing.id}`} editing={editing} onDone={() => setEditing(undefined)} />
      ) : (
        <MaintenanceForm key="new" />
      )}
    </div>
  )
}
