import { useMemo, useState } from 'react'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { DeliveriesTable } from '../../components/DeliveriesTable'

type Result = '' | 'ok' | 'failed'

/** The delivery log: every notification attempt, filterable by channel, result and event. */
export function DeliveryLog({ channelId }: { channelId?: number }) {
  const [channel, setChannel] = useState(channelId === undefined ? '' : String(channelId))
  const [result, setResult] = useState<Result>('')
  const [event, setEvent] = useState('')
  const channels = useChannel('alerts:channels', undefined, { enabled: channelId === undefined })
  const log = useChannel('alerts:deliveries', { limit: 500, ...(channel ? { channelId: Number(channel) } : {}) })
  const events = useMemo(() => [...new Set((log.data ?? []).map((d) => d.event))].sort(), [log.data])
  const shown = useMemo(
    () => (log.data ?? []).filter((d) => (!result || (result === 'ok') === d.ok) && (!event || d.event === event)),
    [log.data, result, event]
  )
  return (
    <section className="card">
      <div className="card-head">
        <h2>Delivery log</h2>
        <div className="filter-bar" role="search">
          {channelId === undefined && (
            <select aria-label="Channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
              <option value="">All channels</option>
              {(channels.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
          <select aria-label="Result" value={result} onChange={(e) => setResult(e.target.value as Result)}>
            <option value="">Any result</option>
            <option value="ok">Delivered</option>
            <option value="failed">Failed</option>
          </select>
          <select aria-label="Event" value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="">Any event</option>
            {events.map((ev) => (
              <option key={ev}>{ev}</option>
            ))}
          </select>
        </div>
      </div>
      {log.isPending && <Loading what="deliveries" />}
      {log.error && <ErrorNotice error={log.error} title="Could not load the delivery log" />}
      {log.data &&
        (shown.length ? (
          <DeliveriesTable deliveries={shown} showAlert />
        ) : (
          <EmptyState title="No deliveries">Notifications and test sends appear here with their result.</EmptyState>
        ))}
    </section>
  )
}
