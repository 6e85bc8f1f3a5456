import { Field } from '../../components/Field'
import { secretPlaceholder, type ChannelFieldsProps } from './channelFieldsProps'

/** SMTP server, sender and recipients; the password is write-only. */
export function EmailFields({ draft, set, errorOf, storedSecret }: ChannelFieldsProps) {
  return (
    <>
      <div className="form-row">
        <Field label="SMTP host" error={errorOf('config.host')} className="grow">
          <input value={draft.host} onChange={(e) => set({ host: e.target.value })} placeholder="smtp.example.com" />
        </Field>
        <Field label="Port" error={errorOf('config.port')} className="narrow">
          <input type="number" value={draft.port} onChange={(e) => set({ port: e.target.value })} />
        </Field>
        <Field label="Security" error={errorOf('config.security')} className="medium">
          <select value={draft.security} onChange={(e) => set({ security: e.target.value as typeof draft.security })}>
            <option value="starttls">STARTTLS</option>
            <option value="tls">TLS</option>
            <option value="none">none (plain)</option>
          </select>
        </Field>
      </div>
      <div className="form-row">
        <Field label="Username" error={errorOf('config.username')}>
          <input value={draft.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" />
        </Field>
        <Field label="Password" error={errorOf('secret')} hint="Stored encrypted, never shown again">
          <input
            type="password"
            value={draft.password}
            onChange={(e) => set({ password: e.target.value })}
            placeholder={secretPlaceholder(storedSecret, '')}
            autoComplete="new-password"
          />
        </Field>
      </div>
      <div className="form-row">
        <Field label="From" error={errorOf('config.from')}>
          <input value={draft.from} onChange={(e) => set({ from: e.target.value })} placeholder="console@example.com" />
        </Field>
        <Field label="To" error={errorOf('config.to')} hint="Addresses separated by commas or new lines" className="grow">
          <textarea rows={2} value={draft.to} onChange={(e) => set({ to: e.target.value })} placeholder="oncall@example.com" />
        </Field>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.allowInvalidCertificates}
          onChange={(e) => set({ allowInvalidCertificates: e.target.checked })}
        />
        Allow invalid certificates (self-signed test servers only)
      </label>
    </>
  )
}
