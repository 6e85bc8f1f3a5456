import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { FeaturesTabs } from './FeaturesTabs'

/** Training sets, newest first: exact view versions, rows, where the file is, the model version it trained. */
export function TrainingSetsPage() {
  const sets = useChannel('features:trainingSets')
  return (
    <div className="page features-page">
      <PageHeader
        title="Features"
        subtitle="Training sets: point-in-time correct features joined to an entity file, exported with a manifest."
        actions={
          <a className="button primary" href={href('/features/training-sets/new')}>
            New training set
          </a>
        }
      />
      <FeaturesTabs current="training-sets" />
      {sets.isPending && <Loading what="training sets" />}
      {sets.error && <ErrorNotice error={sets.error} />}
      {sets.data?.length === 0 && (
        <EmptyState
          title="No training sets yet"
          action={
            <a className="button primary" href={href('/features/training-sets/new')}>
              New training set
            </a>
          }
        >
          Pick an entity file (join keys, an event_timestamp column and your labels) and the features to join: each row gets the latest
          value known at its timestamp, never a later one.
        </EmptyState>
      )}
      {sets.data && sets.data.length > 0 && (
        <section className="card">
          <table className="table">
            <thead>
              <tr>
                <th>Training set</th>
                <th>Views (exact versions)</th>
                <th className="num">Rows</th>
                <th className="num">Features</th>
                <th>File</th>
                <th>Model version</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {sets.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <a href={href(`/features/training-sets/${t.id}`)}>{t.name}</a>
                  </td>
                  <td className="mono small">{t.views.map((v) => `${v.name}@v${v.version}`).join(', ')}</td>
                  <td className="num">{t.rows.toLocaleString()}</td>
                  <td className="num">{t.featureCount}</td>
                  <td>
                    <span className="tag">{t.format}</span>
                    <div className="mono small ellipsis" title={t.outputPath}>
                      {t.outputPath}
                    </div>
                  </td>
                  <td>
                    {t.modelVersion ? (
                      <a href={href(`/models/version/${t.modelVersion.id}`)}>{t.modelVersion.label}</a>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="nowrap">{formatTime(t.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
