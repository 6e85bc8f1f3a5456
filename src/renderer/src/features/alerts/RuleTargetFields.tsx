import { Field } from '../../components/Field'
import { useChannel } from '../../lib/queries'
import type { RuleFieldsProps } from './ruleEditorSupport'

/** Which service (or one of its checks) a health rule watches; none = every service. */
export function RuleTargetFields({ draft, set, errorOf }: RuleFieldsProps) {
  const services = useChannel('health:overview')
  const service = useChannel('services:get', { id: Number(draft.serviceId) }, { enabled: draft.serviceId !== '' })
  return (
    <div className="form-row">
      <Field
        label="Service"
        error={errorOf('serviceId')}
        hint={draft.serviceId === '' ? 'Every service: one alert per service that matches.' : undefined}
      >
        <select value={draft.serviceId} onChange={(e) => set({ serviceId: e.target.value, checkId: '' })}>
          <option value="">Every service</option>
          {(services.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.environment})
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Check"
        error={errorOf('checkId')}
        hint={draft.serviceId === '' ? 'Pick a service first to choose one of its checks.' : undefined}
      >
        <select value={draft.checkId} disabled={!draft.serviceId} onChange={(e) => set({ checkId: e.target.value })}>
          <option value="">All checks of the service</option>
          {(service.data?.checks ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
    </div>
  )
}
