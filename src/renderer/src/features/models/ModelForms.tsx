import { useState, type ReactNode } from 'react'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { Markdown } from '../../components/Markdown'
import { MarkdownEditor } from '../../components/MarkdownEditor'
import { ErrorNotice } from '../../components/States'
import type { FieldErrors } from '../../lib/formErrors'
import { useCommand } from '../../lib/queries'
import type { ModelDetail } from '../../../../shared/contract'
import {
  draftProblems,
  emptyModelDraft,
  formErrors,
  MODEL_KEYS,
  modelDraftOf,
  modelInputOf,
  modelUpdateOf,
  type FormErrors,
  type ModelDraft
} from './modelForms'

/** Everything a registry edit can change, so every page showing a model or version refetches. */
export const REGISTRY_QUERIES = ['models:list', 'models:get', 'models:versions', 'models:version', 'models:table'] as const

export function TagsField({
  value,
  onChange,
  error,
  label = 'Tags',
  hint
}: {
  value: string
  onChange: (v: string) => void
  error: string | undefined
  label?: string
  hint?: string
}) {
  return (
    <Field label={label} error={error} hint={hint ?? 'one key=value per line, e.g. team=ml-platform'}>
      <textarea
        className="mono"
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={'team=ml-platform\ntask=classification'}
        spellCheck={false}
      />
    </Field>
  )
}

/** A form card's title and a line on what it does. */
export function FormHead({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h2>{title}</h2>
      <p className="muted small" style={{ margin: 0 }}>
        {children}
      </p>
    </div>
  )
}

/** Submit and error bookkeeping shared by the forms: a failed check in the browser, or the service's error. */
export function FormFooter({
  errors,
  error,
  what,
  pending,
  submitLabel,
  onCancel
}: {
  errors: FormErrors
  error: unknown
  what: string
  pending: boolean
  submitLabel: string
  onCancel: () => void
}) {
  return (
    <>
      {error && errors.unplaced ? <ErrorNotice error={error} title={`${what} refused`} /> : null}
      {error && !errors.unplaced ? <p className="field-error">Nothing was saved: fix the field marked above.</p> : null}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </>
  )
}

function ModelFields({
  draft,
  set,
  errors,
  withName
}: {
  draft: ModelDraft
  set: (patch: Partial<ModelDraft>) => void
  errors: FormErrors
  withName: boolean
}) {
  return (
    <>
      <div className="form-row">
        {withName && (
          <Field label="Name" error={errors.of('name')} className="grow" hint="unique in the registry, e.g. churn-classifier">
            <input
              value={draft.name}
              onChange={(e) => set({ name: e.target.value })}
              placeholder="churn-classifier"
              autoFocus
              spellCheck={false}
            />
          </Field>
        )}
        <Field label="Owner" error={errors.of('owner')} className={withName ? undefined : 'grow'} hint="a person or team to ask about it">
          <input value={draft.owner} onChange={(e) => set({ owner: e.target.value })} placeholder="ml-platform" autoFocus={!withName} />
        </Field>
      </div>
      <Field label="Description" error={errors.of('description')}>
        <textarea
          rows={2}
          value={draft.description}
          onChange={(e) => set({ description: e.target.value })}
          placeholder="What it predicts and where it is used"
        />
      </Field>
      <TagsField value={draft.tags} onChange={(tags) => set({ tags })} error={errors.of('tags')} />
    </>
  )
}

/** A form's draft and the browser-side errors of its last submit (each cleared when its input changes). */
export function useDraft<D>(initial: D | (() => D)): {
  draft: D
  set: (patch: Partial<D>) => void
  local: LocalError
  setLocal: (e: LocalError) => void
} {
  const [draft, setDraft] = useState<D>(initial)
  const [local, setLocal] = useState<LocalError>(null)
  const set = (patch: Partial<D>): void => {
    setDraft((d) => ({ ...d, ...patch }))
    // only the changed inputs lose their errors; the others stay until they are fixed
    setLocal((l) => {
      if (!l) return l
      const rest = Object.fromEntries(Object.entries(l).filter(([k]) => !(k in patch)))
      return Object.keys(rest).length ? rest : null
    })
  }
  return { draft, set, local, setLocal }
}

