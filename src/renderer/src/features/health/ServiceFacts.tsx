import type { ChannelOutput } from '../../../../shared/contract'
import { StatTile } from '../../components/StatTile'
import { formatLatency, formatUptime } from './healthFormat'
import { TimeAgo } from '../../components/TimeAgo'

type Service = ChannelOutput<'services:get'>

const tone = (u: number | null): 'up' | 'warn' | 'down' | undefined =>
  u === null ? undefined : u >= 0.999 ? 'up' : u >= 0.99 ? 'warn' : 'down'

/** Uptime 24 h / 7 d / 30 d, p95, open incidents, last check. */
export function ServiceFacts({ service: s }: { service: Service }) {
  return (
    <div className="stat-row">
      <StatTile label="uptime 24 h" value={formatUptime(s.uptime24h)} tone={tone(s.uptime24h)} />
      <StatTile label="uptime 7 d" value={formatUptime(s.uptime7d)} tone={tone(s.uptime7d)} />
      <StatTile label="uptime 30 d" value={formatUptime(s.uptime30d)} tone={tone(s.uptime30d)} />
      <StatTile label="p95 latency 24 h" value={formatLatency(s.p95Ms24h)} />
      <StatTile label="open incidents" value={s.openIncidents} tone={s.openIncidents ? 'down' : undefined} />
      <StatTile label="last checked" value={<TimeAgo at={s.lastCheckedAt} />} />
    </div>
  )
}
