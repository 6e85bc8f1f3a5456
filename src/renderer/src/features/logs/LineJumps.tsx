import { href } from '../../app/router'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'

/** From a log line to its service, the service's health at that moment and the alerts open then. */
export function LineJumps({ ts, serviceId, service }: { ts: number; serviceId: number | null; service: string | undefined }) {
  const svc = useChannel('services:get', { id: serviceId ?? 1 }, { enabled: serviceId !== null })
  const checks = svc.data?.checks.slice(0, 3) ?? []
  const alerts = useChannel(
    'alerts:list',
    serviceId !== null ? { serviceId, limit: 500 } : { label: `service=${service ?? ''}`, limit: 500 },
    { enabled: serviceId !== null || !!service }
  )
  const open = (alerts.data ?? []).filter((a) => a.pendingSince <= ts && (a.resolvedAt === null || a.resolvedAt >= ts))
  return (
    <div className="log-jumps" aria-label="At this time">
      <h4>At {formatTime(ts)}</h4>
      <ul>
        <li>
          Service:{' '}
          {serviceId !== null ? (
            <a href={href(`/services/${serviceId}`)}>{svc.data?.name ?? service ?? `service ${serviceId}`}</a>
          ) : (
            <span className="muted">{service ? `${service} (not a monitored service)` : 'none'}</span>
          )}
        </li>
        {checks.map((c) => (
          <CheckAt key={c.id} checkId={c.id} name={c.name} ts={ts} serviceId={serviceId!} />
        ))}
        <li>
          Alerts open then:{' '}
          {open.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            open.map((a) => (
              <a key={a.id} className="tag" href={href(`/alerts/${a.id}`)}>
                {a.ruleName} ({a.state})
              </a>
            ))
          )}
        </li>
      </ul>
    </div>
  )
}

function CheckAt({ checkId, name, ts, serviceId }: { checkId: number; name: string; ts: number; serviceId: number }) {
  const r = useChannel('health:results', { checkId, before: ts + 1, limit: 1 })
  const at = r.data?.[0]
  return (
    <li>
      Health of {name}:{' '}
      {at ? (
        <a href={href(`/services/${serviceId}`)}>
          <span className={`pill ${at.status}`}>{at.status}</span> {at.latencyMs.toFixed(0)} ms at {formatTime(at.ts)}
        </a>
      ) : (
        <span className="muted">no result before then</span>
      )}
    </li>
  )
}
