import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { ResultRow } from './ResultRow'

/** The last raw results of one check, newest first. */
export function RecentResults({ checkId }: { checkId: number }) {
  const results = useChannel('health:results', { checkId, limit: 50 })
  if (results.isPending) return <Loading what="results" />
  if (results.error) return <ErrorNotice error={results.error} />
  if (results.data.length === 0) return <EmptyState title="No results yet">This check has not run since it was added.</EmptyState>
  return (
    <div className="table-scroll results-scroll">
      <table className="table compact">
        <thead>
          <tr>
            <th>Time</th>
            <th>Status</th>
            <th className="num">Latency</th>
            <th className="num">Code</th>
            <th>Error</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {results.data.map((r) => (
            <ResultRow key={r.ts} result={r} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
