import { useMemo } from 'react'
import type { Series } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { EmptyState } from '../../components/States'
import { useStatusColors } from '../../components/statusColors'
import { buildLatencyOption, hasLatency } from './latencyChart'

/** p50/p95/p99 over the picked range; drag or scroll to zoom. */
export function LatencyPanel({ series, title }: { series: Series; title: string }) {
  const colors = useStatusColors()
  const option = useMemo(() => buildLatencyOption(series, colors), [series, colors])
  return (
    <section className="card">
      <div className="card-head">
        <h2>Latency</h2>
        <span className="muted small">
          {series.source === 'hour' ? 'hourly rollups' : 'minute rollups'} · scroll or drag the slider to zoom
        </span>
      </div>
      {hasLatency(series) ? (
        <Chart option={option} height={300} label={`Latency percentiles of ${title}`} />
      ) : (
        <EmptyState title="No latency data in this range">Checks that ran will appear here.</EmptyState>
      )}
    </section>
  )
}
