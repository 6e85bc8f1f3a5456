import { Field } from '../../components/Field'
import { secretPlaceholder, type ChannelFieldsProps } from './channelFieldsProps'

/** PagerDuty Events API v2: routing key (the secret), events URL and source. */
export function PagerDutyFields({ draft, set, errorOf, storedSecret }: ChannelFieldsProps) {
  return (
    <>
      <div className="form-row">
        <Field label="Routing key" error={errorOf('secret')} hint="Integration key of the service; stored encrypted" className="grow">
          <input
            type="password"
            value={draft.routingKey}
            onChange={(e) => set({ routingKey: e.target.value })}
            placeholder={secretPlaceholder(storedSecret, '32-character key')}
            autoComplete="off"
          />
        </Field>
        <Field label="Source" error={errorOf('config.source')}>
          <input value={draft.source} onChange={(e) => set({ source: e.target.value })} />
        </Field>
      </div>
      <Field label="Events URL" error={errorOf('config.eventsUrl')}>
        <input value={draft.eventsUrl} onChange={(e) => set({ eventsUrl: e.target.value })} />
      </Field>
    </>
  )
}
