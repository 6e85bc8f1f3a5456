import { useMemo, useState } from 'react'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { CheckFieldset } from './CheckFieldset'
import { emptyCheck, emptyService, formFieldKeys, serviceInputOf, type CheckDraft, type ServiceDraft } from './checkDraft'
import { distinct } from './filterServices'
import { errorFor, fieldKeyFor } from '../../lib/fieldErrors'

/** Name, environment, region, description and one or more checks; errors appear next to the field they name. */
export function ServiceForm() {
  const [draft, setDraft] = useState<ServiceDraft>(emptyService)
  const create = useCommand('services:create', ['health:overview'])
  const existing = useChannel('health:overview')
  const keys = useMemo(() => formFieldKeys(draft), [draft])
  const errorOf = (key: string): string | undefined => errorFor(create.error, key, keys)
  const unplaced = create.error && fieldKeyFor(create.error, keys) === null

  const set = (patch: Partial<ServiceDraft>): void => setDraft((d) => ({ ...d, ...patch }))
  const setCheck = (i: number, patch: Partial<CheckDraft>): void => setDraft((d) => ({ ...d, checks: d.checks.map((c, j) => (j === i ? { ...c, ...patch } : c)) }))

  return (
    <form
      className="card stacked-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        create.mutate(serviceInputOf(draft), { onSuccess: (r) => navigate(`/services/${r.id}`) })
      }}
    >
      <div className="form-row">
        <Field label="Name" error={errorOf('name')} className="grow">
          <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="checkout-api" autoFocus />
        </Field>
        <Field label="Environment" error={errorOf('environment')}>
          <input list="known-environments" value={draft.environment} onChange={(e) => set({ environment: e.target.value })} />
        </Field>
        <Field label="Region" error={errorOf('region')}>
          <input list="known-regions" value={draft.region} onChange={(e) => set({ region: e.target.value })} />
        </Field>
      </div>
      <datalist id="known-environments">{distinct(existing.data ?? [], 'environment').map((v) => <option key={v} value={v} />)}</datalist>
      <datalist id="known-regions">{distinct(existing.data ?? [], 'region').map((v) => <option key={v} value={v} />)}</datalist>
      <Field label="Description" error={errorOf('description')}>
        <textarea rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} placeholder="What it does, who owns it, the runbook link" />
      </Field>
      {errorOf('checks') && <p className="field-error" role="alert">{errorOf('checks')}</p>}
      {draft.checks.map((c, i) => (
        <CheckFieldset
          key={i}
          index={i}
          draft={c}
          set={(patch) => setCheck(i, patch)}
          errorOf={errorOf}
          onRemove={draft.checks.length > 1 ? () => set({ checks: draft.checks.filter((_, j) => j !== i) }) : undefined}
        />
      ))}
      {unplaced && <ErrorNotice error={create.error} title="The service was not created" />}
      {create.error && !unplaced && <p className="field-error">Not created: fix the field marked above ({create.error.message}).</p>}
      <div className="form-actions">
        <button type="button" onClick={() => set({ checks: [...draft.checks, emptyCheck()] })}>
          Add another check
        </button>
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create service'}
        </button>
      </div>
    </form>
  )
}
