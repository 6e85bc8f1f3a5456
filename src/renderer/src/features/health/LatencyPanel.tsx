import { useMemo } from 'react'
import type { Series } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { EmptyState } from '../../components/States'
import { useStatusColors } from '../../components/statusColors'
import { withDeployMarkers } from '../../lib/deployMarkers'
import { useDeployMarkers } from '../../lib/useDeployMarkers'
import { buildLatencyOption, hasLatency } from './latencyChart'

/** p50/p95/p99 over the picked range, with the service's deploys; drag or scroll to zoom. */
export function LatencyPanel({ series, title, serviceId }: { series: Series; title: string; serviceId?: number }) {
  const colors = useStatusColors()
  const deploys = useDeployMarkers(series.t[0], (series.t.at(-1) ?? 0) + series.bucketMs, serviceId)
  const option = useMemo(
    () =>
      withDeployMarkers(buildLatencyOption(series, colors), deploys, {
        kind: 'time',
        span: (series.t.at(-1) ?? 0) + series.bucketMs - (series.t[0] ?? 0)
      }),
    [series, colors, deploys]
  )
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
