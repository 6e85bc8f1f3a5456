import { Field } from '../../components/Field'
import { ExtensionConditionFields } from './ExtensionConditionFields'
import { LogConditionFields } from './LogConditionFields'
import { EXPERIMENT_KINDS, MODEL_KINDS, type TestingKind } from './ruleDraft'
import { TESTING_KINDS } from '../../../../shared/contract'
import { type RuleFieldsProps } from './ruleEditorSupport'

const TESTING_KIND_LABELS: Record<TestingKind, string> = {
  scan: 'new high scan finding',
  verification: 'failed deploy verification',
  drill: 'failed recovery drill',
  breaker: 'failed circuit-breaker test'
}

/** Drift, budget, model-registry, experiment, testing and log conditions: not tied to a service. */
export function OtherConditionFields({ draft, set, errorOf }: RuleFieldsProps) {
  if (draft.signal === 'log_count' || draft.signal === 'log_issue') return <LogConditionFields draft={draft} set={set} errorOf={errorOf} />
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
  if (draft.signal === 'metric')
    return (
      <div className="form-row">
        <Field
          label="Metrics rule"
          error={errorOf('condition.rule')}
          hint="Empty: any rule. Rules (query, threshold, for-duration, CPU/memory/disk presets) are set in Metrics › Rules"
        >
          <input value={draft.metricRule} onChange={(e) => set({ metricRule: e.target.value })} placeholder="checkout CPU above 80 %" />
        </Field>
      </div>
    )
  if (draft.signal === 'extension') return <ExtensionConditionFields draft={draft} set={set} errorOf={errorOf} />
  if (draft.signal === 'ensemble')
    return (
      <p className="muted">
        Fires when a new ensemble’s loss on the held-out rows is lower than its champion’s (the member aliased “champion”, else the best
        member) (Optimisation area).
      </p>
    )
  if (draft.signal === 'experiment')
    return (
      <KindChecks
        legend="Experiment problems that fire"
        kinds={EXPERIMENT_KINDS}
        checked={draft.experimentKinds}
        label={(k) => (k === 'srm' ? 'sample-ratio mismatch' : 'guardrail significantly worse')}
        onChange={(experimentKinds) => set({ experimentKinds })}
        error={errorOf('condition.kinds')}
      />
    )
  if (draft.signal === 'testing')
    return (
      <KindChecks
        legend="Testing results that fire"
        kinds={TESTING_KINDS}
        checked={draft.testingKinds}
        label={(k) => TESTING_KIND_LABELS[k]}
        onChange={(testingKinds) => set({ testingKinds })}
        error={errorOf('condition.kinds')}
      />
    )
  return (
    <KindChecks
      legend="Registry changes that fire"
      kinds={MODEL_KINDS}
      checked={draft.kinds}
      label={(k) => k}
      onChange={(kinds) => set({ kinds })}
      error={errorOf('condition.kinds')}
    />
  )
}

/** One checkbox per kind of an event signal (registry changes, experiment problems, testing results). */
function KindChecks<K extends string>(props: {
  legend: string
  kinds: readonly K[]
  checked: K[]
  label: (k: K) => string
  onChange: (next: K[]) => void
  error?: string
}) {
  const { legend, kinds, checked, label, onChange, error } = props
  return (
    <fieldset className="day-picker">
      <legend>{legend}</legend>
      {kinds.map((k) => (
        <label key={k} className="checkbox">
          <input
            type="checkbox"
            checked={checked.includes(k)}
            onChange={(e) => onChange(e.target.checked ? [...checked, k] : checked.filter((x) => x !== k))}
          />
          {label(k)}
        </label>
      ))}
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  )
}
