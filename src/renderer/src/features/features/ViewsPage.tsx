import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel } from '../../lib/queries'
import { formatDurationShort } from '../../../../shared/duration'
import { FeaturesTabs } from './FeaturesTabs'

/** Every feature view with its current version, online state and statistics. */
export function ViewsPage() {
  const views = useChannel('features:views')
  return (
    <div className="page features-page">
      <PageHeader
        title="Features"
        subtitle="Feature views: versioned definitions over CSV or Parquet sources, point-in-time training sets and an online store."
        actions={
          <>
            <a className="button-link" href={href('/features/code')}>
              Import YAML
            </a>
            <a className="button primary" href={href('/features/views/new')}>
              New view
            </a>
          </>
        }
      />
      <FeaturesTabs current="" />
      {views.isPending && <Loading what="feature views" />}
      {views.error && <ErrorNotice error={views.error} />}
      {views.data?.length === 0 && (
        <EmptyState
          title="No feature views yet"
          action={
            <a className="button primary" href={href('/features/views/new')}>
              New view
            </a>
          }
        >
          Define a view over a CSV or Parquet file (or folder) on this machine: its join keys, event timestamp, TTL and features. Or import
          a folder of YAML definitions under Code.
        </EmptyState>
      )}
      {views.data && views.data.length > 0 && (
        <section className="card">
          <table className="table features-views">
            <thead>
              <tr>
                <th>View</th>
                <th>Join keys</th>
                <th className="num">Features</th>
                <th className="num">Version</th>
                <th className="num">TTL</th>
                <th>Online store</th>
                <th>Statistics</th>
                <th>Owner</th>
              </tr>
            </thead>
            <tbody>
              {views.data.map((v) => (
                <tr key={v.id}>
                  <td>
                    <a href={href(`/features/views/${v.name}`)}>{v.name}</a>
                    {v.description && <div className="muted small ellipsis">{v.description}</div>}
                  </td>
                  <td className="mono">{v.entities.join(', ')}</td>
                  <td className="num">{v.features.length}</td>
                  <td className="num">
                    v{v.version}
                    {v.versionCount > 1 && <span className="muted small"> of {v.versionCount}</span>}
                  </td>
                  <td className="num">{v.ttlSeconds ? formatDurationShort(v.ttlSeconds) : 'none'}</td>
                  <td>
                    {v.online ? (
                      <>
                        {v.online.keys.toLocaleString()} keys (v{v.online.version}) · <TimeAgo at={v.online.at} />
                      </>
                    ) : (
                      <span className="muted">not materialised</span>
                    )}
                  </td>
                  <td>{v.statisticsAt ? <TimeAgo at={v.statisticsAt} /> : <span className="muted">not computed</span>}</td>
                  <td>{v.owner || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
