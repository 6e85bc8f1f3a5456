import { useState } from 'react'
import { Field } from '../../components/Field'
import { FormProblems } from '../../components/FormProblems'
import { submitChecked, useFormErrors } from '../../lib/formErrors'
import { useChannel, useCommand } from '../../lib/queries'
import { emptyMaintenance, maintenanceInputOf, type MaintenanceDraft } from './maintenanceDraft'
import { WeeklyFields } from './WeeklyFields'

const KEYS = ['title', 'serviceId', 'kind', 'startsAt', 'endsAt', 'days', 'startTime', 'durationMin', 'timeZone']

/** A one-off or weekly window during which failures neither page anyone nor count against uptime. */
export function MaintenanceForm() {
  const [draft, setDraft] = useState<MaintenanceDraft>(() => emptyMaintenance())
  const services = useChannel('health:overview')
  const create = useCommand('maintenance:create', ['maintenance:list', 'services:get', 'health:overview'])
  const form = useFormErrors()
  const errorOf = form.errorOf
  const set = (patch: Partial<MaintenanceDraft>): void => {
    form.clear(...Object.keys(patch))
    setDraft((d) => ({ ...d, ...patch }))
  }
  return (
    <form
      className="card stacked-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const input = maintenanceInputOf(draft)
        submitChecked(form, 'maintenance:create', input, KEYS, (onError) =>
          create.mutate(input, { onSuccess: () => setDraft(emptyMaintenance(draft.serviceId)), onError })
        )
      }}
    >
      <h2>New maintenance window</h2>
      <div className="form-row">
        <Field label="Title" error={errorOf('title')} className="grow">
          <input value={draft.title} onChange={(e) => set({ title: e.target.value })} placeholder="Database upgrade" />
        </Field>
        <Field label="Applies to" error={errorOf('serviceId')}>
          <select value={draft.serviceId} onChange={(e) => set({ serviceId: e.target.value })}>
            <option value="">All services</option>
            {(services.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.environment})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Repeats" error={errorOf('kind')} className="narrow">
          <select value={draft.kind} onChange={(e) => set({ kind: e.target.value as MaintenanceDraft['kind'] })}>
            <option value="once">once</option>
            <option value="weekly">weekly</option>
          </select>
        </Field>
      </div>
      {draft.kind === 'once' ? (
        <div className="form-row">
          <Field label="Starts (your local time)" error={errorOf('startsAt')}>
            <input type="datetime-local" value={draft.startsAt} onChange={(e) => set({ startsAt: e.target.value })} />
          </Field>
          <Field label="Ends (your local time)" error={errorOf('endsAt')}>
            <input type="datetime-local" value={draft.endsAt} onChange={(e) => set({ endsAt: e.target.value })} />
          </Field>
        </div>
      ) : (
        <WeeklyFields draft={draft} set={set} errorOf={errorOf} />
      )}
      <FormProblems count={form.count} unplaced={form.unplaced} what="The window" />
      {create.isSuccess && !create.isPending && (
        <p className="notice notice-ok" role="status">
          Window created.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create window
        </button>
      </div>
    </form>
  )
}
