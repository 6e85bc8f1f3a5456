import { href } from '../../app/router'
import { Markdown } from '../../components/Markdown'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { AlertHeader } from './AlertHeader'
import { AlertNotes } from './AlertNotes'
import { AlertTimeline } from './AlertTimeline'
import { DeliveriesTable } from '../../components/DeliveriesTable'
import { FailureCard } from './FailureCard'
import { incidentTimeline } from './timelineKinds'

/** #/alerts/<id>, the incident page: what fired and what was failing, what to do (the runbook), what happened since, notes, and who was told. */
export function AlertDetailPage({ id }: { id: number }) {
  const alert = useChannel('alerts:get', { id })
  if (alert.isPending)
    return (
      <div className="page">
        <Loading what="the alert" />
      </div>
    )
  if (alert.error || !alert.data)
    return (
      <div className="page">
        <a href={href('/alerts')} className="muted small">
          ← Alerts
        </a>
        <ErrorNotice error={alert.error} title="Could not load the alert" />
      </div>
    )
  const a = alert.data
  return (
    <div className="page alert-detail">
      <AlertHeader alert={a} ruleDescription={a.ruleDescription} />
      <div className="grid two">
        {a.failure && <FailureCard failure={a.failure} serviceId={a.serviceId} />}
        <section className="card">
          <div className="card-head">
            <h2>Runbook</h2>
            <a className="small" href={href(`/alerts/rules/${a.ruleId}`)}>
              Edit in the rule
            </a>
          </div>
          <Markdown source={a.runbook} empty="This rule has no runbook yet. Write the first steps in the rule’s editor." />
        </section>
        <section className="card">
          <h2>Timeline</h2>
          <AlertTimeline entries={incidentTimeline(a.timeline, a.notes)} />
        </section>
        <AlertNotes alertId={a.id} notes={a.notes} />
      </div>
      <section className="card">
        <div className="card-head">
          <h2>Deliveries</h2>
          <span className="small muted incident-link">
            {a.link ? (
              <>
                Notifications link here: <a href={a.link}>{a.link}</a>
              </>
            ) : (
              <>
                Notifications carry no link: set a <a href={href('/settings')}>base URL in Settings</a>.
              </>
            )}
          </span>
        </div>
        {a.deliveries.length ? (
          <DeliveriesTable deliveries={a.deliveries} />
        ) : (
          <EmptyState title="No notifications sent">
            Attach channels to the rule to be told when it fires; silenced, snoozed, flapping and maintenance alerts send nothing.
          </EmptyState>
        )}
      </section>
    </div>
  )
}
