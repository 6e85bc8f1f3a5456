import { useMemo, useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { href } from '../../app/router'
import { formatLatency, formatRate } from './healthFormat'

type Endpoint = ChannelOutput<'health:usage'>['endpoints'][number]
type SortKey = 'count' | 'errorRate' | 'meanMs' | 'p95Ms' | 'serviceName'

const COLUMNS: { key: SortKey; label: string; num: boolean }[] = [
  { key: 'count', label: 'Checks run', num: true },
  { key: 'errorRate', label: 'Error rate', num: true },
  { key: 'meanMs', label: 'Mean', num: true },
  { key: 'p95Ms', label: 'p95', num: true }
]

/** One row per endpoint (check), sortable by any figure. */
export function UsageTable({ endpoints }: { endpoints: Endpoint[] }) {
  const [sort, setSort] = useState<SortKey>('count')
  const rows = useMemo(
    () =>
      [...endpoints].sort((a, b) =>
        sort === 'serviceName' ? a.serviceName.localeCompare(b.serviceName) : (b[sort] ?? -1) - (a[sort] ?? -1)
      ),
    [endpoints, sort]
  )
  const th = (key: SortKey, label: string, num: boolean) => (
    <th key={key} className={num ? 'num' : ''} aria-sort={sort === key ? (key === 'serviceName' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => setSort(key)}>
        {label}
        {sort === key ? (key === 'serviceName' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  )
  return (
    <div className="table-scroll">
      <table className="table compact usage-table">
        <thead>
          <tr>
            {th('serviceName', 'Service', false)}
            <th>Check</th>
            <th>Target</th>
            {COLUMNS.map((c) => th(c.key, c.label, c.num))}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.checkId}>
              <td>
                <a href={href(`/services/${e.serviceId}`)}>{e.serviceName}</a>
              </td>
              <td>{e.checkName}</td>
              <td className="mono ellipsis" title={e.target}>
                {e.target}
              </td>
              <td className="num">{e.count.toLocaleString()}</td>
              <td className={`num${(e.errorRate ?? 0) > 0.01 ? ' count-down' : ''}`}>{formatRate(e.errorRate)}</td>
              <td className="num">{formatLatency(e.meanMs)}</td>
              <td className="num">{formatLatency(e.p95Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
