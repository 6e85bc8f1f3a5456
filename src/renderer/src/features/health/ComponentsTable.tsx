import type { CheckView } from '../../../../shared/contract'
import { StatePill } from '../../components/StatePill'
import { formatIsoTime, formatObserved } from './healthFormat'

/** The components an endpoint reported in its health+json (or actuator) body. */
export function ComponentsTable({ components }: { components: CheckView['components'] }) {
  return (
    <div className="table-scroll">
      <table className="table compact components-table">
        <thead>
          <tr>
            <th>Component</th>
            <th>Status</th>
            <th className="num">Observed</th>
            <th>Time</th>
            <th>Output</th>
          </tr>
        </thead>
        <tbody>
          {components.map((c) => (
            <tr key={c.key}>
              <td className="mono" title={c.componentType ? `type: ${c.componentType}` : undefined}>
                {c.key}
              </td>
              <td>
                <StatePill state={c.status} />
              </td>
              <td className="num">{formatObserved(c.observedValue, c.observedUnit)}</td>
              <td className="small nowrap">{formatIsoTime(c.time)}</td>
              <td className="wrap small">{c.output ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
