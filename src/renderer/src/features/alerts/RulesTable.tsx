import type { ChannelOutput } from '../../../../shared/contract'
import { href, navigate } from '../../app/router'
import { formatDuration } from '../../lib/format'
import { SeverityPill } from './SeverityPill'

type Rule = ChannelOutput<'alerts:rules'>[number]

/** Every rule with what it watches and where it notifies; a row opens the editor. */
export function RulesTable({ rules, channelNames }: { rules: Rule[]; channelNames: Map<number, string> }) {
  return (
    <div className="table-scroll">
      <table className="table rules-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Condition</th>
            <th>Target</th>
            <th>Severity</th>
            <th className="num">For</th>
            <th>Channels</th>
            <th>Enabled</th>
            <th className="num">Open alerts</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} className={`clickable${r.enabled ? '' : ' row-disabled'}`} onClick={() => navigate(`/alerts/rules/${r.id}`)}>
              <td>
                <a href={href(`/alerts/rules/${r.id}`)} onClick={(e) => e.stopPropagation()}>
                  {r.name}
                </a>
                {r.builtin && (
                  <span
                    className="tag"
                    title={
                      r.serviceId === null
                        ? 'Created once for the workspace; edit, disable or delete it (it is not created again)'
                        : 'Created for every service; edit or disable it, do not delete it'
                    }
                  >
                    {' '}
                    default
                  </span>
                )}
              </td>
              <td className="wrap">{r.description}</td>
              <td>
                {r.serviceName ? (
                  `${r.serviceName}${r.checkName ? ` · ${r.checkName}` : ''}`
                ) : (
                  <em className="muted">
                    {r.serviceId === null && ['down', 'error_rate', 'latency', 'component', 'value'].includes(String(r.condition.signal))
                      ? 'every service'
                      : '—'}
                  </em>
                )}
              </td>
              <td>
                <SeverityPill severity={r.severity} />
              </td>
              <td className="num nowrap">{r.forS ? formatDuration(r.forS * 1000) : '—'}</td>
              <td className="wrap">
                {r.channelIds.length ? (
                  r.channelIds.map((c) => channelNames.get(c) ?? `#${c}`).join(', ')
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
              <td>{r.enabled ? 'yes' : <span className="muted">no</span>}</td>
              <td className={`num${r.openAlerts ? ' count-down' : ''}`}>{r.openAlerts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
