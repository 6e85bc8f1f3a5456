import { useMemo } from 'react'
import type { Series } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { useStatusColors } from '../../components/statusColors'
import { formatBucket } from '../../lib/format'
import { buildTimelineOption } from './timelineChart'

/** Share of up, degraded, down and maintenance results per bucket; grey where nothing ran. */
export function TimelinePanel({ series, title }: { series: Series; title: string }) {
  const colors = useStatusColors()
  const option = useMemo(() => buildTimelineOption(series, colors), [series, colors])
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
