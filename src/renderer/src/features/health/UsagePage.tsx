import { useMemo } from 'react'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useStatusColors } from '../../components/statusColors'
import { useChannel } from '../../lib/queries'
import { RangePicker } from './RangePicker'
import { ServicesTabs } from './ServicesTabs'
import { UsageTable } from './UsageTable'
import { buildUsageOption } from './usageChart'
import { useRangeWindow } from './useRangeWindow'

/** How much each endpoint was checked, how often it failed, how fast it answered. */
export function UsagePage() {
  const overview = useChannel('health:overview')
  const since = (overview.data ?? []).map((s) => s.dataSince).filter((t): t is number => t !== null)
  const { from, to } = useRangeWindow(since.length ? Math.min(...since) : null)
  const usage = useChannel('health:usage', { from, to }, { placeholderData: (prev) => prev })
  const colors = useStatusColors()
  const option = useMemo(() => (usage.data ? buildUsageOption(usage.data.series, colors) : null), [usage.data, colors])
  const total = usage.data?.endpoints.reduce((n, e) => n + e.count, 0) ?? 0
  return (
    <div className="page">
      <PageHeader title="API usage" subtitle="Checks run, error rate and latency per endpoint." />
      <ServicesTabs current="usage" />
      <div className="toolbar">
        <span className="muted small">Range</span>
        <RangePicker />
        {usage.data && <span className="muted small">{total.toLocaleString()} checks run in this range</span>}
      </div>
      {usage.isPending && <Loading what="usage" />}
      {usage.error && <ErrorNotice error={usage.error} title="Could not load usage" />}
      {usage.data && usage.data.endpoints.length === 0 && <EmptyState title="No endpoints were checked in this range" />}
      {usage.data && option && usage.data.endpoints.length > 0 && (
        <>
          <section className="card">
            <h2>Checks run and error rate</h2>
            <Chart option={option} height={300} label="Checks run per bucket and error rate over time" />
          </section>
          <section className="card">
            <h2>Per endpoint</h2>
            <UsageTable endpoints={usage.data.endpoints} />
          </section>
        </>
      )}
    </div>
  )
}
