import type { ChannelOutput } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import type { MaintenanceDraft, MaintenanceScope } from './maintenanceDraft'
import { ServicePicker } from './ServicePicker'

type Service = ChannelOutput<'health:overview'>[number]

const SCOPES: { value: MaintenanceScope; label: string }[] = [
  { value: 'all', label: 'Every service' },
  { value: 'services', label: 'Chosen services' },
  { value: 'environment', label: 'An environment' },
  { value: 'tag', label: 'Services with a tag' }
]

/** Which services a window covers: all, a list, an environment or a tag (key or key=value). */
export function MaintenanceScopeFields({
  draft,
  set,
  errorOf,
  services
}: {
  draft: MaintenanceDraft
  set: (patch: Partial<MaintenanceDraft>) => void
  errorOf: (key: string) => string | undefined
  services: Service[]
}) {
  const environments = [...new Set(services.map((s) => s.environment))].sort()
  const tags = [...new Set(services.flatMap((s) => Object.entries(s.tags).flatMap(([k, v]) => [k, `${k}=${v}`])))].sort()
  return (
    <div className="form-row">
      <Field label="Applies to" error={errorOf('scope')} className="medium">
        <select value={draft.scope} onChange={(e) => set({ scope: e.target.value as MaintenanceScope })}>
          {SCOPES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      {draft.scope === 'services' && (
        <ServicePicker
          services={services}
          chosen={draft.serviceIds}
          onChange={(serviceIds) => set({ serviceIds })}
          error={errorOf('serviceIds')}
        />
      )}
      {draft.scope === 'environment' && (
        <Field label="Environment" error={errorOf('environment')}>
          <select value={draft.environment} onChange={(e) => set({ environment: e.target.value })}>
            <option value="">Choose…</option>
            {environments.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
        </Field>
      )}
      {draft.scope === 'tag' && (
        <Field label="Tag" error={errorOf('tag')} hint="key (any value) or key=value">
          <input value={draft.tag} list="maintenance-tags" onChange={(e) => set({ tag: e.target.value })} placeholder="team=payments" />
        </Field>
      )}
      <datalist id="maintenance-tags">
        {tags.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
    </div>
  )
}
