import { formatDuration, formatTime } from '../../lib/format'

interface Firing {
  at: number
  resolvedAt: number | null
  target: string
}

/** The backtest's firings, newest first. */
export function FiringsList({ firings, nameOf = (t) => t }: { firings: Firing[]; nameOf?: (target: string) => string }) {
  if (firings.length === 0) return null
  const sorted = [...firings].sort((a, b) => b.at - a.at)
  return (
    <div className="results-scroll firings">
      <table className="table compact">
        <thead>
          <tr>
            <th>Fired</th>
            <th>Target</th>
            <th className="num">Lasted</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((f, i) => (
            <tr key={i}>
              <td className="nowrap">{formatTime(f.at)}</td>
              <td>{nameOf(f.target)}</td>
              <td className="num">{f.resolvedAt === null ? 'still firing' : formatDuration(f.resolvedAt - f.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
