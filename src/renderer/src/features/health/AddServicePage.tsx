import { useState } from 'react'
import { href } from '../../app/router'
import { Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { cloneDraftOf, type ServiceDraft } from './checkDraft'
import { ServiceForm } from './ServiceForm'
import { ServiceLoadError } from './ServiceLoadError'

/** #/services/new, or #/services/new/<id>: a copy of service <id> named "… (copy)", not saved until Create. */
export function AddServicePage({ cloneOf }: { cloneOf?: number | undefined } = {}) {
  const source = useChannel('services:get', { id: cloneOf ?? 0 }, { enabled: cloneOf !== undefined })
  const overview = useChannel('health:overview')
  const [initial, setInitial] = useState<ServiceDraft | null>(null)
  if (cloneOf !== undefined && !initial && source.data && overview.data) setInitial(cloneDraftOf(source.data, overview.data))
  if (cloneOf !== undefined && source.error) return <ServiceLoadError error={source.error} title={() => 'Clone service'} />
  if (cloneOf !== undefined && !initial)
    return (
      <div className="page">
        <Loading what="service to clone" />
      </div>
    )
  return (
    <div className="page">
      <PageHeader
        title={cloneOf !== undefined ? `Clone ${source.data?.name ?? 'service'}` : 'Add service'}
        subtitle={
          cloneOf !== undefined
            ? 'A copy of the service and its checks. Change what differs, then create it; the original stays as it is.'
            : 'A service groups the checks of one system. Its state is the worst state of its checks.'
        }
        actions={<a href={href('/services')}>Back to services</a>}
      />
      <ServiceForm {...(initial ? { initial } : {})} />
    </div>
  )
}
