import { Field } from '../../components/Field'
import { DNS_RECORD_TYPES, type CheckDraft } from './checkDraft'
import type { CheckFieldProps } from './CheckFieldset'

/** Name, record type, expected answers and resolver of a DNS check. */
export function DnsCheckFields({ draft: d, set, errorOf, prefix: p }: CheckFieldProps) {
  return (
    <div className="form-row">
      <Field label="Host name" error={errorOf(`${p}.hostname`)} className="grow">
        <input value={d.hostname} onChange={(e) => set({ hostname: e.target.value })} placeholder="example.com" />
      </Field>
      <Field label="Record" error={errorOf(`${p}.recordType`)} className="narrow">
        <select value={d.recordType} onChange={(e) => set({ recordType: e.target.value as CheckDraft['recordType'] })}>
          {DNS_RECORD_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </Field>
      <Field label="Expected answers" error={errorOf(`${p}.expected`)} hint="comma separated; empty accepts any answer">
        <input value={d.expected} onChange={(e) => set({ expected: e.target.value })} placeholder="93.184.215.14" />
      </Field>
      <Field label="Resolver" error={errorOf(`${p}.server`)} hint="optional, e.g. 1.1.1.1:53">
        <input value={d.server} onChange={(e) => set({ server: e.target.value })} placeholder="system" />
      </Field>
    </div>
  )
}
