import type { ChannelOutput } from '../../../shared/contract'
import { href } from '../app/router'
import { formatMs, formatTime } from '../lib/format'

type Delivery = ChannelOutput<'alerts:deliveries'>[number]

/** Each attempt to notify a channel: what was sent, how often it was tried, and what came back. */
export function DeliveriesTable({ deliveries, showAlert = false }: { deliveries: Delivery[]; showAlert?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="table compact deliveries-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Channel</th>
            <th>Event</th>
            {showAlert && <th>Alert</th>}
            <th className="num">Attempts</th>
            <th>Result</th>
            <th className="num">Response</th>
            <th className="num">Duration</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td className="nowrap">{formatTime(d.at)}</td>
              <td>
                <a href={href(`/integrations/${d.channelId}`)}>{d.channelName}</a> <span className="muted small">{d.kind}</span>
              </td>
              <td>{d.event}</td>
              {showAlert && (
                <td>
                  {d.alertId === null ? (
                    <span className="muted">test</span>
                  ) : (
                    <a href={href(`/alerts/${d.alertId}`)}>
                      {d.alertName ?? 'alert'} <span className="muted small">#{d.alertId}</span>
                    </a>
                  )}
                </td>
              )}
              <td className="num">{d.attempts}</td>
              <td className="wrap">
                <span className={`pill delivery-${d.ok ? 'ok' : d.status === 'sending' ? 'sending' : 'failed'}`}>
                  {d.ok ? 'ok' : d.status === 'sending' ? 'sending' : 'error'}
                </span>
                {d.error && <span className="delivery-error small"> {d.error}</span>}
              </td>
              <td className="num">{d.responseCode ?? '—'}</td>
              <td className="num">{d.durationMs === null ? '—' : formatMs(d.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
