import { useState } from 'react'
import type { AlertView } from '../../../../shared/contract'
import { ErrorNotice } from '../../components/States'
import { navigate } from '../../app/router'
import { formatTime } from '../../lib/format'
import { useCommand } from '../../lib/queries'
import { useAlertsUi } from './alertsUiStore'
import { matchersFromLabels } from './silenceDraft'

const SNOOZES = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 1440, label: '1 d' }
]
const NAME_KEY = 'cc-ack-name'
const AFFECTED = ['alerts:get', 'alerts:list'] as const

/** Acknowledge with your name (remembered on this machine) and snooze notifications for a while. */
export function AlertActions({ alert: a }: { alert: AlertView }) {
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '')
  const ack = useCommand('alerts:acknowledge', [...AFFECTED])
  const snooze = useCommand('alerts:snooze', [...AFFECTED])
  const prefill = useAlertsUi((s) => s.setSilencePrefill)
  const open = a.state !== 'resolved'
  const snoozed = a.snoozedUntil !== null && a.snoozedUntil > Date.now()
  return (
    <div className="alert-actions">
      {open && a.acknowledgedAt === null && (
        <form
          className="ack-form"
          onSubmit={(e) => {
            e.preventDefault()
            localStorage.setItem(NAME_KEY, name.trim())
            ack.mutate({ id: a.id, by: name.trim() })
          }}
        >
          <input aria-label="Your name" placeholder="Your name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
          <button type="submit" className="primary" disabled={ack.isPending}>
            Acknowledge
          </button>
        </form>
      )}
      {a.acknowledgedAt !== null && (
        <span className="badge badge-ack">
          Acknowledged {formatTime(a.acknowledgedAt)}
          {a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ''}
        </span>
      )}
      {open && (
        <div className="snooze" role="group" aria-label="Snooze notifications">
          <span className="muted small">{snoozed ? `Snoozed until ${formatTime(a.snoozedUntil!)} · again:` : 'Snooze:'}</span>
          {SNOOZES.map((s) => (
            <button
              key={s.minutes}
              type="button"
              disabled={snooze.isPending}
              onClick={() => snooze.mutate({ id: a.id, minutes: s.minutes })}
            >
              {s.label}
            </button>
          ))}
        </div>
      )}
      {open && !a.silenced && (
        <button type="button" onClick={() => (prefill(matchersFromLabels(a.labels)), navigate('/alerts/silences'))}>
          Silence alerts like this…
        </button>
      )}
      {(ack.error ?? snooze.error) && <ErrorNotice error={ack.error ?? snooze.error} title="The action failed" />}
    </div>
  )
}
