import { useMemo, useState } from 'react'
import { SEVERITIES } from '../../../../shared/contract'
import { navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { FormProblems } from '../../components/FormProblems'
import { ErrorNotice } from '../../components/States'
import { useFormErrors } from '../../lib/formErrors'
import { useCommand } from '../../lib/queries'
import { BacktestPanel } from './BacktestPanel'
import { ConditionFields } from './ConditionFields'
import { LabelsEditor } from './LabelsEditor'
import { NotifyFields } from './NotifyFields'
import { ruleDraftErrors, ruleErrorKey, ruleFieldKeys, ruleInputOf, type RuleDraft } from './ruleDraft'
import { localRuleErrors } from './ruleEditorSupport'
import { RunbookField } from './RunbookField'

const AFFECTED = ['alerts:rules', 'alerts:list'] as const

/** Create or edit a rule; the backtest beside it replays the form's current values. */
export function RuleForm({ id, initial, builtin = false }: { id: number | null; initial: RuleDraft; builtin?: boolean }) {
  const [draft, setDraft] = useState(initial)
  const create = useCommand('alerts:createRule', [...AFFECTED])
  const update = useCommand('alerts:updateRule', [...AFFECTED])
  const remove = useCommand('alerts:deleteRule', [...AFFECTED])
  const save = id === null ? create : update
  const input = useMemo(() => ruleInputOf(draft), [draft])
  const keys = useMemo(() => ruleFieldKeys(draft), [draft])
  const local = localRuleErrors(draft)
  const form = useFormErrors()
  const errorOf = form.errorOf
  const set = (patch: Partial<RuleDraft>): void => {
    form.clear(...(Object.keys(patch) as (keyof RuleDraft)[]).map(ruleErrorKey))
    setDraft((d) => ({ ...d, ...patch }))
  }
  const submit = (): void => {
    if (!form.check(ruleDraftErrors(draft, local))) return
    const onError = (err: unknown): void => form.fromService(err, keys)
    if (id === null) create.mutate(input, { onSuccess: (r) => navigate(`/alerts/rules/${r.id}`), onError })
    else update.mutate({ ...input, id }, { onError })
  }
  // the backtest needs a whole condition, not a name: it waits until the condition and its target are filled in
  const conditionReady = Object.keys(ruleDraftErrors({ ...draft, name: draft.name || 'draft' }, local)).length === 0
  return (
    <div className="rule-editor">
      <form className="card stacked-form" noValidate onSubmit={(e) => (e.preventDefault(), submit())}>
        <div className="form-row">
          <Field label="Name" error={errorOf('name')} className="grow">
            <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="checkout p95 latency" />
          </Field>
          <Field label="Severity" error={errorOf('severity')} className="narrow">
            <select value={draft.severity} onChange={(e) => set({ severity: e.target.value as RuleDraft['severity'] })}>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </Field>
          <Field label="For" error={errorOf('forS')} hint="Pending this long before firing" className="narrow">
            <input value={draft.forDuration} onChange={(e) => set({ forDuration: e.target.value })} />
          </Field>
        </div>
        <ConditionFields draft={draft} set={set} errorOf={errorOf} />
        <NotifyFields draft={draft} set={set} errorOf={errorOf} />
        <LabelsEditor labels={draft.labels} onChange={(labels) => set({ labels })} error={errorOf('labels')} />
        <RunbookField value={draft.runbook} onChange={(runbook) => set({ runbook })} error={errorOf('runbook')} />
        <label className="checkbox">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
        <FormProblems count={form.count} unplaced={form.unplaced} what="The rule" />
        {remove.error && <ErrorNotice error={remove.error} title="The rule was not deleted" />}
        {update.isSuccess && !update.isPending && (
          <p className="notice notice-ok" role="status">
            Rule saved.
          </p>
        )}
        <div className="form-actions">
          {/* a service's built-in down rule comes back for the service: it can be disabled, not deleted */}
          {id !== null && !(builtin && initial.signal === 'down') && (
            <ConfirmButton
              className="danger"
              question={`Delete the rule “${initial.name}” and its alerts?`}
              onConfirm={() => remove.mutate({ id }, { onSuccess: () => navigate('/alerts/rules') })}
            >
              Delete rule
            </ConfirmButton>
          )}
          <button type="submit" className="primary" disabled={save.isPending}>
            {id === null ? 'Create rule' : 'Save rule'}
          </button>
        </div>
      </form>
      <BacktestPanel rule={{ ...input, name: input.name || 'draft' }} ready={conditionReady} />
    </div>
  )
}
