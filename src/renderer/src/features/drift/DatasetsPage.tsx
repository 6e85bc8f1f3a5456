import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes, formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { DriftTabs } from './DriftTabs'

export function DatasetsPage() {
  const datasets = useChannel('drift:datasets')
  return (
    <div className="page drift-page">
      <PageHeader
        title="Drift"
        subtitle="Datasets: files imported into the workspace, or registered paths that every check run reads again."
        actions={
          <a className="button primary" href={href('/drift/datasets/import')}>
            Import data
          </a>
        }
      />
      <DriftTabs current="datasets" />
      {datasets.isPending && <Loading what="datasets" />}
      {datasets.error && <ErrorNotice error={datasets.error} />}
      {datasets.data && datasets.data.length === 0 && (
        <EmptyState
          title="No datasets yet"
          action={
            <a className="button primary" href={href('/drift/datasets/import')}>
              Import data
            </a>
          }
        >
          Import a CSV or Parquet file (or register a folder) from the machine that runs the console: one for the model’s training data, one
          for a production window.
        </EmptyState>
      )}
      {datasets.data && datasets.data.length > 0 && (
        <section className="card">
          <table className="table">
            <thead>
              <tr>
                <th>Dataset</th>
                <th>Model / version</th>
                <th>Role</th>
                <th className="num">Rows</th>
                <th className="num">Columns</th>
                <th>Source</th>
                <th className="num">Stored</th>
                <th>Imported</th>
              </tr>
            </thead>
            <tbody>
              {datasets.data.map((d) => (
                <tr key={d.id}>
                  <td>
                    <a href={href(`/drift/datasets/${d.id}`)}>{d.name}</a>
                    {d.warnings.length > 0 && (
                      <span className="pill warn drift-pill-gap" title={d.warnings.join('\n')}>
                        {d.warnings.length} warning{d.warnings.length > 1 ? 's' : ''}
                      </span>
                    )}
                  </td>
                  <td className="mono">{d.model || d.version ? `${d.model || '—'} / ${d.version || '—'}` : '—'}</td>
                  <td>{d.role === 'none' ? '—' : d.role}</td>
                  <td className="num">{d.rows.toLocaleString()}</td>
                  <td className="num">{d.columnCount}</td>
                  <td>
                    <span className="tag">{d.format}</span>{' '}
                    <span className="tag">{d.mode === 'register' ? 're-read each run' : 'imported'}</span>
                    <div className="mono small ellipsis" title={d.path}>
                      {d.path}
                    </div>
                  </td>
                  <td className="num">{formatBytes(d.bytes)}</td>
                  <td>{formatTime(d.importedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
