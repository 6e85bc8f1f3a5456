import { useChannel } from '../../lib/queries'

/** A select of the workspace's services (from health), with "none" when `optional`. */
export function ServicePicker({
  value,
  onChange,
  optional,
  label
}: {
  value: string
  onChange: (v: string) => void
  optional?: string
  label: string
}) {
  const services = useChannel('health:overview')
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {optional !== undefined && <option value="">{optional}</option>}
      {!optional && !value && <option value="">choose a service…</option>}
      {services.data?.map((s) => (
        <option key={s.id} value={String(s.id)}>
          {s.name} ({s.environment})
        </option>
      ))}
    </select>
  )
}
