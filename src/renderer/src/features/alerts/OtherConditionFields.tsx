import { Field } from '../../components/Field'
import { EXPERIMENT_KINDS, MODEL_KINDS, type TestingKind } from './ruleDraft'
import { TESTING_KINDS } from '../../../../shared/contract'
import { type RuleFieldsProps } from './ruleEditorSupport'

const TESTING_KIND_LABELS: Record<TestingKind, string> = {
  scan: 'new high scan finding',
  verification: 'failed deploy verification',
  drill: 'failed recovery drill',
  breaker: 'failed circuit-breaker test'
}

/** Drift, budget, model-registry, experiment and testing conditions: not tied to a service. */
export function OtherConditionFields({ draft, set, errorOf }: RuleFieldsProps) {
  if (draft.signal === 'drift')
    return (
      <div className="form-row">
        <Field label="Fires when at least (% of columns drifted)" error={errorOf('condition.minShare')}>
          <input
            type="number"
            min={0}
            max={100}
            step="any"
            value={draft.minSharePct}
            onChange={(e) => set({ minSharePct: e.target.value })}
          />
        </Field>
        <Field label="Model" error={errorOf('condition.model')} hint="Empty: any model">
          <input value={draft.model} onChange={(e) => set({ model: e.target.value })} placeholder="churn-classifier" />
        </Field>
      </div>
    )
  if (draft.signal === 'budget')
    return (
      <div className="form-row">
        <Field label="Fires at (% of the budget)" error={errorOf('condition.minThreshold')}>
          <input
            type="number"
            min={0}
            max={1000}
            step="any"
            value={draft.minThresholdPct}
            onChange={(e) => set({ minThresholdPct: e.target.value })}
          />
        </Field>
        <Field label="Basis" error={errorOf('condition.basis')}>
          <select value={draft.basis} onChange={(e) => set({ basis: e.target.value as typeof draft.basis })}>
            <option value="any">actual or forecast</option>
            <option value="actual">actual spend</option>
            <option value="forecast">forecast spend</option>
          </select>
        </Field>
      </div>
    )
  if (draft.signal === 'study')
    return <p className="muted">Fires when an imported tuning study has no running or waiting trials left (Optimisation area).</p>
  if (draft.signal === 'experiment')
    return (
      <fieldset className="day-picker">
        <legend>Experiment problems that fire</legend>
        {EXPERIMENT_KINDS.map((k) => (
          <label key={k} className="checkbox">
            <input
              type="checkbox"
              checked={draft.experimentKinds.includes(k)}
              onChange={(e) =>
                set({ experimentKinds: e.target.checked ? [...draft.experimentKinds, k] : draft.experimentKinds.filter((x) => x !== k) })
              }
            />
            {k === 'srm' ? 'sample-ratio mismatch' : 'guardrail significantly worse'}
          </label>
        ))}
        {errorOf('condition.kinds') && <span className="field-error">{errorOf('condition.kinds')}</span>}
      </fieldset>
    )
  if (draft.signal === 'testing')
    return (
      <fieldset className="day-picker">
        <legend>Testing results that fire</legend>
        {TESTING_KINDS.map((k) => (
          <label key={k} className="checkbox">
            <input
              type="checkbox"
              checked={draft.testingKinds.includes(k)}
              onChange={(e) =>
                set({ testingKinds: e.target.checked ? [...draft.testingKinds, k] : draft.testingKinds.filter((x) => x !== k) })
              }
            />
            {TESTING_KIND_LABELS[k]}
          </label>
        ))}
        {errorOf('condition.kinds') && <span className="field-error">{errorOf('condition.kinds')}</span>}
      </fieldset>
    )
  return (
    <fieldset className="day-picker">
      <legend>Registry changes that fire</legend>
      {MODEL_KINDS.map((k) => (
        <label key={k} className="checkbox">
          <input
            type="checkbox"
            checked={draft.kinds.includes(k)}
            onChange={(e) => set({ kinds: e.target.checked ? [...draft.kinds, k] : draft.kinds.filter((x) => x !== k) })}
          />
          {k}
        </label>
      ))}
      {errorOf('condition.kinds') && <span className="field-error">{errorOf('condition.kinds')}</span>}
    </fieldset>
  )
}
