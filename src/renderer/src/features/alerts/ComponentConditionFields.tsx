import { OPS } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { useChannel } from '../../lib/queries'
import type { Op } from './ruleDraft'
import type { RuleFieldsProps } from './ruleEditorSupport'

/** health+json component conditions: its status, or its observed value against a threshold. */
export function ComponentConditionFields({ draft, set, errorOf }: RuleFieldsProps) {
  const service = useChannel('services:get', { id: Number(draft.serviceId) }, { enabled: draft.serviceId !== '' })
  const keys = [...new Set((service.data?.checks ?? []).flatMap((c) => c.components.map((x) => x.key)))]
  return (
    <div className="form-row">
      <Field label="Component key" error={errorOf('condition.component')} hint="health+json key, e.g. cpu:utilization" className="grow">
        <input
          list="known-components"
          value={draft.component}
          onChange={(e) => set({ component: e.target.value })}
          placeholder="db:responseTime"
        />
      </Field>
      <datalist id="known-components">
        {keys.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {draft.signal === 'component' ? (
        <Field label="Worst allowed status" error={errorOf('condition.worstAllowed')}>
          <select value={draft.worstAllowed} onChange={(e) => set({ worstAllowed: e.target.value as 'pass' | 'warn' })}>
            <option value="pass">pass (fire on warn or fail)</option>
            <option value="warn">warn (fire on fail)</option>
          </select>
        </Field>
      ) : (
        <>
          <Field label="Operator" error={errorOf('condition.op')} className="narrow">
            <select value={draft.op} onChange={(e) => set({ op: e.target.value as Op })}>
              {OPS.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </Field>
          <Field label="Threshold" error={errorOf('condition.threshold')}>
            <input type="number" step="any" value={draft.threshold} onChange={(e) => set({ threshold: e.target.value })} />
          </Field>
        </>
      )}
    </div>
  )
}
