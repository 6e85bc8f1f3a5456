import { Field } from '../../components/Field'
import { secretPlaceholder, type ChannelFieldsProps } from './channelFieldsProps'

/** OpsGenie (the built-in "opsgenie" extension delivers it): the API key (the secret), the region and tags. */
export function OpsGenieFields({ draft, set, errorOf, storedSecret }: ChannelFieldsProps) {
  return (
    <>
      <div className="form-row">
        <Field label="API key" error={errorOf('secret')} hint="An OpsGenie API integration's key; stored encrypted" className="grow">
          <input
            type="password"
            value={draft.opsgenieKey}
            onChange={(e) => set({ opsgenieKey: e.target.value })}
            placeholder={secretPlaceholder(storedSecret, 'eb243592-faa2-4ba2-…')}
            autoComplete="off"
          />
        </Field>
        <Field label="Region" error={errorOf('config.settings')} hint="Where your OpsGenie account lives">
          <select value={draft.opsgenieRegion} onChange={(e) => set({ opsgenieRegion: e.target.value as 'us' | 'eu' })}>
            <option value="us">US (api.opsgenie.com)</option>
            <option value="eu">EU (api.eu.opsgenie.com)</option>
          </select>
        </Field>
      </div>
      <div className="form-row">
        <Field label="Tags" hint="Optional, comma-separated; severity:<level> is added" className="grow">
          <input value={draft.opsgenieTags} onChange={(e) => set({ opsgenieTags: e.target.value })} placeholder="team:core, shop" />
        </Field>
      </div>
      <p className="muted small">
        One OpsGenie alert per console alert (alias control-console-alert-&lt;id&gt;), priority from the severity (critical P1, warning P3,
        info P5); acknowledged and closed with it. Delivered by the built-in OpsGenie extension.
      </p>
    </>
  )
}
