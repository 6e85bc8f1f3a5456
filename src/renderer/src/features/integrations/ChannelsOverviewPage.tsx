import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { ChannelsTable } from './ChannelsTable'
import { DeliveryLog } from './DeliveryLog'
import { NotificationPermissionButton } from './NotificationPermissionButton'

/** Every channel with its last delivery, and the delivery log of all of them. */
export function ChannelsOverviewPage() {
  const channels = useChannel('alerts:channels')
  return (
    <div className="page">
      <PageHeader
        title="Integrations"
        subtitle="Notification channels that alert rules send to: desktop, e-mail, Slack, PagerDuty and webhooks."
        actions={
          <a className="button primary" href={href('/integrations/new')}>
            Add channel
          </a>
        }
      />
      <section className="card">
        <div className="card-head">
          <h2>Notification channels</h2>
          <NotificationPermissionButton />
        </div>
        {channels.isPending && <Loading what="channels" />}
        {channels.error && <ErrorNotice error={channels.error} title="Could not load the channels" />}
        {channels.data?.length === 0 && (
          <EmptyState
            title="No channels yet"
            action={
              <a className="button primary" href={href('/integrations/new')}>
                Add a channel
              </a>
            }
          >
            Alerts still fire and show in the console; add a channel and attach it to rules to be told elsewhere.
          </EmptyState>
        )}
        {channels.data && channels.data.length > 0 && <ChannelsTable channels={channels.data} />}
      </section>
      <DeliveryLog />
    </div>
  )
}
