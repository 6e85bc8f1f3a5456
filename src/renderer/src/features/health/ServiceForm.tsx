import { useMemo, useState } from 'react'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { FormProblems } from '../../components/FormProblems'
import { useFormErrors } from '../../lib/formErrors'
import { useChannel, useCommand } from '../../lib/queries'
import { CheckFieldset } from './CheckFieldset'
import {
  checkErrorKeys,
  emptyCheck,
  emptyService,
  formFieldKeys,
  replaceInputOf,
  serviceDraftErrors,
  serviceFieldLabel,
  serviceInputOf,
  type CheckDraft,
  type ServiceDraft
} from './checkDraft'
import { distinct } from './filterServices'

/** Without `edit`: a new service. With it: that service, pre-filled, saved in one transaction (services:replace). */
export interface ServiceFormProps {
  edit?: { id: number; initial: ServiceDraft }
  /** A new service's starting point (a clone of another). */
  initial?: ServiceDraft
}

const AFTER_SAVE = ['health:overview', 'services:get', 'health:usage', 'maintenance:list'] as const

/** Name, environment, region, description, tags and one or more checks; errors appear next to the field they name. */
export function ServiceForm({ edit, initial }: ServiceFormProps = {}) {
  const [draft, setDraft] = useState<ServiceDraft>(() => edit?.initial ?? initial ?? emptyService())
  const create = useCommand('services:create', ['health:overview'])
  const replace = useCommand('services:replace', [...AFTER_SAVE])
  const save = edit ? replace : create
  const existing = useChannel('health:overview')
  const keys = useMemo(() => formFieldKeys(draft), [draft])
  const form = useFormErrors()
  const errorOf = form.errorOf

  const set = (patch: Partial<ServiceDraft>): void => {
    form.clear(...Object.keys(patch))
    setDraft((d) => ({ ...d, ...patch }))
  }
  const setCheck = (i: number, patch: Partial<CheckDraft>): void => {
    form.clear(...Object.keys(patch).flatMap((k) => checkErrorKeys(i, k)))
    setDraft((d) => ({ ...d, checks: d.checks.map((c, j) => (j === i ? { ...c, ...patch } : c)) }))
  }
  const removeCheck = (i: number): void => {
    form.clear('checks')
    setDraft((d) => ({ ...d, checks: d.checks.filter((_, j) => j !== i) }))
  }

  return (
    <form
      className="card stacked-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        if (!form.check(serviceDraftErrors(draft))) return
        const onError = (err: unknown): void => form.fromService(err, keys, serviceFieldLabel)
        if (edit) replace.mutate(replaceInputOf(edit.id, draft), { onSuccess: (r) => navigate(`/services/${r.id}`), onError })
        else create.mutate(serviceInputOf(draft), { onSuccess: (r) => navigate(`/services/${r.id}`), onError })
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
      <datalist id="known-environments">
        {distinct(existing.data ?? [], 'environment').map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <datalist id="known-regions">
        {distinct(existing.data ?? [], 'region').map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <div className="form-row">
        <Field label="Description" error={errorOf('description')} className="grow">
          <textarea
            rows={2}
            value={draft.description}
            onChange={(e) => set({ description: e.target.value })}
            placeholder="What it does, who owns it, the runbook link"
          />
        </Field>
        <Field label="Tags (one per line)" error={errorOf('tags')} hint="key=value, e.g. team=payments">
          <textarea
            rows={2}
            className="mono"
            value={draft.tags}
            onChange={(e) => set({ tags: e.target.value })}
            placeholder={'team=payments\ntier=1'}
          />
        </Field>
      </div>
      {errorOf('checks') && (
        <p className="field-error" role="alert">
          {errorOf('checks')}
        </p>
      )}
      {draft.checks.map((c, i) => (
        <CheckFieldset
          key={i}
          index={i}
          draft={c}
          set={(patch) => setCheck(i, patch)}
          errorOf={errorOf}
          onRemove={draft.checks.length > 1 ? () => removeCheck(i) : undefined}
          removeQuestion={
            c.id === undefined
              ? undefined
              : `Remove the check “${c.name || `Check ${i + 1}`}”? When you save, it is deleted with all its results and history. This cannot be undone.`
          }
        />
      ))}
      <FormProblems count={form.count} unplaced={form.unplaced} what={edit ? 'The service' : 'The new service'} />
      <div className="form-actions">
        <button type="button" onClick={() => set({ checks: [...draft.checks, emptyCheck()] })}>
          Add another check
        </button>
        {edit && (
          <button type="button" onClick={() => navigate(`/services/${edit.id}`)}>
            Cancel
          </button>
        )}
        <button type="submit" className="primary" disabled={save.isPending}>
          {edit ? (save.isPending ? 'Saving…' : 'Save changes') : save.isPending ? 'Creating…' : 'Create service'}
        </button>
      </div>
    </form>
  )
}
