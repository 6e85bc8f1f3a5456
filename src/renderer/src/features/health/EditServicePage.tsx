import { useState } from 'react'
import { href } from '../../app/router'
import { Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { ServiceLoadError } from './ServiceLoadError'
import { serviceDraftOf, type ServiceDraft } from './checkDraft'
import { ServiceForm } from './ServiceForm'

/** #/services/<id>/edit: the add-service form, pre-filled with the service and every check. */
export function EditServicePage({ id }: { id: number }) {
  const service = useChannel('services:get', { id })
  // Taken once: results arriving while the operator types refresh services:get, and must not reset the form.
  const [initial, setInitial] = useState<ServiceDraft | null>(null)
  if (!initial && service.data) setInitial(serviceDraftOf(service.data))

  const back = <a href={href(`/services/${id}`)}>Back to the service</a>
  if (service.error && !initial) {
    return <ServiceLoadError error={service.error} title={() => 'Edit service'} />
  }
  if (!initial)
    return (
      <div className="page">
        <Loading what="service" />
      </div>
    )
  return (
    <div className="page">
      <PageHeader
        title={`Edit ${service.data?.name ?? 'service'}`}
        subtitle="Changes are saved together: the service, changed checks, added checks and removed checks — or nothing at all."
        actions={back}
      />
      <ServiceForm edit={{ id, initial }} />
    </div>
  )
}
