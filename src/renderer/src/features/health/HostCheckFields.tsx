import { Field } from '../../components/Field'
import type { CheckFieldProps } from './CheckFieldset'

/** Host and port of a TCP check; for a TLS check also the warning threshold and certificate leniency. */
export function HostCheckFields({ draft: d, set, errorOf, prefix: p }: CheckFieldProps) {
  return (
    <>
      <div className="form-row">
        <Field label="Host" error={errorOf(`${p}.host`)} className="grow" hint="host name or IP, no scheme or port">
          <input value={d.host} onChange={(e) => set({ host: e.target.value })} placeholder="db.internal" />
        </Field>
        <Field label="Port" error={errorOf(`${p}.port`)} className="narrow">
          <input
            type="number"
            min={1}
            max={65535}
            value={d.port}
            onChange={(e) => set({ port: e.target.value })}
            placeholder={d.kind === 'tls' ? '443' : '5432'}
          />
        </Field>
        {d.kind === 'tls' && (
          <Field label="Warn before expiry (days)" error={errorOf(`${p}.warnDays`)} className="narrow">
            <input type="number" min={0} value={d.warnDays} onChange={(e) => set({ warnDays: e.target.value })} />
          </Field>
        )}
      </div>
      {d.kind === 'tls' && (
        <label className="checkbox">
          <input type="checkbox" checked={d.ignoreTlsErrors} onChange={(e) => set({ ignoreTlsErrors: e.target.checked })} /> Accept invalid
          certificates (still reports days left)
        </label>
      )}
    </>
  )
}
