import { AREAS } from '../../../shared/areas'
import { PageHeader } from '../components/States'

/** Honest placeholder for an area whose issue has not shipped. */
export function NotAvailable({ area }: { area: string }) {
  const def = AREAS.find((a) => a.id === area)
  return (
    <div className="page">
      <PageHeader title={def?.label ?? area} subtitle={def?.blurb} />
      <div className="not-available">
        <h2>Not available yet</h2>
        <p>
          {def ? `${def.label} is part of Control Console’s plan but is not built in this version.` : `There is no page called “${area}”.`}{' '}
          Nothing here is simulated: when the area ships, this page becomes its real view.
        </p>
        <p>
          Meanwhile, <a href="#/settings">Settings</a> shows the workspace, its backups and the console’s own health.
        </p>
      </div>
    </div>
  )
}
