import { href } from '../../app/router'
import { SegmentedControl } from '../../components/SegmentedControl'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useClock } from '../../components/useClock'
import { formatAgo } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { useState } from 'react'
import type { IssueState } from '../../../../shared/contract/logs'
import { IssueStatePill, Sparkbars } from './IssueBits'

const FILTERS = [
  { id: 'open', label: 'New and regressed' },
  { id: 'new', label: 'New' },
  { id: 'regressed', label: 'Regressed' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'ignored', label: 'Ignored' },
  { id: 'all', label: 'All' }
] as const
type Filter = (typeof FILTERS)[number]['id']

/** Error issues: error lines grouped by fingerprint, with counts per hour and when they were first and last seen. */
export function IssuesPage() {
  const [filter, setFilter] = useState<Filter>('open')
  const now = useClock((n) => Math.floor(n / 30_000) * 30_000)
  const state = filter === 'open' || filter === 'all' ? undefined : (filter as IssueState)
  const issues = useChannel('logs:issues', { ...(state ? { state } : {}), limit: 500 })
  const rows = (issues.data ?? []).filter((i) => filter !== 'open' || i.state === 'new' || i.state === 'regressed')
  return (
    <section className="card">
      <div className="card-head">
        <h2>Error issues</h2>
        <SegmentedControl label="Which issues" value={filter} options={FILTERS} onChange={setFilter} />
      </div>
      {issues.isPending && <Loading what="issues" />}
      {issues.error && <ErrorNotice error={issues.error} />}
      {issues.data && rows.length === 0 && (
        <EmptyState title="No issues here">
          Error and fatal lines are grouped into issues by exception type, message and top frames as they arrive.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Issue</th>
              <th>Service</th>
              <th>State</th>
              <th className="num">Events</th>
              <th>Last 24 h</th>
              <th>First seen</th>
              <th>Last seen</th>
              <th>Release</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id}>
                <td className="wrap">
                  <a href={href(`/logs/errors/${i.id}`)}>{i.title}</a>
                </td>
                <td>{i.service || '—'}</td>
                <td>
                  <IssueStatePill state={i.state} />
                </td>
                <td className="num">{i.count.toLocaleString()}</td>
                <td>
                  <Sparkbars values={i.last24h} />
                </td>
                <td>{formatAgo(i.firstSeen, now)}</td>
                <td>{formatAgo(i.lastSeen, now)}</td>
                <td className="mono">{i.firstRelease ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
