import { useState } from 'react'
import { Field } from '../../components/Field'
import { FormProblems } from '../../components/FormProblems'
import { submitChecked, useFormErrors } from '../../lib/formErrors'
import { useCommand } from '../../lib/queries'
import { MatchersEditor } from './MatchersEditor'
import { emptySilence, silenceInputOf, type MatcherDraft, type SilenceDraft } from './silenceDraft'

const KEYS = ['matchers', 'endsAt', 'startsAt', 'comment', 'createdBy']
const DURATIONS = ['1h', '2h', '4h', '8h', '1d', '3d', '7d']

/** A new silence starting now, until a duration passes or a chosen time. */
export function SilenceForm({ prefill }: { prefill: MatcherDraft[] | null }) {
  const [draft, setDraft] = useState<SilenceDraft>(() => emptySilence(prefill ?? undefined, localStorage.getItem('cc-ack-name') ?? ''))
  const create = useCommand('alerts:createSilence', ['alerts:silences', 'alerts:list', 'alerts:get'])
  const form = useFormErrors()
  const errorOf = form.errorOf
  const set = (patch: Partial<SilenceDraft>): void => {
    form.clear(...Object.keys(patch).map((k) => (k === 'duration' || k === 'until' ? 'endsAt' : k)))
    setDraft((d) => ({ ...d, ...patch }))
  }
  return (
    <form
      className="card stacked-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const input = silenceInputOf(draft, Date.now())
        submitChecked(form, 'alerts:createSilence', input, KEYS, (onError) =>
          create.mutate(input, { onSuccess: () => setDraft(emptySilence(undefined, draft.createdBy)), onError })
        )
      }}
    >
      <h2>New silence</h2>
      <MatchersEditor matchers={draft.matchers} onChange={(matchers) => set({ matchers })} error={errorOf('matchers')} />
      <div className="form-row">
        <Field label="Ends" className="medium">
          <select value={draft.until} onChange={(e) => set({ until: e.target.value as SilenceDraft['until'] })}>
            <option value="duration">after a duration</option>
            <option value="time">at a time</option>
          </select>
        </Field>
        {draft.until === 'duration' ? (
          <Field label="Duration" error={errorOf('endsAt')} hint="e.g. 2h, 90m, 1d" className="medium">
            <input list="silence-durations" value={draft.duration} onChange={(e) => set({ duration: e.target.value })} />
          </Field>
        ) : (
          <Field label="End time (your local time)" error={errorOf('endsAt')}>
            <input type="datetime-local" value={draft.endsAt} onChange={(e) => set({ endsAt: e.target.value })} />
          </Field>
        )}
        <datalist id="silence-durations">
          {DURATIONS.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
        <Field label="Created by" error={errorOf('createdBy')} className="medium">
          <input value={draft.createdBy} onChange={(e) => set({ createdBy: e.target.value })} />
        </Field>
      </div>
      <Field label="Comment" error={errorOf('comment')}>
        <input
          value={draft.comment}
          onChange={(e) => set({ comment: e.target.value })}
          placeholder="Why: deploy of checkout 2.4, ticket OPS-123"
        />
      </Field>
      <FormProblems count={form.count} unplaced={form.unplaced} what="The silence" />
      {create.isSuccess && !create.isPending && (
        <p className="notice notice-ok" role="status">
          Silence created.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create silence
        </button>
      </div>
    </form>
  )
}
