import { useEffect, useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { placeErrors } from '../../lib/formErrors'
import { useChannel, useCommand } from '../../lib/queries'

type View = ChannelOutput<'extensions:settingsOf'>
type FieldDef = View['fields'][number]
type Draft = Record<string, string | boolean>

/** What the inputs hold: text as typed (objects and lists as JSON), checkboxes as booleans; a secret starts empty. */
function draftOf(v: View): Draft {
  const d: Draft = {}
  for (const f of v.fields) {
    const value = v.values[f.key]
    d[f.key] =
      f.type === 'boolean'
        ? value === true
        : f.secret || value === null || value === undefined
          ? ''
          : typeof value === 'object'
            ? JSON.stringify(value, null, 2)
            : String(value)
  }
  return d
}

/** Text of a JSON field as a value; unreadable text goes as it is, and main names the field. */
const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The values to save: numbers parsed (NaN goes to main, which names the field); a secret left empty is kept. */
function valuesOf(fields: FieldDef[], d: Draft, clear: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const v = d[f.key]
    if (f.type === 'boolean') out[f.key] = v === true
    else if (f.secret) {
      if (v !== '') out[f.key] = String(v)
      else if (clear.includes(f.key)) out[f.key] = null
    } else if (v === '') out[f.key] = null
    else if (f.type === 'object' || f.type === 'array') out[f.key] = jsonOf(String(v))
    else out[f.key] = f.type === 'string' ? String(v) : Number(v)
  }
  return out
}

/** An extension's settings, rendered from the schema in its manifest; main validates and seals secret fields. */
export function ExtensionSettingsForm({ id }: { id: string }) {
  const view = useChannel('extensions:settingsOf', { id })
  const save = useCommand('extensions:setSettingsOf', ['extensions:settingsOf', 'extensions:get'])
  const [draft, setDraft] = useState<Draft>({})
  const [clear, setClear] = useState<string[]>([])
  useEffect(() => {
    if (view.data) setDraft(draftOf(view.data))
  }, [view.data])
  if (!view.data || view.data.fields.length === 0) return null
  const { fields, secrets } = view.data
  const { placed, unplaced } = placeErrors(
    save.error,
    fields.map((f) => `values.${f.key}`)
  )
  const submit = () => {
    const values = valuesOf(fields, draft, clear)
    save.mutate({ id, values }, { onSuccess: () => setClear([]) })
  }
  return (
    <section className="card" aria-label="Extension settings">
      <h2>Settings</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        {fields.map((f) => (
          <SettingInput
            key={f.key}
            field={f}
            value={draft[f.key] ?? ''}
            onChange={(v) => setDraft({ ...draft, [f.key]: v })}
            error={placed[`values.${f.key}`]}
            secretHint={clear.includes(f.key) ? undefined : secrets[f.key]}
            onClear={() => setClear([...clear, f.key])}
          />
        ))}
        {unplaced.length > 0 && <ErrorNotice error={new Error(unplaced.join(' '))} title="Not saved" />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save settings
          </button>
          {save.isSuccess && !save.isPending && <span className="muted"> Saved; the extension was told.</span>}
        </div>
      </form>
    </section>
  )
}

function SettingInput(props: {
  field: FieldDef
  value: string | boolean
  onChange: (v: string | boolean) => void
  error: string | undefined
  /** The stored secret's hint (••••abcd), absent when none is stored. */
  secretHint: string | undefined
  onClear: () => void
}) {
  const { field: f, value, onChange, error, secretHint, onClear } = props
  const label = `${f.title}${f.required ? ' *' : ''}`
  const hint = [
    f.description,
    f.default !== undefined && !f.secret ? `Default: ${typeof f.default === 'object' ? JSON.stringify(f.default) : String(f.default)}` : ''
  ]
    .filter(Boolean)
    .join(' · ')
  if (f.type === 'boolean')
    return (
      <label className="checkbox">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}
        {hint && <span className="muted"> — {hint}</span>}
      </label>
    )
  if (f.enum)
    return (
      <Field label={label} error={error} hint={hint || undefined}>
        <select value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {!f.required && <option value="">{f.default === undefined ? '(none)' : `default (${String(f.default)})`}</option>}
          {f.enum.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
      </Field>
    )
  if (f.secret)
    return (
      <>
        <Field
          label={label}
          error={error}
          hint={`${secretHint ? 'A value is stored (encrypted); type to replace it.' : 'Not set.'}${hint ? ` ${hint}` : ''}`}
        >
          <input
            type="password"
            autoComplete="off"
            value={String(value)}
            placeholder={secretHint ? `${secretHint} (stored)` : ''}
            onChange={(e) => onChange(e.target.value)}
          />
        </Field>
        {secretHint && (
          <button type="button" className="link" onClick={onClear}>
            Clear the stored value
          </button>
        )}
      </>
    )
  if (f.type === 'object' || f.type === 'array')
    return (
      <Field label={label} error={error} hint={`${f.type === 'object' ? 'A JSON object' : 'A JSON list'}${hint ? `. ${hint}` : ''}`}>
        <textarea rows={4} spellCheck={false} value={String(value)} onChange={(e) => onChange(e.target.value)} />
      </Field>
    )
  const numeric = f.type === 'number' || f.type === 'integer'
  return (
    <Field label={label} error={error} hint={hint || undefined}>
      <input
        type={numeric ? 'number' : 'text'}
        step={f.type === 'integer' ? 1 : 'any'}
        min={f.minimum}
        max={f.maximum}
        value={String(value)}
        placeholder={f.default === undefined ? '' : String(f.default)}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  )
}
