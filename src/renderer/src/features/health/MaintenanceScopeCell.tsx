import type { ChannelOutput } from '../../../../shared/contract'
import { href } from '../../app/router'
import { describeScope } from './maintenanceDraft'

type Window = ChannelOutput<'maintenance:list'>[number]

/** The services a window covers: links to the listed services, else a description of its scope. */
export function MaintenanceScopeCell({ window: w }: { window: Window }) {
  if (w.scope !== 'services' || w.serviceIds.length === 0) return <em>{describeScope(w)}</em>
  return (
    <>
      {w.serviceIds.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <a href={href(`/services/${id}`)}>{w.serviceNames[i] ?? `#${id}`}</a>
        </span>
      ))}
    </>
  )
}
