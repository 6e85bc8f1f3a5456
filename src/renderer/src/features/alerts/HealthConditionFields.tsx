import { Field } from '../../components/Field'
import type { RuleFieldsProps } from './ruleEditorSupport'

/** Down, error-rate and latency conditions. */
export function HealthConditionFields({ draft, set, errorOf }: RuleFieldsProps) {
  if (draft.signal === 'down')
    return (
      <div className="form-row">
        <Field label="Failed checks in a row to fire" error={errorOf('condition.failuresToFire')}>
          <input type="number" min={1} max={100} value={draft.failuresToFire} onChange={(e) => set({ failuresToFire: e.target.value })} />
        </Field>
        <Field label="Good checks in a row to resolve" error={errorOf('condition.successesToResolve')}>
          <input
            type="number"
            min={1}
            max={100}
            value={draft.successesToResolve}
            onChange={(e) => set({ successesToResolve: e.target.value })}
          />
        </Field>
      </div>
    )
  const windowField = (
    <Field label="Window" error={errorOf('condition.windowS')} hint="e.g. 5m, 1h" className="narrow">
      <input value={draft.window} onChange={(e) => set({ window: e.target.value })} />
    </Field>
  )
  const minSamples = (
    <Field label="Min. samples" error={errorOf('condition.minSamples')} className="narrow">
      <input type="number" min={1} value={draft.minSamples} onChange={(e) => set({ minSamples: e.target.value })} />
    </Field>
  )
  if (draft.signal === 'error_rate')
    return (
      <div className="form-row">
        {windowField}
        <Field label="Fires above (% of checks failing)" error={errorOf('condition.above')}>
          <input type="number" min={0} max={100} step="any" value={draft.abovePct} onChange={(e) => set({ abovePct: e.target.value })} />
        </Field>
        {minSamples}
      </div>
    )
  return (
    <div className="form-row">
      {windowField}
      <Field label="Percentile" error={errorOf('condition.percentile')} className="narrow">
        <select value={draft.percentile} onChange={(e) => set({ percentile: e.target.value as typeof draft.percentile })}>
          {['50', '90', '95', '99'].map((p) => (
            <option key={p} value={p}>
              p{p}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Fires above (ms)" error={errorOf('condition.aboveMs')}>
        <input type="number" min={1} step="any" value={draft.aboveMs} onChange={(e) => set({ aboveMs: e.target.value })} />
      </Field>
      {minSamples}
    </div>
  )
}
