import { Field } from '../../components/Field'
import { secretPlaceholder, type ChannelFieldsProps } from './channelFieldsProps'

/** Slack incoming webhook (the secret) and an optional channel override. */
export function SlackFields({ draft, set, errorOf, storedSecret }: ChannelFieldsProps) {
  return (
    <div className="form-row">
      <Field label="Webhook URL" error={errorOf('secret')} hint="Stored encrypted, never shown again" className="grow">
        <input
          type="password"
          value={draft.slackWebhook}
          onChange={(e) => set({ slackWebhook: e.target.value })}
          placeholder={secretPlaceholder(storedSecret, 'https://hooks.slack.com/services/…')}
          autoComplete="off"
        />
      </Field>
      <Field label="Channel" error={errorOf('config.channel')} hint="Optional, e.g. #ops">
        <input value={draft.slackChannel} onChange={(e) => set({ slackChannel: e.target.value })} />
      </Field>
    </div>
  )
}
