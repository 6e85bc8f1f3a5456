import { SIGNALS } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { ComponentConditionFields } from './ComponentConditionFields'
import { HealthConditionFields } from './HealthConditionFields'
import { OtherConditionFields } from './OtherConditionFields'
import { HEALTH_SIGNALS, type Signal } from './ruleDraft'
import { SIGNAL_LABELS, type RuleFieldsProps } from './ruleEditorSupport'
import { RuleTargetFields } from './RuleTargetFields'

/** The signal, its target (health signals) and the fields of its condition. */
export function ConditionFields(props: RuleFieldsProps) {
  const { draft, set, errorOf } = props
  const health = HEALTH_SIGNALS.includes(draft.signal)
  return (
    <fieldset className="check-fieldset">
      <legend>Condition</legend>
      <Field label="Signal" error={errorOf('condition')}>
        <select value={draft.signal} onChange={(e) => set({ signal: e.target.value as Signal })}>
          {SIGNALS.map((s) => (
            <option key={s} value={s}>
              {SIGNAL_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      {health && <RuleTargetFields {...props} />}
      {(draft.signal === 'down' || draft.signal === 'error_rate' || draft.signal === 'latency') && <HealthConditionFields {...props} />}
      {(draft.signal === 'component' || draft.signal === 'value') && <ComponentConditionFields {...props} />}
      {!health && <OtherConditionFields {...props} />}
    </fieldset>
  )
}
