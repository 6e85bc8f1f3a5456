import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'
import { useChannel } from '../../lib/queries'
import { RANGES, useMetricsUi } from './store'

const TABS = [
  { sub: '', label: 'Fleet' },
  { sub: 'explore', label: 'Explore & forecast' },
  { sub: 'rules', label: 'Rules' },
  { sub: 'advice', label: 'Advice' },
  { sub: 'sources', label: 'Sources & scraping' }
]

/** The pages of the Metrics area, and the source and range every page reads. */
export function MetricsNav({ current, range = true }: { current: string; range?: boolean }) {
  const sources = useChannel('metrics:sources')
  const { sourceId, hours, set } = useMetricsUi()
  return (
    <>
      <SubNav
        label="Metrics pages"
        items={TABS.map((t) => ({ href: href(t.sub ? `/metrics/${t.sub}` : '/metrics'), label: t.label, active: t.sub === current }))}
      />
      <div className="toolbar">
        <label>
          Source{' '}
          <select aria-label="Metric source" value={sourceId} onChange={(e) => set({ sourceId: Number(e.target.value) })}>
            <option value={0}>Built-in store (scraped here)</option>
            {sources.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.url})
              </option>
            ))}
          </select>
        </label>
        {range && (
          <label>
            Range{' '}
            <select aria-label="Time range" value={hours} onChange={(e) => set({ hours: Number(e.target.value) })}>
              {RANGES.map((r) => (
                <option key={r.hours} value={r.hours}>
                  last {r.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </>
  )
}
