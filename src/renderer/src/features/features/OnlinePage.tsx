import { useMemo } from 'react'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { FeaturesTabs } from './FeaturesTabs'
import { OnlineLookup } from './OnlineLookup'

/** Feature vectors from the online store for any materialised features, with the TTL applied on read. */
export function OnlinePage() {
  const views = useChannel('features:views')
  const served = useMemo(() => (views.data ?? []).filter((v) => v.online && v.online.version === v.version), [views.data])
  const first = served[0]
  return (
    <div className="page features-page">
      <PageHeader
        title="Features"
        subtitle="Online lookup: the latest materialised values per entity; a value older than its view's TTL comes back null, with its age."
      />
      <FeaturesTabs current="online" />
      <section className="card">
        {views.isPending && <Loading what="feature views" />}
        {views.error && <ErrorNotice error={views.error} />}
        {views.data && !first && (
          <p className="muted">No view is materialised yet: open a view, then Online store → Materialise incrementally.</p>
        )}
        {first && (
          <>
            <p className="muted small">
              Served views: {served.map((v) => `${v.name} (${v.entities.join(', ')}; v${v.version})`).join(' · ')}
            </p>
            <OnlineLookup key={first.name} features={first.features.map((f) => `${first.name}:${f}`)} keys={first.entities} />
          </>
        )}
      </section>
    </div>
  )
}
