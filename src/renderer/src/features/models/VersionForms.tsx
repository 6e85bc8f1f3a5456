import { useMemo, useState, type ReactNode } from 'react'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { MarkdownEditor } from '../../components/MarkdownEditor'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import type { ChannelOutput, ModelDetail, VersionDetail } from '../../../../shared/contract'
import { FormFooter, FormHead, REGISTRY_QUERIES, TagsField, useDraft } from './ModelForms'
import {
  emptyVersionDraft,
  draftProblems,
  formErrors,
  runOptionLabel,
  VERSION_EDIT_KEYS,
  VERSION_KEYS,
  versionEditDraftOf,
  versionInputOf,
  versionsByRun,
  versionUpdateOf,
  type VersionDraft,
  type VersionEditDraft
} from './modelForms'
import { ShowDeletedRuns } from './ShowDeletedRuns'

type RunSummary = ChannelOutput<'models:runs'>[number]

/** A filter plus a select over imported runs; runs that back no version yet come first. */
function RunPicker({ value, onChange, error }: { value: number | null; onChange: (id: number | null) => void; error: string | undefined }) {
  const [search, setSearch] = useState('')
  const [picked, setPicked] = useState<RunSummary | null>(null)
  const [showDeleted, setShowDeleted] = useState(false)
  const runs = useChannel('models:runs', { search, limit: 500, includeDeleted: showDeleted })
  const versions = useChannel('models:versions')
  const used = useMemo(() => versionsByRun(versions.data ?? []), [versions.data])
  const list = runs.data ?? []
  const shown = picked && value === picked.id && !list.some((r) => r.id === picked.id) ? [picked, ...list] : list
  const fresh = shown.filter((r) => !used.has(r.id))
  const taken = shown.filter((r) => used.has(r.id))
  const option = (r: RunSummary) => (
    <option key={r.id} value={r.id}>
      {runOptionLabel(r, used.get(r.id), r.startTime ? formatTime(r.startTime) : '')}
    </option>
  )
  const nothingImported = runs.data && runs.data.length === 0 && !search
  const hint = nothingImported ? (
    <>
      No runs imported yet: <a href={href('/models/import')}>import an mlruns folder, mlflow.db or metric table</a>, or give an artifact
      path below.
    </>
  ) : runs.data && runs.data.length === 0 ? (
    `No run matches “${search}”.`
  ) : (
    'The version shows this run’s metrics, params and tags.'
  )
  return (
    <div className="form-row">
      <Field label="Find a run" className="medium">
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name, run id, experiment" />
      </Field>
      <ShowDeletedRuns checked={showDeleted} onChange={setShowDeleted} />
      <Field label="Source run" error={error} className="grow" hint={hint}>
        <select
          value={value ?? ''}
          onChange={(e) => {
            const id = e.target.value ? Number(e.target.value) : null
            setPicked(shown.find((r) => r.id === id) ?? null)
            onChange(id)
          }}
        >
          <option value="">— none: register from an artifact file —</option>
          {fresh.length > 0 && <optgroup label="Not a version yet">{fresh.map(option)}</optgroup>}
          {taken.length > 0 && <optgroup label="Already a version">{taken.map(option)}</optgroup>}
        </select>
      </Field>
    </div>
  )
}

function ParentSelect({
  versions,
  value,
  onChange,
  error,
  exclude
}: {
  versions: ModelDetail['versions']
  value: number | null
  onChange: (id: number | null) => void
  error: string | undefined
  exclude?: number
}) {
  const options = versions.filter((v) => v.id !== exclude).sort((a, b) => b.version - a.version)
  return (
    <Field label="Parent version" error={error} className="medium" hint="the version it builds on">
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">— none —</option>
        {options.map((v) => (
          <option key={v.id} value={v.id}>
            v{v.version}
            {v.runName ? ` · ${v.runName}` : ''}
          </option>
        ))}
      </select>
    </Field>
  )
}

const DATASET_HINT = 'a path, URI or table the training data came from, e.g. s3://bucket/train.parquet'
const NOTES_PLACEHOLDER = 'What changed since the parent, why it was trained, known issues…'

