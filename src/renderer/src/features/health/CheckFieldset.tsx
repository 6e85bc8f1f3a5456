import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { CHECK_KINDS, defaultCheckName, emptyCheck, type CheckDraft, type CheckKindId } from './checkDraft'
import { CheckTestPanel } from './CheckTestPanel'
import { DnsCheckFields } from './DnsCheckFields'
import { HostCheckFields } from './HostCheckFields'
import { HttpCheckFields } from './HttpCheckFields'

export interface CheckFieldProps {
  draft: CheckDraft
  set: (patch: Partial<CheckDraft>) => void
  errorOf: (key: string) => string | undefined
  /** Error-field prefix of this check's config, e.g. "checks[0].config". */
  prefix: string
}

const KIND_LABELS: Record<CheckKindId, string> = { http: 'HTTP(S) endpoint', tcp: 'TCP port', dns: 'DNS record', tls: 'TLS certificate' }

/**
 * One check of the service form: common settings, then the fields of its kind.
 * `removeQuestion`: ask before removing (a saved check, whose history goes with it).
 */
export function CheckFieldset({
  index,
  draft: d,
  set,
  onRemove,
  removeQuestion,
  errorOf
}: {
  index: number
  draft: CheckDraft
  set: (patch: Partial<CheckDraft>) => void
  onRemove?: () => void
  removeQuestion?: string
  errorOf: (key: string) => string | undefined
}) {
  const p = `checks[${index}]`
  const props: CheckFieldProps = { draft: d, set, errorOf, prefix: `${p}.config` }
  return (
    <fieldset className="check-fieldset">
      <legend>
        Check {index + 1}
        {d.id === undefined ? '' : ` · ${d.name || 'unnamed'}`}
        {d.paused && <span className="muted small"> (paused)</span>}
      </legend>
      {errorOf(p) && (
        <p className="field-error" role="alert">
          {errorOf(p)}
        </p>
      )}
      <div className="form-row">
        <Field label="Kind" error={errorOf(`${p}.config`)} className="medium">
          <select
            value={d.kind}
            onChange={(e) =>
              set({
                ...emptyCheck(e.target.value as CheckKindId),
                name: d.name,
                intervalS: d.intervalS,
                retries: d.retries,
                paused: d.paused
              })
            }
          >
            {CHECK_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Check name" error={errorOf(`${p}.name`)} className="grow">
          <input
            value={d.name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder={defaultCheckName(d) || 'named after its target when empty'}
          />
        </Field>
        <Field label="Interval (s)" error={errorOf(`${p}.intervalS`)} className="narrow" hint="at least 5 s">
          <input type="number" min={5} value={d.intervalS} onChange={(e) => set({ intervalS: e.target.value })} />
        </Field>
        <Field label="Retries" error={errorOf(`${p}.retries`)} className="narrow" hint="failures before DOWN">
          <input type="number" min={0} max={10} value={d.retries} onChange={(e) => set({ retries: e.target.value })} />
        </Field>
        <Field label="Timeout (ms)" error={errorOf(`${p}.config.timeoutMs`)} className="narrow" hint="default 10000">
          <input type="number" min={1} value={d.timeoutMs} onChange={(e) => set({ timeoutMs: e.target.value })} placeholder="10000" />
        </Field>
      </div>
      {d.kind === 'http' && <HttpCheckFields {...props} />}
      {(d.kind === 'tcp' || d.kind === 'tls') && <HostCheckFields {...props} />}
      {d.kind === 'dns' && <DnsCheckFields {...props} />}
      <CheckTestPanel index={index} draft={d} />
      {onRemove && removeQuestion && (
        <ConfirmButton className="danger link-button" question={removeQuestion} onConfirm={onRemove}>
          Remove this check
        </ConfirmButton>
      )}
      {onRemove && !removeQuestion && (
        <button type="button" className="danger link-button" onClick={onRemove}>
          Remove this check
        </button>
      )}
    </fieldset>
  )
}
