import { useMemo } from 'react'
import type { Series } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { useStatusColors } from '../../components/statusColors'
import { formatBucket } from '../../lib/format'
import { bucketIndexOf, withDeployMarkers } from '../../lib/deployMarkers'
import { useDeployMarkers } from '../../lib/useDeployMarkers'
import { buildTimelineOption } from './timelineChart'

/** Share of up, degraded, down and maintenance results per bucket, with the service's deploys; grey where nothing ran. */
export function TimelinePanel({ series, title, serviceId }: { series: Series; title: string; serviceId?: number }) {
  const colors = useStatusColors()
  const deploys = useDeployMarkers(series.t[0], (series.t.at(-1) ?? 0) + series.bucketMs, serviceId)
  const option = useMemo(
    () =>
      withDeployMarkers(buildTimelineOption(series, colors), deploys, {
        kind: 'index',
        indexOf: bucketIndexOf(series.t, series.bucketMs),
        count: series.t.length
      }),
    [series, colors, deploys]
  )
  return (
    <section className="card">
      <div className="card-head">
        <h2>Status timeline</h2>
        <span className="muted small">one bar per {formatBucket(series.bucketMs)} · grey: nothing ran</span>
      </div>
      <Chart option={option} height={150} label={`Status per time bucket of ${title}`} />
    </section>
  )
}
