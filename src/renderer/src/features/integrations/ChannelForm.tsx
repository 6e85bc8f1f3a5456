import { useState } from 'react'
import { CHANNEL_KINDS } from '../../../../shared/contract'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { errorFor, fieldKeyFor } from '../../lib/fieldErrors'
import { CHANNEL_FIELD_KEYS, channelInputOf, KIND_LABELS, type ChannelDraft, type ChannelKind } from './channelDraft'
import { EmailFields } from './EmailFields'
import { PagerDutyFields } from './PagerDutyFields'
import { SlackFields } from './SlackFields'
import { WebhookFields } from './WebhookFields'

const AFFECTED = ['alerts:channels', 'alerts:rules'] as const
const KIND_FIELDS = { email: EmailFields, slack: SlackFields, pagerduty: PagerDutyFields, webhook: WebhookFields }

/** Create or change a channel; the kind decides the fields; secrets are write-only. */
export function ChannelForm({ id, initial, storedSecret }: { id: number | null; initial: ChannelDraft; storedSecret: string | null }) {
  const [draft, setDraft] = useState(initial)
  const create = useCommand('alerts:createChannel', [...AFFECTED])
  const update = useCommand('alerts:updateChannel', [...AFFECTED])
  const save = id === null ? create : update
  const set = (patch: Partial<ChannelDraft>): void => setDraft((d) => ({ ...d, ...patch }))
  const errorOf = (key: string): string | undefined => errorFor(save.error, key, CHANNEL_FIELD_KEYS)
  const KindFields = draft.kind === 'desktop' ? null : KIND_FIELDS[draft.kind]
  return (
    <form
      className="card stacked-form channel-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const input = channelInputOf(draft)
        if (id === null) create.mutate(input, { onSuccess: () => navigate('/integrations') })
        else
          update.mutate(
            { ...input, id },
            { onSuccess: () => setDraft((d) => ({ ...d, password: '', slackWebhook: '', routingKey: '', webhookUrl: '', hmacKey: '' })) }
          )
      }}
    >
      <div className="form-row">
        <Field label="Kind" className="medium">
          <select value={draft.kind} disabled={id !== null} onChange={(e) => set({ kind: e.target.value as ChannelKind })}>
            {CHANNEL_KINDS.map((k) => (
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
      {save.error && fieldKeyFor(save.error, CHANNEL_FIELD_KEYS) === null && (
        <ErrorNotice error={save.error} title="The channel was not saved" />
      )}
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
