import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { formatDuration, formatTime } from '../../lib/format'
import { aroundHref, serviceSelector } from '../../lib/logsLink'
import { useChannel } from '../../lib/queries'

/** Outages of one service, newest first, each with a link to the service's logs around it. */
export function IncidentsTable({ serviceId, serviceName }: { serviceId: number; serviceName?: string }) {
  const incidents = useChannel('health:incidents', { serviceId, limit: 50 })
  return (
    <section className="card">
      <h2>Incidents</h2>
      {incidents.isPending && <Loading what="incidents" />}
      {incidents.error && <ErrorNotice error={incidents.error} />}
      {incidents.data?.length === 0 && (
        <EmptyState title="No incidents">An incident opens when a check goes DOWN and closes when none is.</EmptyState>
      )}
      {incidents.data && incidents.data.length > 0 && (
        <div className="table-scroll">
          <table className="table compact">
            <thead>
              <tr>
                <th>Started</th>
                <th>Ended</th>
                <th className="num">Duration</th>
                <th>Check</th>
                <th>Cause</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {incidents.data.map((i) => (
                <tr key={i.id} className={i.endedAt === null ? 'row-open' : ''}>
                  <td>{formatTime(i.startedAt)}</td>
                  <td>{i.endedAt === null ? <span className="pill DOWN">ongoing</span> : formatTime(i.endedAt)}</td>
                  <td className="num">{formatDuration(i.durationMs)}</td>
                  <td>{i.checkName ?? '—'}</td>
                  <td className="wrap">
                    {i.errorKind && <span className="tag">{i.errorKind}</span>} {i.cause}
                  </td>
                  <td>
                    <a href={aroundHref(i.startedAt, i.endedAt, serviceSelector(serviceName))}>Logs</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
