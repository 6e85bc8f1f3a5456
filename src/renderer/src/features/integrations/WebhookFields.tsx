import { Field } from '../../components/Field'
import { secretPlaceholder, type ChannelFieldsProps } from './channelFieldsProps'

/** A JSON POST to a URL (secret, since URLs often carry tokens), optionally signed with an HMAC key, with headers and retries. */
export function WebhookFields({ draft, set, errorOf, storedSecret }: ChannelFieldsProps) {
  const setHeader = (i: number, patch: Partial<{ key: string; value: string }>): void =>
    set({ headers: draft.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) })
  return (
    <>
      <div className="form-row">
        <Field
          label="URL"
          error={errorOf('secret')}
          hint={storedSecret !== null ? 'Typing a new URL replaces the stored URL and HMAC key' : 'Stored encrypted, never shown again'}
          className="grow"
        >
          <input
            value={draft.webhookUrl}
            onChange={(e) => set({ webhookUrl: e.target.value })}
            placeholder={secretPlaceholder(storedSecret, 'https://example.com/hooks/alerts')}
            autoComplete="off"
          />
        </Field>
        <Field label="HMAC key (optional)" hint="Signs each request body so the receiver can verify it">
          <input type="password" value={draft.hmacKey} onChange={(e) => set({ hmacKey: e.target.value })} autoComplete="off" />
        </Field>
      </div>
      <div className="form-row">
        <Field label="Retries" error={errorOf('config.retries')} className="narrow">
          <input type="number" min={0} max={10} value={draft.retries} onChange={(e) => set({ retries: e.target.value })} />
        </Field>
        <Field label="Timeout (ms)" error={errorOf('config.timeoutMs')} className="narrow">
          <input type="number" min={100} max={60000} value={draft.timeoutMs} onChange={(e) => set({ timeoutMs: e.target.value })} />
        </Field>
      </div>
      <div className="field">
        <span className="field-label">Headers</span>
        {draft.headers.map((h, i) => (
          <div key={i} className="kv-row">
            <input
              aria-label={`Header ${i + 1} name`}
              placeholder="X-Team"
              value={h.key}
              onChange={(e) => setHeader(i, { key: e.target.value })}
            />
            <span className="muted">:</span>
            <input aria-label={`Header ${i + 1} value`} value={h.value} onChange={(e) => setHeader(i, { value: e.target.value })} />
            <button type="button" className="link-button danger" onClick={() => set({ headers: draft.headers.filter((_, j) => j !== i) })}>
              remove
            </button>
          </div>
        ))}
        <div>
          <button type="button" onClick={() => set({ headers: [...draft.headers, { key: '', value: '' }] })}>
            Add header
          </button>
        </div>
        {errorOf('config.headers') && <span className="field-error">{errorOf('config.headers')}</span>}
      </div>
    </>
  )
}
