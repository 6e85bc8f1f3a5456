import { memo } from 'react'
import type { ServiceSummary } from '../../../../shared/contract'
import { href } from '../../app/router'
import { StatePill } from '../../components/StatePill'
import { formatLatency, formatUptime } from './healthFormat'
import { TimeAgo } from '../../components/TimeAgo'
import { Sparkline } from './Sparkline'
import { sparklineNote } from './sparklineChart'

/**
 * One service in the status grid; the whole card links to its detail page. Memoised: react-query keeps
 * unchanged services identical between refetches, so a refresh re-renders only the cards that changed.
 */
export const ServiceCard = memo(function ServiceCard({ service: s }: { service: ServiceSummary }) {
  const note = sparklineNote(s.sparkline)
  return (
    <a className={`service-card state-${s.state}`} href={href(`/services/${s.id}`)} data-service={s.name}>
      <div className="service-card-head">
        <span className="service-card-name" title={s.description || s.name}>
          {s.name}
        </span>
        <StatePill state={s.state} />
      </div>
      <dl className="uptimes">
        <div>
          <dt>24 h</dt>
          <dd>{formatUptime(s.uptime24h)}</dd>
        </div>
        <div>
          <dt>7 d</dt>
          <dd>{formatUptime(s.uptime7d)}</dd>
        </div>
        <div>
          <dt>30 d</dt>
          <dd>{formatUptime(s.uptime30d)}</dd>
        </div>
      </dl>
      <div className="sparkline-row">
        <span className="sparkline-caption">
          p95 24 h <strong>{formatLatency(s.p95Ms24h)}</strong>
          {note && <> · {note}</>}
        </span>
        {!note && <Sparkline values={s.sparkline} label={`p95 latency of ${s.name} per hour over 24 hours`} />}
      </div>
      <div className="service-card-foot">
        <span className={s.openIncidents > 0 ? 'incidents open' : 'incidents'}>
          {s.openIncidents === 1 ? '1 open incident' : `${s.openIncidents} open incidents`}
        </span>
        <span className="muted">
          checked <TimeAgo at={s.lastCheckedAt} />
        </span>
      </div>
    </a>
  )
})
