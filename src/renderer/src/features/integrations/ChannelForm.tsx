import { useState } from 'react'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { FormProblems } from '../../components/FormProblems'
import { submitChecked, useFormErrors } from '../../lib/formErrors'
import { useCommand } from '../../lib/queries'
import { CHANNEL_FIELD_KEYS, channelInputOf, FORM_KINDS, KIND_LABELS, type ChannelDraft, type ChannelKind } from './channelDraft'
import { EmailFields } from './EmailFields'
import { OpsGenieFields } from './OpsGenieFields'
import { PagerDutyFields } from './PagerDutyFields'
import { SlackFields } from './SlackFields'
import { WebhookFields } from './WebhookFields'

const AFFECTED = ['alerts:channels', 'alerts:rules'] as const
const KIND_FIELDS = { email: EmailFields, slack: SlackFields, pagerduty: PagerDutyFields, webhook: WebhookFields, opsgenie: OpsGenieFields }

/** Create or change a channel; the kind decides the fields; secrets are write-only. */
export function ChannelForm({ id, initial, storedSecret }: { id: number | null; initial: ChannelDraft; storedSecret: string | null }) {
  const [draft, setDraft] = useState(initial)
  const create = useCommand('alerts:createChannel', [...AFFECTED])
  const update = useCommand('alerts:updateChannel', [...AFFECTED])
  const save = id === null ? create : update
  const form = useFormErrors()
  const errorOf = form.errorOf
  const set = (patch: Partial<ChannelDraft>): void => {
    form.clear(...Object.keys(patch).flatMap((k) => [k, `config.${k}`, 'secret']))
    setDraft((d) => ({ ...d, ...patch }))
  }
  const KindFields = draft.kind === 'desktop' ? null : KIND_FIELDS[draft.kind]
  return (
    <form
      className="card stacked-form channel-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const input = channelInputOf(draft)
        submitChecked(form, 'alerts:createChannel', input, CHANNEL_FIELD_KEYS, (onError) => {
          if (id === null) create.mutate(input, { onSuccess: () => navigate('/integrations'), onError })
          else
            update.mutate(
              { ...input, id },
              {
                onSuccess: () =>
                  setDraft((d) => ({ ...d, password: '', slackWebhook: '', routingKey: '', webhookUrl: '', hmacKey: '', opsgenieKey: '' })),
                onError
              }
            )
        })
      }}
    >
      <div className="form-row">
        <Field
          label="Kind"
          className="medium"
          hint={id !== null ? 'A saved channel keeps its kind: add a new channel for another.' : undefined}
        >
          <select value={draft.kind} disabled={id !== null} onChange={(e) => set({ kind: e.target.value as ChannelKind })}>
            {FORM_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Name" error={errorOf('name')} className="grow">
          <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="ops on-call" />
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
      </div>
      {draft.kind === 'desktop' && (
        <p className="muted">
          Desktop notifications from this computer: native in the app, in the browser when permitted, else in-app toasts.
        </p>
      )}
      {KindFields && <KindFields draft={draft} set={set} errorOf={errorOf} storedSecret={id === null ? null : storedSecret} />}
      <FormProblems count={form.count} unplaced={form.unplaced} what="The channel" />
      {update.isSuccess && !update.isPending && (
        <p className="notice notice-ok" role="status">
          Channel saved.
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => navigate('/integrations')}>
          Back
        </button>
        <button type="submit" className="primary" disabled={save.isPending}>
          {id === null ? 'Create channel' : 'Save channel'}
        </button>
      </div>
    </form>
  )
}
