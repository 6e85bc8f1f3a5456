import { useMemo, useState } from 'react'
import type { Timeseries } from '../../../../shared/contract/experiments'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { AnalysisControls } from './AnalysisControls'
import { buildCumulativeOption } from './charts'
import { SrmGate } from './SrmBanner'
import { useExperimentsUi } from './store'
import { MetricSelect } from './MetricSelect'

export function CumulativeChart({ ts, animation = true, height = 340 }: { ts: Timeseries; animation?: boolean; height?: number }) {
  const option = useMemo(() => buildCumulativeOption(ts, { animation }), [ts, animation])
  return <Chart option={option} height={height} label={`Cumulative lift of ${ts.metric} over control, day by day, with intervals`} />
}

/** Cumulative lift of one metric over time: each day's figure uses every unit and event up to the end of that day. */
export function CumulativePage({ id }: { id: number }) {
  const ui = useExperimentsUi()
  const x = useChannel('experiments:get', { id })
  const r = useChannel('experiments:results', { id, difference: ui.difference, dimension: null })
  const primary = x.data?.metrics.find((m) => m.role === 'primary') ?? x.data?.metrics[0]
  const [metric, setMetric] = useState<string | null>(null)
  const key = metric ?? primary?.key ?? ''
  const ts = useChannel(
    'experiments:timeseries',
    { id, metric: key, difference: ui.difference, ...(ui.engine ? { engine: ui.engine } : {}) },
    { enabled: !!key }
  )
  if (!x.data) return null
  const e = x.data
  if (!e.metrics.length) return <EmptyState title="No metrics">Add metrics in Setup, then import data.</EmptyState>
  return (
    <>
      <AnalysisControls defaults={e} />
      <SrmGate
        experimentId={id}
        srm={r.data?.overall?.srm}
        names={e.variations.map((v) => v.name)}
        weights={e.variations.map((v) => v.weight)}
      >
        <section className="card">
          <div className="card-head">
            <h2>Cumulative lift over time</h2>
            <MetricSelect metrics={e.metrics} value={key} onChange={setMetric} />
          </div>
          <p className="muted small">
            Each point uses every unit exposed and every event seen up to the end of that day (UTC); the band is the interval of the chosen
            engine.
            {ts.data?.engine === 'frequentist' &&
              ' Fixed-horizon intervals are only valid at the planned end: use the sequential engine to look every day.'}
          </p>
          {ts.isPending && <Loading what="the series" />}
          {ts.error && <ErrorNotice error={ts.error} />}
          {ts.data && ts.data.days.length === 0 && (
            <EmptyState title="No data yet">Import exposures and events to draw the series.</EmptyState>
          )}
          {ts.data && ts.data.days.length > 0 && <CumulativeChart ts={ts.data} />}
        </section>
      </SrmGate>
    </>
  )
}
