import { href } from '../../app/router'
import { Field } from '../../components/Field'
import { useChannel } from '../../lib/queries'
import { modelChoices, versionChoices } from './modelChoices'

/** Model and version picked from the registry (the service refuses names it does not have). */
export function ModelVersionFields({
  model,
  version,
  onChange,
  errors
}: {
  model: string
  version: string
  onChange: (patch: { model: string; version: string }) => void
  errors: { model?: string | undefined; version?: string | undefined }
}) {
  const versions = useChannel('models:versions')
  const all = versions.data ?? []
  const models = modelChoices(all, model)
  const choices = versionChoices(all, model, version)
  const empty = versions.isSuccess && all.length === 0
  return (
    <>
      <Field
        label="Model"
        error={errors.model}
        hint={
          empty ? (
            <>
              No model in the registry yet: <a href={href('/models/new')}>register one</a>, or leave none.
            </>
          ) : (
            'From the model registry'
          )
        }
      >
        <select
          value={model}
          aria-label="Model"
          onChange={(e) => {
            const next = e.target.value
            const newest = versionChoices(all, next, '')[0]?.value ?? ''
            onChange({ model: next, version: next ? newest : '' })
          }}
        >
          <option value="">none</option>
          {models.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Version" error={errors.version} className="narrow">
        <select value={version} aria-label="Version" disabled={!model} onChange={(e) => onChange({ model, version: e.target.value })}>
          <option value="">{model ? 'any' : '—'}</option>
          {choices.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
      </Field>
    </>
  )
}
