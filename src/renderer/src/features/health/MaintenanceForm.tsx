import { useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { CreateOrSaveButtons } from './CreateOrSaveButtons'
import { FormProblems } from '../../components/FormProblems'
import { submitChecked, useFormErrors } from '../../lib/formErrors'
import { useChannel, useCommand } from '../../lib/queries'
import { draftOfWindow, emptyMaintenance, maintenanceInputOf, type MaintenanceDraft } from './maintenanceDraft'
import { MaintenanceScopeFields } from './MaintenanceScopeFields'
import { WeeklyFields } from './WeeklyFields'

const KEYS = [
  'title',
  'scope',
  'serviceIds',
  'environment',
  'tag',
  'kind',
  'startsAt',
  'endsAt',
  'days',
  'startTime',
  'durationMin',
  'timeZone'
]
const REFRESH = ['maintenance:list', 'services:get', 'health:overview'] as const

type Window = ChannelOutput<'maintenance:list'>[number]

/**
 * A one-off or weekly window during which failures neither page anyone nor count against uptime. With `editing`,
 * the form shows that window and saves changes to it; a new window starts now and ends in an hour.
 */
export function MaintenanceForm({ editing, onDone }: { editing?: Window | undefined; onDone?: () => void }) {
  const [draft, setDraft] = useState<MaintenanceDraft>(() => (editing ? draftOfWindow(editing) : emptyMaintenance()))
  const services = useChannel('health:overview')
  const create = useCommand('maintenance:create', [...REFRESH])
  const update = useCommand('maintenance:update', [...REFRESH])
  const saving = create.isPending || update.isPending
  const form = useFormErrors()
  const errorOf = form.errorOf
  const set = (patch: Partial<MaintenanceDraft>): void => {
    form.clear(...Object.keys(patch))
    setDraft((d) => ({ ...d, ...patch }))
  }
  return (
    <form
      className="card stacked-form"
      aria-label={editing ? 'Edit maintenance window' : 'New maintenance window'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const input = maintenanceInputOf(draft)
        if (editing) {
          const withId = { ...input, id: editing.id }
          submitChecked(form, 'maintenance:update', withId, KEYS, (onError) =>
            update.mutate(withId, { onSuccess: () => onDone?.(), onError })
          )
        } else
          submitChecked(form, 'maintenance:create', input, KEYS, (onError) =>
            create.mutate(input, { onSuccess: () => setDraft(emptyMaintenance()), onError })
          )
      }}
    >
      <h2>{editing ? `Edit “${editing.title}”` : 'New maintenance window'}</h2>
      <div className="form-row">
        <Field label="Title" error={errorOf('title')} className="grow">
          <input value={draft.title} onChange={(e) => set({ title: e.target.value })} placeholder="Database upgrade" />
        </Field>
        <Field label="Repeats" error={errorOf('kind')} className="narrow">
          <select value={draft.kind} onChange={(e) => set({ kind: e.target.value as MaintenanceDraft['kind'] })}>
            <option value="once">once</option>
            <option value="weekly">weekly</option>
          </select>
        </Field>
      </div>
      <MaintenanceScopeFields draft={draft} set={set} errorOf={errorOf} services={services.data ?? []} />
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
      {create.isSuccess && !saving && (
        <p className="notice notice-ok" role="status">
          Window created.
        </p>
      )}
      <CreateOrSaveButtons editing={editing !== undefined} busy={saving} createLabel="Create window" onCancel={onDone} />
    </form>
  )
}