type LocalError = FieldErrors | null

/** Registers an empty model, then opens its page to add the first version. */
export function NewModelForm({ onCancel }: { onCancel: () => void }) {
  const { draft, set, local, setLocal } = useDraft<ModelDraft>(emptyModelDraft)
  const create = useCommand('models:create', [...REGISTRY_QUERIES])
  const errors = formErrors(create.error, MODEL_KEYS, local)
  return (
    <form
      className="card stacked-form models-card"
      aria-label="New model"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const built = modelInputOf(draft)
        const problems = draftProblems('models:create', built, MODEL_KEYS)
        setLocal(problems)
        if (built.ok && !problems) create.mutate(built.input, { onSuccess: (m) => navigate(`/models/${m.id}`) })
      }}
    >
      <FormHead title="New model">
        A model groups its versions. Register it here, then add versions from imported runs or artifact files on its page.
      </FormHead>
      <ModelFields draft={draft} set={set} errors={errors} withName />
      <FormFooter
        errors={errors}
        error={local ? null : create.error}
        what="Model"
        pending={create.isPending}
        submitLabel="Create model"
        onCancel={onCancel}
      />
    </form>
  )
}

/** Description, owner and tags of an existing model (the name is its identity and stays). */
export function ModelDetailsForm({ model, onDone }: { model: ModelDetail; onDone: () => void }) {
  const { draft, set, local, setLocal } = useDraft<ModelDraft>(() => modelDraftOf(model))
  const update = useCommand('models:update', [...REGISTRY_QUERIES])
  const errors = formErrors(update.error, MODEL_KEYS, local)
  return (
    <form
      className="card stacked-form models-card"
      aria-label="Edit model"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const built = modelUpdateOf(model.id, draft)
        const problems = draftProblems('models:update', built, MODEL_KEYS)
        setLocal(problems)
        if (built.ok && !problems) update.mutate(built.input, { onSuccess: onDone })
      }}
    >
      <FormHead title={`Edit ${model.name}`}>The name identifies the model and stays; its versions keep their numbers.</FormHead>
      <ModelFields draft={draft} set={set} errors={errors} withName={false} />
      <FormFooter
        errors={errors}
        error={local ? null : update.error}
        what="Change"
        pending={update.isPending}
        submitLabel="Save model"
        onCancel={onDone}
      />
    </form>
  )
}

/** A model or version card in Markdown: shown rendered, edited with a preview; the draft stays open until the save succeeds. */
export function CardEditor({
  card,
  label,
  pending,
  error,
  onSave
}: {
  card: string
  label: string
  pending: boolean
  error: Error | null
  onSave: (card: string, done: () => void) => void
}) {
  const [draft, setDraft] = useState<string | null>(null)
  if (draft === null)
    return (
      <>
        <Markdown source={card} headingOffset={2} empty="No card yet. Describe intended use, training data, evaluation and limitations." />
        <button type="button" onClick={() => setDraft(card)}>
          {card.trim() ? 'Edit card' : 'Write card'}
        </button>
      </>
    )
  return (
    <form
      className="stacked-form"
      onSubmit={(e) => {
        e.preventDefault()
        onSave(draft, () => setDraft(null))
      }}
    >
      <MarkdownEditor
        label={label}
        value={draft}
        onChange={setDraft}
        rows={10}
        headingOffset={2}
        placeholder={'## Intended use\n\n## Training data\n\n## Evaluation\n\n## Limitations'}
        autoFocus
      />
      {error && <ErrorNotice error={error} title="Card not saved" />}
      <div className="form-actions">
        <button type="button" onClick={() => setDraft(null)}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={pending}>
          Save card
        </button>
      </div>
    </form>
  )
}
