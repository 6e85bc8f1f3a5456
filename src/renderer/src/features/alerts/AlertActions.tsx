import type { AlertView } from '../../../../shared/contract'
import { ErrorNotice } from '../../components/States'
import { navigate } from '../../app/router'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { contractErrors, useFormErrors } from '../../lib/formErrors'
import { Field } from '../../components/Field'
import { useAlertsUi } from './alertsUiStore'
import { matchersFromLabels } from './silenceDraft'
import { useOperatorName } from './useOperatorName'

const SNOOZES = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 1440, label: '1 d' }
]
const AFFECTED = ['alerts:get', 'alerts:list'] as const

/** A signed-in user acknowledges as themselves; the local admin types a name (see useOperatorName). */
function AckForm({ id }: { id: number }) {
  const { name, setName: setTyped, remember } = useOperatorName()
  const ack = useCommand('alerts:acknowledge', [...AFFECTED])
  const form = useFormErrors()
  const you = useChannel('presence:list').data?.you
  if (you && you.userId !== null)
    return (
      <div className="ack-form">
        <button type="button" className="primary" disabled={ack.isPending} onClick={() => ack.mutate({ id })}>
          Acknowledge as {you.name}
        </button>
        {ack.error && <ErrorNotice error={ack.error} title="Not acknowledged" />}
      </div>
    )
  return (
    <form
      className="ack-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const input = { id, by: name }
        if (!form.check(contractErrors('alerts:acknowledge', input, ['by']).placed)) return
        remember()
        ack.mutate(input, { onError: (err) => form.fromService(err, ['by']) })
      }}
    >
      <Field label="Acknowledged by" error={form.errorOf('by')}>
        <input
          aria-label="Your name"
          placeholder="Your name"
          value={name}
          onChange={(e) => {
            form.clear('by')
            setTyped(e.target.value)
          }}
          maxLength={80}
        />
      </Field>
      <button type="submit" className="primary" disabled={ack.isPending}>
        Acknowledge
      </button>
      {form.unplaced.length > 0 && <ErrorNotice error={ack.error} title="Not acknowledged" />}
    </form>
  )
}

/** Acknowledge with your name (remembered on this machine) and snooze notifications for a while. */
export function AlertActions({ alert: a }: { alert: AlertView }) {
  const snooze = useCommand('alerts:snooze', [...AFFECTED])
  const prefill = useAlertsUi((s) => s.setSilencePrefill)
  const open = a.state !== 'resolved'
  const snoozed = a.snoozedUntil !== null && a.snoozedUntil > Date.now()
  return (
    <div className="alert-actions">
      {open && a.acknowledgedAt === null && <AckForm id={a.id} />}
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
      {snooze.error && <ErrorNotice error={snooze.error} title="The snooze failed" />}
    </div>
  )
}
