import type { ChannelOutput } from '../../../../shared/contract'

type Service = ChannelOutput<'health:overview'>[number]

/** Tick several services (maintenance windows, status pages); the error sits under the list. */
export function ServicePicker({
  services,
  chosen,
  onChange,
  error
}: {
  services: Service[]
  chosen: number[]
  onChange: (ids: number[]) => void
  error?: string | undefined
}) {
  const toggle = (id: number, on: boolean): void => onChange(on ? [...chosen, id] : chosen.filter((x) => x !== id))
  return (
    <fieldset className={`field grow${error ? ' has-error' : ''}`}>
      <legend className="field-label">Services ({chosen.length} chosen)</legend>
      <div className="check-list" role="group" aria-label="Services">
        {services.length === 0 && <span className="muted">No services yet: add one on the Services page first.</span>}
        {services.map((s) => (
          <label key={s.id} className="checkbox">
            <input type="checkbox" checked={chosen.includes(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
            {s.name} <span className="muted">({s.environment})</span>
          </label>
        ))}
      </div>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  )
}
