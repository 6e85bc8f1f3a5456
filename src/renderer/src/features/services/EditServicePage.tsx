import { useState } from 'react'
import { href } from '../../app/router'
import { AppError } from '../../../../shared/errors'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
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
    const missing = service.error instanceof AppError && service.error.code === 'NOT_FOUND'
    return (
      <div className="page">
        <PageHeader title="Edit service" />
        {missing ? (
          <EmptyState title="This service does not exist" action={<a href={href('/services')}>Back to the services</a>}>
            It may have been deleted, or the link is wrong.
          </EmptyState>
        ) : (
          <ErrorNotice error={service.error} title="Could not load the service" />
        )}
      </div>
    )
  }
  if (!initial) return <div className="page"><Loading what="service" /></div>
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
