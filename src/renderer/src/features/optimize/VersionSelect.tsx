import { Field } from '../../components/Field'
import { useChannel } from '../../lib/queries'

/** A registry version picker, for the ensemble and comparison forms. */
export function VersionSelect({
  label,
  value,
  error,
  onChange
}: {
  label: string
  value: string
  error: string | undefined
  onChange: (id: string) => void
}) {
  const versions = useChannel('models:versions')
  return (
    <Field label={label} error={error}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">pick a version…</option>
        {versions.data?.map((v) => (
          <option key={v.id} value={v.id}>
            {v.modelName} v{v.version}
          </option>
        ))}
      </select>
    </Field>
  )
}
