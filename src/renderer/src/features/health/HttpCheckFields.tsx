import { Field } from '../../components/Field'
import { HTTP_METHODS, type CheckDraft } from './checkDraft'
import type { CheckFieldProps } from './CheckFieldset'

/** URL, method, accepted status, keyword, conditions and TLS leniency of an HTTP check. */
export function HttpCheckFields({ draft: d, set, errorOf, prefix: p }: CheckFieldProps) {
  const text = (key: keyof CheckDraft) => (e: { target: { value: string } }) => set({ [key]: e.target.value } as Partial<CheckDraft>)
  return (
    <>
      <div className="form-row">
        <Field label="Method" error={errorOf(`${p}.method`)} className="narrow">
          <select value={d.method} onChange={(e) => set({ method: e.target.value as CheckDraft['method'] })}>
            {HTTP_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </Field>
        <Field label="URL" error={errorOf(`${p}.url`)} className="grow">
          <input value={d.url} onChange={text('url')} placeholder="https://api.example.com/health" inputMode="url" />
        </Field>
      </div>
      <div className="form-row">
        <Field label="Accepted status" error={errorOf(`${p}.acceptedStatus`)} hint="codes or ranges: 200-299, 301, 2xx">
          <input value={d.acceptedStatus} onChange={text('acceptedStatus')} />
        </Field>
        <Field label="Keyword" error={errorOf(`${p}.keyword`)} hint="optional text to look for in the body">
          <input value={d.keyword} onChange={text('keyword')} />
        </Field>
        <Field label="Keyword must be" error={errorOf(`${p}.keywordMode`)} className="narrow">
          <select value={d.keywordMode} onChange={text('keywordMode')}>
            <option value="present">present</option>
            <option value="absent">absent</option>
          </select>
        </Field>
      </div>
      <Field
        label="Conditions (one per line)"
        error={errorOf(`${p}.conditions`)}
        hint="e.g. [STATUS] == 200, [RESPONSE_TIME] < 500, [BODY].status == UP, [CERTIFICATE_EXPIRATION] > 72h"
      >
        <textarea
          rows={3}
          className="mono"
          value={d.conditions}
          onChange={text('conditions')}
          placeholder={'[STATUS] == 200\n[RESPONSE_TIME] < 500'}
        />
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={d.ignoreTlsErrors} onChange={(e) => set({ ignoreTlsErrors: e.target.checked })} /> Accept invalid
        certificates (self-signed, expired, wrong host)
      </label>
    </>
  )
}
