import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { ServiceLoadError } from './ServiceLoadError'
import { CheckPanel } from './CheckPanel'
import { IncidentsTable } from './IncidentsTable'
import { LatencyPanel } from './LatencyPanel'
import { MaintenanceTable } from './MaintenanceTable'
import { RangePicker } from './RangePicker'
import { RANGES } from './ranges'
import { ServiceDetailHeader } from './ServiceDetailHeader'
import { ServiceFacts } from './ServiceFacts'
import { TimelinePanel } from './TimelinePanel'
import { formatUptime } from './healthFormat'
import { useHealthUi } from './healthUiStore'
import { useRangeWindow } from './useRangeWindow'

/** Everything about one service: state, uptime, latency, timeline, incidents, checks and maintenance. */
export function ServiceDetailPage({ id }: { id: number }) {
  const service = useChannel('services:get', { id })
  const { range, ...span } = useRangeWindow(service.data?.dataSince ?? null)
  const series = useChannel(
    'health:series',
    { serviceId: id, ...span },
    { placeholderData: (prev) => prev, enabled: service.data !== undefined }
  )
  const auto = useHealthUi((s) => s.range) === 'auto'
  const rangeLabel = `${RANGES.find((r) => r.id === range)?.label ?? range}${auto ? ' (fits the data)' : ''}`

  if (service.isPending)
    return (
      <div className="page">
        <Loading what="service" />
      </div>
    )
  if (service.error) {
    return <ServiceLoadError error={service.error} title={(missing) => (missing ? 'Service not found' : 'Service')} />
  }
  const s = service.data
  return (
    <div className="page">
      <ServiceDetailHeader service={s} />
      <ServiceFacts service={s} />
      <div className="toolbar">
        <span className="muted small">Range</span>
        <RangePicker />
        {series.data && (
          <span className="small">
            uptime over {rangeLabel}: <strong>{formatUptime(series.data.uptime)}</strong>
          </span>
        )}
        {series.isFetching && <span className="muted small">updating…</span>}
      </div>
      {series.error && <ErrorNotice error={series.error} title="Could not load the history" />}
      {series.data && (
        <>
          <LatencyPanel series={series.data} title={s.name} serviceId={s.id} />
          <TimelinePanel series={series.data} title={s.name} serviceId={s.id} />
        </>
      )}
      <IncidentsTable serviceId={id} serviceName={s.name} />
      <h2 className="section-title">Checks</h2>
      {s.checks.length === 0 && <EmptyState title="No checks">This service has no checks, so nothing is measured.</EmptyState>}
      {s.checks.map((c) => (
        <CheckPanel key={c.id} check={c} />
      ))}
      <section className="card">
        <div className="card-head">
          <h2>Maintenance windows</h2>
          <a href={href('/services/maintenance')}>Manage maintenance</a>
        </div>
        {s.maintenance.length === 0 ? (
          <p className="muted">No maintenance window applies to this service.</p>
        ) : (
          <MaintenanceTable windows={s.maintenance} />
        )}
      </section>
    </div>
  )
}
