import { useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { CreateOrSaveButtons } from './CreateOrSaveButtons'
import { FormProblems } from '../../components/FormProblems'
import { submitChecked, useFormErrors } from '../../lib/formErrors'
import { useChannel, useCommand } from '../../lib/queries'
import { ServicePicker } from './ServicePicker'
import { draftOfPage, emptyStatusPage, slugOf, statusPageInputOf, type StatusPageDraft } from './statusPageDraft'

type Page = ChannelOutput<'statusPages:list'>[number]
const KEYS = ['slug', 'title', 'description', 'serviceIds']

/** Create a status page, or edit one: its address, title, description and the services it shows. */
export function StatusPageForm({ editing, onDone }: { editing?: Page | undefined; onDone?: () => void }) {
  const [draft, setDraft] = useState<StatusPageDraft>(() => (editing ? draftOfPage(editing) : emptyStatusPage()))
  const services = useChannel('health:overview')
  const save = useCommand('statusPages:save', ['statusPages:list'])
  const form = useFormErrors()
  const set = (patch: Partial<StatusPageDraft>): void => {
    form.clear(...Object.keys(patch))
    setDraft((d) => {
      const next = { ...d, ...patch }
      return patch.title !== undefined && !d.slugTouched ? { ...next, slug: slugOf(patch.title) } : next
    })
  }
  return (
    <form
      className="card stacked-form"
      aria-label={editing ? 'Edit status page' : 'New status page'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const input = statusPageInputOf(draft, editing?.id)
        submitChecked(form, 'statusPages:save', input, KEYS, (onError) =>
          save.mutate(input, {
            onSuccess: () => {
              if (!editing) setDraft(emptyStatusPage())
              onDone?.()
            },
            onError
          })
        )
      }}
    >
      <h2>{editing ? `Edit “${editing.title}”` : 'New status page'}</h2>
      <div className="form-row">
        <Field label="Title" error={form.errorOf('title')} className="grow">
          <input value={draft.title} onChange={(e) => set({ title: e.target.value })} placeholder="Shop status" />
        </Field>
        <Field label="Address" error={form.errorOf('slug')} hint={`/status/${draft.slug || '…'}`}>
          <input value={draft.slug} onChange={(e) => set({ slug: e.target.value, slugTouched: true })} placeholder="shop" />
        </Field>
      </div>
      <Field label="Description (shown on the page)" error={form.errorOf('description')}>
        <textarea rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
      </Field>
      <ServicePicker
        services={services.data ?? []}
        chosen={draft.serviceIds}
        onChange={(serviceIds) => set({ serviceIds })}
        error={form.errorOf('serviceIds')}
      />
      <FormProblems count={form.count} unplaced={form.unplaced} what="The page" />
      <CreateOrSaveButtons editing={editing !== undefined} busy={save.isPending} createLabel="Create page" onCancel={onDone} />
    </form>
  )
}
