import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { DriftTabs } from './DriftTabs'

export function DatasetPage({ id }: { id: number }) {
  const d = useChannel('drift:dataset', { id })
  const del = useCommand('drift:deleteDataset', ['drift:datasets'])
  if (d.isPending) return <Loading what="dataset" />
  if (d.error) return <ErrorNotice error={d.error} />
  const ds = d.data
  return (
    <div className="page drift-page">
      <PageHeader
        title={ds.name}
        subtitle={`${ds.rows.toLocaleString()} rows · ${ds.columns.length} columns · ${ds.format.toUpperCase()}${ds.model ? ` · ${ds.model} ${ds.version}` : ''}${ds.role !== 'none' ? ` (${ds.role})` : ''}`}
        actions={
          <ConfirmButton
            className="danger"
            question={`Delete the dataset “${ds.name}” and its stored columns?`}
            onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/drift/datasets') })}
          >
            Delete
          </ConfirmButton>
        }
      />
      <DriftTabs current="datasets" />
      {del.error && <ErrorNotice error={del.error} title="Could not delete" />}
      <section className="card">
        <dl className="facts">
          <dt>Source</dt>
          <dd className="mono">{ds.path}</dd>
          <dt>Mode</dt>
          <dd>
            {ds.mode === 'register'
              ? 'Registered: every check run reads the file(s) again'
              : 'Imported: the data was read once and is stored in the workspace'}
          </dd>
          <dt>Format</dt>
          <dd>
            {ds.format.toUpperCase()}
            {ds.format === 'csv' &&
              ` · delimiter “${ds.delimiter === '\t' ? 'tab' : ds.delimiter}” · ${ds.header ? 'header row' : 'no header'} · ${ds.encoding}`}
          </dd>
          <dt>Stored</dt>
          <dd>{formatBytes(ds.bytes)} (one typed-array block per column)</dd>
          <dt>Imported</dt>
          <dd>{formatTime(ds.importedAt)}</dd>
        </dl>
        {ds.warnings.map((w) => (
          <p key={w} className="notice drift-warning">
            {w}
          </p>
        ))}
      </section>
      <section className="card">
        <h2>Schema</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th className="num">Missing</th>
              <th className="num">Distinct</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            {ds.columns.map((c) => (
              <tr key={c.name}>
                <td className="mono">{c.name}</td>
                <td>{c.kind}</td>
                <td className="num">{c.missing.toLocaleString()}</td>
                <td className="num">{c.unique.toLocaleString()}</td>
                <td className="small">{c.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <a href={href('/drift/checks/new')}>Use it in a new check →</a>
      </p>
    </div>
  )
}
