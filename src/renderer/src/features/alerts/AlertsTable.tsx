import type { AlertView } from '../../../../shared/contract'
import { href, navigate } from '../../app/router'
import { useClock } from '../../components/useClock'
import { formatDuration, formatTime } from '../../lib/format'
import { TimeAgo } from '../../components/TimeAgo'
import { AlertBadges } from './AlertBadges'
import { alertDurationMs, shortTime } from './alertFilters'
import { AlertStatePill } from './AlertStatePill'
import { SeverityPill } from './SeverityPill'

/** One row per alert; a row opens the alert. */
export function AlertsTable({ alerts }: { alerts: AlertView[] }) {
  const now = useClock((n) => Math.floor(n / 10_000) * 10_000)
  return (
    <div className="table-scroll">
      <table className="table alerts-table">
        <thead>
          <tr>
            <th>Severity</th>
            <th>State</th>
            <th>Rule</th>
            <th>Target</th>
            <th>Summary</th>
            <th>Started</th>
            <th>Fired</th>
            <th className="num">Duration</th>
            <th />
            <th className="num" title="Notifications sent">
              Sent
            </th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} className={`clickable row-${a.state}`} onClick={() => navigate(`/alerts/${a.id}`)}>
              <td>
                <SeverityPill severity={a.severity} />
              </td>
              <td>
                <AlertStatePill state={a.state} />
              </td>
              <td>
                <a href={href(`/alerts/${a.id}`)} onClick={(e) => e.stopPropagation()}>
                  {a.ruleName}
                </a>
              </td>
              <td>
                {a.serviceId !== null ? (
                  <a href={href(`/services/${a.serviceId}`)} onClick={(e) => e.stopPropagation()}>
                    {a.target}
                  </a>
                ) : (
                  a.target
                )}
              </td>
              <td className="wrap summary-cell">{a.summary}</td>
              <td className="nowrap">
                <TimeAgo at={a.pendingSince} />
              </td>
              <td className="nowrap">
                {a.firedAt === null ? (
                  <span className="muted">—</span>
                ) : (
                  <span title={formatTime(a.firedAt)}>{shortTime(a.firedAt, now)}</span>
                )}
              </td>
              <td className="num nowrap">{formatDuration(alertDurationMs(a, now))}</td>
              <td>
                <AlertBadges alert={a} now={now} />
              </td>
              <td className="num">{a.notifications}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
