import type { ExperimentDetail } from '../../../../shared/contract/experiments'

/** Choose one of the experiment's metrics. */
export function MetricSelect({
  metrics,
  value,
  onChange
}: {
  metrics: ExperimentDetail['metrics']
  value: string
  onChange: (key: string) => void
}) {
  return (
    <label className="no-print">
      Metric{' '}
      <select value={value} onChange={(ev) => onChange(ev.target.value)} aria-label="Metric">
        {metrics.map((m) => (
          <option key={m.key} value={m.key}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  )
}
