import { useState } from 'react'
import type { ServiceSummary } from '../../../../shared/contract'
import { href, navigate } from '../../app/router'
import { StatePill } from '../../components/StatePill'
import { formatLatency, formatUptime } from './healthFormat'
import { TimeAgo } from '../../components/TimeAgo'

/** Rows drawn at first; filters narrow big fleets faster than scrolling does. */
const FIRST_ROWS = 200

/** One row per service; a row opens the service. */
export function ServicesTable({ services }: { services: ServiceSummary[] }) {
  const [all, setAll] = useState(false)
  const rows = all ? services : services.slice(0, FIRST_ROWS)
  return (
    <div className="table-scroll">
      <table className="table services-table">
        <thead>
          <tr>
            <th>Service</th>
            <th>Environment</th>
            <th>Region</th>
            <th>State</th>
            <th className="num">Checks</th>
            <th className="num">Uptime 24 h</th>
            <th className="num">7 d</th>
            <th className="num">30 d</th>
            <th className="num">p95 24 h</th>
            <th className="num">Open incidents</th>
            <th>Last checked</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} className="clickable" onClick={() => navigate(`/services/${s.id}`)}>
              <td>
                <a href={href(`/services/${s.id}`)} onClick={(e) => e.stopPropagation()}>
                  {s.name}
                </a>
                {s.description && <div className="muted small ellipsis">{s.description}</div>}
              </td>
              <td>{s.environment}</td>
              <td>{s.region}</td>
              <td>
                <StatePill state={s.state} />
              </td>
              <td className="num">{s.checkCount}</td>
              <td className="num">{formatUptime(s.uptime24h)}</td>
              <td className="num">{formatUptime(s.uptime7d)}</td>
              <td className="num">{formatUptime(s.uptime30d)}</td>
              <td className="num">{formatLatency(s.p95Ms24h)}</td>
              <td className={`num${s.openIncidents ? ' count-down' : ''}`}>{s.openIncidents}</td>
              <td>
                <TimeAgo at={s.lastCheckedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length < services.length && (
        <p className="table-more">
          Showing {rows.length} of {services.length}.{' '}
          <button type="button" onClick={() => setAll(true)}>
            Show all {services.length}
          </button>
        </p>
      )}
    </div>
  )
}
