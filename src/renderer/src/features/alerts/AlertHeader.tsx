import type { AlertView } from '../../../../shared/contract'
import { href } from '../../app/router'
import { useClock } from '../../components/useClock'
import { formatDuration, formatTime } from '../../lib/format'
import { aroundHref, serviceSelector } from '../../lib/logsLink'
import { AlertActions } from './AlertActions'
import { AlertBadges } from './AlertBadges'
import { alertDurationMs, labelPairs } from './alertFilters'
import { AlertStatePill } from './AlertStatePill'
import { SeverityPill } from './SeverityPill'

/** Rule, target, state and its times, labels, and the actions. */
export function AlertHeader({ alert: a, ruleDescription }: { alert: AlertView; ruleDescription: string }) {
  const now = useClock((n) => Math.floor(n / 10_000) * 10_000)
  return (
    <header className="card alert-header">
      <a href={href('/alerts')} className="muted small">
        ← Alerts
      </a>
      <h1>
        <SeverityPill severity={a.severity} /> <AlertStatePill state={a.state} /> {a.ruleName} <span className="muted">· {a.target}</span>
      </h1>
      <p className="alert-summary">{a.summary}</p>
      <dl className="facts">
        <dt>Rule</dt>
        <dd>
          <a href={href(`/alerts/rules/${a.ruleId}`)}>{a.ruleName}</a> — {ruleDescription}
        </dd>
        <dt>Target</dt>
        <dd>{a.serviceId !== null ? <a href={href(`/services/${a.serviceId}`)}>{a.target}</a> : a.target}</dd>
        {a.value !== null && (
          <>
            <dt>Value</dt>
            <dd>{a.value}</dd>
          </>
        )}
        <dt>Pending since</dt>
        <dd>{formatTime(a.pendingSince)}</dd>
        <dt>Fired</dt>
        <dd>{a.firedAt === null ? '—' : formatTime(a.firedAt)}</dd>
        <dt>Resolved</dt>
        <dd>{a.resolvedAt === null ? '—' : formatTime(a.resolvedAt)}</dd>
        <dt>{a.resolvedAt === null ? 'Open for' : 'Lasted'}</dt>
        <dd>{formatDuration(alertDurationMs(a, now))}</dd>
        <dt>Notifications</dt>
        <dd>
          {a.notifications} <AlertBadges alert={a} now={now} />
        </dd>
        <dt>Logs</dt>
        <dd>
          <a href={aroundHref(a.pendingSince, a.resolvedAt ?? a.firedAt, a.labels.logql ?? serviceSelector(a.labels.service))}>
            Logs around this alert
          </a>
        </dd>
        <dt>Labels</dt>
        <dd>
          {labelPairs(a.labels).map((l) => (
            <span key={l} className="tag">
              {l}
            </span>
          ))}
        </dd>
      </dl>
      <AlertActions alert={a} />
    </header>
  )
}
