import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { DriftTabs } from './DriftTabs'
import { formatShare } from './driftFormat'
import { RunState } from './RunState'

export function ChecksListPage() {
  const checks = useChannel('drift:checks')
  const datasets = useChannel('drift:datasets')
  const noData = datasets.data && datasets.data.length === 0
  return (
    <div className="page drift-page">
      <PageHeader
        title="Drift"
        subtitle="Data and prediction drift of model versions: reference (training) data against a production window."
        actions={
          <a className="button primary" href={href('/drift/checks/new')}>
            New check
          </a>
        }
      />
      <DriftTabs current="" />
      {checks.isPending && <Loading what="drift checks" />}
      {checks.error && <ErrorNotice error={checks.error} />}
      {checks.data && checks.data.length === 0 && (
        <EmptyState
          title="No drift checks yet"
          action={
            noData ? (
              <a className="button primary" href={href('/drift/datasets/import')}>
                Import a dataset
              </a>
            ) : (
              <a className="button primary" href={href('/drift/checks/new')}>
                Create a check
              </a>
            )
          }
        >
          {noData
            ? 'First import two datasets (CSV or Parquet): the reference the model was trained on and a current production window. Then create a check that compares them.'
            : 'Create a check: pick the model version, its reference and current datasets, and a schedule.'}
        </EmptyState>
      )}
      {checks.data && checks.data.length > 0 && (
        <section className="card">
          <table className="table drift-checks">
            <thead>
              <tr>
                <th>Check</th>
                <th>Model / version</th>
                <th>Reference → current</th>
                <th>Schedule</th>
                <th>Last run</th>
                <th className="num">Drift score</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {checks.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={href(`/drift/checks/${c.id}`)}>{c.name}</a>
                  </td>
                  <td className="mono">{c.model || c.version ? `${c.model || '—'} / ${c.version || '—'}` : '—'}</td>
                  <td>
                    {c.referenceName ?? '?'} → {c.currentName ?? '?'}
                  </td>
                  <td className="mono" title={c.schedule ? `in ${c.timezone}` : undefined}>
                    {c.schedule ? `${c.schedule} (${c.timezone})` : 'on demand'}
                  </td>
                  <td>{c.lastRun ? formatTime(c.lastRun.startedAt) : 'never'}</td>
                  <td className="num">{formatShare(c.lastRun?.share)}</td>
                  <td>{c.lastRun ? <RunState run={c.lastRun} /> : <span className="muted">not run yet</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
