import { Field } from '../../components/Field'
import { type RuleFieldsProps } from './ruleEditorSupport'

/** Log rules: a LogQL count or rate over a window above a threshold, or a new (or regressed) error issue. */
export function LogConditionFields({ draft, set, errorOf }: RuleFieldsProps) {
  if (draft.signal === 'log_issue')
    return (
      <div className="form-row">
        <Field label="Service" error={errorOf('condition.service')} hint="Empty: any service">
          <input value={draft.issueService} onChange={(e) => set({ issueService: e.target.value })} placeholder="checkout-api" />
        </Field>
        <fieldset className="day-picker">
          <legend>Fires on</legend>
          {(['new', 'regressed'] as const).map((k) => (
            <label key={k} className="checkbox">
              <input
                type="checkbox"
                checked={draft.issueKinds.includes(k)}
                onChange={(e) => set({ issueKinds: e.target.checked ? [...draft.issueKinds, k] : draft.issueKinds.filter((x) => x !== k) })}
              />
              {k === 'new' ? 'a new issue' : 'a resolved issue coming back'}
            </label>
          ))}
          {errorOf('condition.kinds') && <span className="field-error">{errorOf('condition.kinds')}</span>}
        </fieldset>
      </div>
    )
  return (
    <>
      <Field label="LogQL query" error={errorOf('condition.query')} hint='A log query, e.g. {service="checkout-api"} |= "timeout"'>
        <input
          className="mono"
          value={draft.logQuery}
          onChange={(e) => set({ logQuery: e.target.value })}
          placeholder='{service="api", level="error"}'
        />
      </Field>
      <div className="form-row">
        <Field label="Measure" error={errorOf('condition.measure')}>
          <select value={draft.logMeasure} onChange={(e) => set({ logMeasure: e.target.value as 'count' | 'rate' })}>
            <option value="count">count of lines</option>
            <option value="rate">rate (lines per second)</option>
          </select>
        </Field>
        <Field label="Over the last" error={errorOf('condition.windowS')}>
          <input value={draft.window} onChange={(e) => set({ window: e.target.value })} placeholder="5m" />
        </Field>
        <Field label={draft.logMeasure === 'rate' ? 'Fires above (lines/s)' : 'Fires above (lines)'} error={errorOf('condition.above')}>
          <input type="number" min={0} step="any" value={draft.logAbove} onChange={(e) => set({ logAbove: e.target.value })} />
        </Field>
        <Field label="Counted every" error={errorOf('condition.everyS')}>
          <input value={draft.every} onChange={(e) => set({ every: e.target.value })} placeholder="1m" />
        </Field>
      </div>
    </>
  )
}