/** Registers the next version of a model from an imported run and/or an artifact file, then opens it. */
export function RegisterVersionForm({ model, onCancel }: { model: ModelDetail; onCancel: () => void }) {
  const { draft, set, local, setLocal } = useDraft<VersionDraft>(emptyVersionDraft)
  const create = useCommand('models:createVersion', [...REGISTRY_QUERIES, 'models:runs'])
  const errors = formErrors(create.error, VERSION_KEYS, local)
  const next = Math.max(0, ...model.versions.map((v) => v.version)) + 1
  return (
    <form
      className="card stacked-form models-card"
      aria-label="Register version"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const built = versionInputOf(model.id, draft)
        const problems = draftProblems('models:createVersion', built, VERSION_KEYS)
        setLocal(problems)
        if (built.ok && !problems) create.mutate(built.input, { onSuccess: (v) => navigate(`/models/version/${v.id}`) })
      }}
    >
      <FormHead title={`Register ${model.name} v${next}`}>
        Pick the imported run that trained it, give the path of its artifact file, or both. It starts in stage None.
      </FormHead>
      <RunPicker value={draft.runId} onChange={(runId) => set({ runId })} error={errors.of('runId')} />
      <Field
        label="Artifact path"
        error={errors.of('artifactPath')}
        hint="optional; an absolute path on the machine running the console — its size and SHA-256 are recorded"
      >
        <input
          className="mono"
          value={draft.artifactPath}
          onChange={(e) => set({ artifactPath: e.target.value })}
          placeholder="/srv/models/churn/model.pkl"
          spellCheck={false}
        />
      </Field>
      <VersionTextFields
        draft={draft}
        set={set}
        errorOf={errors.of}
        parent={
          <ParentSelect
            versions={model.versions}
            value={draft.parentVersionId}
            onChange={(parentVersionId) => set({ parentVersionId })}
            error={errors.of('parentVersionId')}
          />
        }
      />
      <FormFooter
        errors={errors}
        error={local ? null : create.error}
        what="Version"
        pending={create.isPending}
        submitLabel="Register version"
        onCancel={onCancel}
      />
    </form>
  )
}

function VersionTextFields({
  draft,
  set,
  errorOf,
  parent
}: {
  draft: VersionEditDraft
  set: (patch: Partial<VersionEditDraft>) => void
  errorOf: (key: string) => string | undefined
  parent: ReactNode
}) {
  return (
    <>
      <div className="form-row">
        <Field label="Training data" error={errorOf('dataset')} hint={DATASET_HINT} className="grow">
          <input
            className="mono"
            value={draft.dataset}
            onChange={(e) => set({ dataset: e.target.value })}
            placeholder="s3://bucket/churn/train-2025-04.parquet"
            spellCheck={false}
          />
        </Field>
        {parent}
      </div>
      <Field label="Description" error={errorOf('description')} hint="one line, shown in lists">
        <input value={draft.description} onChange={(e) => set({ description: e.target.value })} placeholder="Retrained on April data" />
      </Field>
      <MarkdownEditor
        label="Notes (Markdown)"
        value={draft.notes}
        onChange={(notes) => set({ notes })}
        rows={5}
        error={errorOf('notes')}
        placeholder={NOTES_PLACEHOLDER}
        headingOffset={2}
      />
      <TagsField label="Version tags" value={draft.tags} onChange={(tags) => set({ tags })} error={errorOf('tags')} />
    </>
  )
}

/** Description, notes, training data, parent and tags of a version; its run and artifact stay as registered. */
export function VersionDetailsForm({ version, onDone }: { version: VersionDetail; onDone: () => void }) {
  const { draft, set, local, setLocal } = useDraft<VersionEditDraft>(() => versionEditDraftOf(version))
  const model = useChannel('models:get', { id: version.modelId })
  const update = useCommand('models:updateVersion', [...REGISTRY_QUERIES])
  const errors = formErrors(update.error, VERSION_EDIT_KEYS, local)
  return (
    <form
      className="card stacked-form models-card"
      aria-label="Edit version"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const built = versionUpdateOf(version.id, draft)
        const problems = draftProblems('models:updateVersion', built, VERSION_EDIT_KEYS)
        setLocal(problems)
        if (built.ok && !problems) update.mutate(built.input, { onSuccess: onDone })
      }}
    >
      <FormHead title={`Edit ${version.modelName} v${version.version}`}>
        The source run and artifact stay as registered; register a new version to change them.
      </FormHead>
      <VersionTextFields
        draft={draft}
        set={set}
        errorOf={errors.of}
        parent={
          <ParentSelect
            versions={model.data?.versions ?? []}
            value={draft.parentVersionId}
            onChange={(parentVersionId) => set({ parentVersionId })}
            error={errors.of('parentVersionId')}
            exclude={version.id}
          />
        }
      />
      <FormFooter
        errors={errors}
        error={local ? null : update.error}
        what="Change"
        pending={update.isPending}
        submitLabel="Save version"
        onCancel={onDone}
      />
    </form>
  )
}
