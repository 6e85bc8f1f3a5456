import type { ChannelOutput } from '../../../../shared/contract'
import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { StatePill } from '../../components/StatePill'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { TimeAgo } from '../../components/TimeAgo'
import { ProvisionedNote } from '../../components/ProvisionedNote'

type Service = ChannelOutput<'services:get'>
const AFFECTED = ['services:get', 'health:overview'] as const

/** Name, state since when, where it runs, and the service-wide actions. */
export function ServiceDetailHeader({ service: s }: { service: Service }) {
  const pause = useCommand('checks:pause', [...AFFECTED])
  const resume = useCommand('checks:resume', [...AFFECTED])
  const remove = useCommand('services:delete', ['health:overview', 'maintenance:list'])
  const allPaused = s.checks.length > 0 && s.checks.every((c) => c.paused)
  const error = pause.error ?? resume.error ?? remove.error
  return (
    <header className="detail-header">
      <div className="detail-title">
        <a href={href('/services')} className="muted small">
          ← Services
        </a>
        <h1>
          {s.name} <StatePill state={s.state} />
        </h1>
        <p className="subtitle">
          {s.environment} · {s.region} · {s.state} since <TimeAgo at={s.since} />
          {s.description && <> · {s.description}</>}
        </p>
        <ProvisionedNote kind="services" object={`${s.environment}/${s.name}`} />
      </div>
      <div className="actions">
        <a className="button" href={href(`/services/${s.id}/edit`)}>
          Edit service
        </a>
        <a className="button" href={href(`/services/new/${s.id}`)}>
          Clone
        </a>
        {allPaused ? (
          <button onClick={() => resume.mutate({ serviceId: s.id })} disabled={resume.isPending}>
            Resume all checks
          </button>
        ) : (
          <button onClick={() => pause.mutate({ serviceId: s.id })} disabled={pause.isPending || s.checks.length === 0}>
            Pause all checks
          </button>
        )}
        <ConfirmButton
          className="danger"
          disabled={remove.isPending}
          question={`Delete ${s.name}, its ${s.checks.length} checks and all their history? This cannot be undone.`}
          onConfirm={() => remove.mutate({ id: s.id }, { onSuccess: () => navigate('/services') })}
        >
          Delete service
        </ConfirmButton>
      </div>
      {error && <ErrorNotice error={error} title="The action failed" />}
    </header>
  )
}
