import type { AlertView } from '../../../../shared/contract'
import { formatTime } from '../../lib/format'

type Flags = Pick<AlertView, 'acknowledgedAt' | 'acknowledgedBy' | 'snoozedUntil' | 'silenced' | 'flapping' | 'inMaintenance'>

/** Why an alert is quiet or special: acknowledged, snoozed, silenced, flapping, in maintenance. */
export function AlertBadges({ alert: a, now }: { alert: Flags; now: number }) {
  const snoozed = a.snoozedUntil !== null && a.snoozedUntil > now
  return (
    <span className="alert-badges">
      {a.acknowledgedAt !== null && (
        <span
          className="badge badge-ack"
          title={`Acknowledged ${formatTime(a.acknowledgedAt)}${a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ''}`}
        >
          ack{a.acknowledgedBy ? ` · ${a.acknowledgedBy}` : ''}
        </span>
      )}
      {snoozed && (
        <span className="badge badge-snooze" title={`Notifications snoozed until ${formatTime(a.snoozedUntil!)}`}>
          snoozed
        </span>
      )}
      {a.silenced && (
        <span className="badge badge-silenced" title="A silence matches its labels: no notifications">
          silenced
        </span>
      )}
      {a.flapping && (
        <span className="badge badge-flapping" title="Changing state often: notifications are held back">
          flapping
        </span>
      )}
      {a.inMaintenance && (
        <span className="badge badge-maint" title="The service is in a maintenance window">
          maintenance
        </span>
      )}
    </span>
  )
}
