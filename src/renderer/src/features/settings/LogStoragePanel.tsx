import { href } from '../../app/router'
import { EmptyState, ErrorNotice } from '../../components/States'
import { formatBytes, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'

/** Space used by each log source, its retention and size cap; retention runs in small batches in the background. */
export function LogStoragePanel() {
  const storage = useChannel('logs:storage')
  const run = useCommand('logs:runRetention', ['logs:storage', 'logs:sources'])
  const rows = (storage.data ?? []).filter((r) => r.kind !== 'loki')
  const total = rows.reduce((a, r) => a + r.estimatedBytes, 0)
  return (
    <section className="card">
      <div className="card-head">
        <h2>Log storage</h2>
        <button onClick={() => run.mutate(undefined)} disabled={run.isPending}>
          {run.isPending ? 'Cleaning up…' : 'Apply retention now'}
        </button>
      </div>
      <p className="muted">
        Space per log source (lines with both search indexes, estimated from the measured bytes on disk per byte of text). Change a source’s
        days or size cap in <a href={href('/logs/sources')}>Logs → Sources</a>.
      </p>
      {storage.error && <ErrorNotice error={storage.error} />}
      {storage.data && rows.length === 0 && <EmptyState title="No log sources">Add one in Logs → Sources.</EmptyState>}
      {rows.length > 0 && (
        <table className="table compact" aria-label="Log storage per source">
          <thead>
            <tr>
              <th>Source</th>
              <th className="num">Lines</th>
              <th className="num">Text</th>
              <th className="num">On disk (est.)</th>
              <th>Oldest line</th>
              <th>Keeps</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.sourceId}>
                <td>{r.name}</td>
                <td className="num">{r.lines.toLocaleString()}</td>
                <td className="num">{formatBytes(r.rawBytes)}</td>
                <td className="num">{formatBytes(r.estimatedBytes)}</td>
                <td>{r.oldest === null ? '—' : formatTime(r.oldest)}</td>
                <td>
                  {r.retentionDays} d{r.maxBytes ? `, at most ${formatBytes(r.maxBytes)}` : ''}
                </td>
              </tr>
            ))}
            <tr>
              <td>
                <strong>Total</strong>
              </td>
              <td className="num">{rows.reduce((a, r) => a + r.lines, 0).toLocaleString()}</td>
              <td className="num">{formatBytes(rows.reduce((a, r) => a + r.rawBytes, 0))}</td>
              <td className="num">
                <strong>{formatBytes(total)}</strong>
              </td>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
      )}
      {run.data && (
        <p className="notice notice-ok" role="status">
          Deleted {run.data.deletedLines.toLocaleString()} lines
          {run.data.removedSources ? ` and ${run.data.removedSources} deleted sources` : ''}.
        </p>
      )}
      {run.error && <ErrorNotice error={run.error} title="Retention failed" />}
    </section>
  )
}
