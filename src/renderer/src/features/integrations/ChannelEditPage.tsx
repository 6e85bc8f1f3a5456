import { href } from '../../app/router'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { ChannelForm } from './ChannelForm'
import { draftOfChannel, emptyChannel } from './channelDraft'
import { DeliveryLog } from './DeliveryLog'
import { TestChannelButton } from './TestChannelButton'

/** #/integrations/new and #/integrations/<id>: the form, a test send and this channel's deliveries. */
export function ChannelEditPage({ id }: { id: number | null }) {
  const channels = useChannel('alerts:channels', undefined, { enabled: id !== null })
  const channel = id === null ? null : channels.data?.find((c) => c.id === id)
  return (
    <div className="page">
      <PageHeader
        title={id === null ? 'New notification channel' : channel ? `Channel: ${channel.name}` : 'Notification channel'}
        subtitle={<a href={href('/integrations')}>← Integrations</a>}
        actions={channel ? <TestChannelButton id={channel.id} /> : undefined}
      />
      {id === null && <ChannelForm id={null} initial={emptyChannel()} storedSecret={null} />}
      {id !== null && channels.isPending && <Loading what="the channel" />}
      {id !== null && channels.error && <ErrorNotice error={channels.error} />}
      {id !== null && channels.data && !channel && (
        <ErrorNotice error={new Error(`There is no channel #${id}.`)} title="Channel not found" />
      )}
      {channel && (
        <>
          <ChannelForm
            key={channel.id}
            id={channel.id}
            initial={draftOfChannel(channel)}
            storedSecret={channel.hasSecret ? (channel.secretHint ?? '') : null}
          />
          <DeliveryLog channelId={channel.id} />
        </>
      )}
    </div>
  )
}
