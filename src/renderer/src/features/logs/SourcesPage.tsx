import { href } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useClock } from '../../components/useClock'
import { formatAgo, formatBytes } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'

/** Every source with its size, newest line and state; push endpoints and Loki connectors too. */
export function SourcesPage() {
  const sources = useChannel('logs:sources', undefined, { refetchInterval: 5000 })
  const status = useChannel('logs:status', undefined, { refetchInterval: 5000 })
  const del = useCommand('logs:deleteSource', ['logs:sources'])
  const test = useCommand('logs:testSource')
  const now = useClock((n) => Math.floor(n / 5000) * 5000)
  const origin = window.location.origin
  return (
    <>
      <section className="card">
        <div className="card-head">
          <h2>Sources</h2>
          <a className="button primary" href={href('/logs/sources/new')}>
            Add a source
          </a>
        </div>
        {status.data && (
          <p className="muted small" data-testid="ingest-status">
            Writer {status.data.running ? 'running' : 'idle'} · {status.data.linesPerSecond.toFixed(0)} lines/s over the last 10 s ·{' '}
            {status.data.queued.toLocaleString()} queued
          </p>
        )}
        {sources.isPending && <Loading what="sources" />}
        {sources.error && <ErrorNotice error={sources.error} />}
        {sources.data?.length === 0 && <EmptyState title="No sources">Add files to tail, or push to this console.</EmptyState>}
        {sources.data && sources.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Service</th>
                <th>What</th>
                <th className="num">Lines</th>
                <th className="num">On disk (est.)</th>
                <th>Newest</th>
                <th>Keeps</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sources.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={href(`/logs/sources/${s.id}`)}>{s.name}</a> {!s.enabled && <span className="pill PAUSED">disabled</span>}
                    {s.lastError && <div className="field-error">{s.lastError}</div>}
                  </td>
                  <td>{s.kind}</td>
                  <td>{s.serviceName ?? '—'}</td>
                  <td className="mono small wrap">
                    {s.kind === 'file' && s.paths.join(', ')}
                    {s.kind === 'push' &&
                      s.pushPaths.map((p) => (
                        <div key={p}>
                          POST {origin}
                          {p}
                        </div>
                      ))}
                    {s.kind === 'loki' && s.url}
                  </td>
                  <td className="num">{s.kind === 'loki' ? '—' : s.lines.toLocaleString()}</td>
                  <td className="num">{s.kind === 'loki' ? '—' : formatBytes(s.estimatedBytes)}</td>
                  <td>{s.kind === 'loki' ? '—' : formatAgo(s.newest, now)}</td>
                  <td>{s.kind === 'loki' ? '—' : `${s.retentionDays} d${s.maxBytes ? `, ≤ ${formatBytes(s.maxBytes)}` : ''}`}</td>
                  <td>
                    {s.kind === 'loki' && (
                      <button onClick={() => test.mutate({ id: s.id })} disabled={test.isPending}>
                        Test
                      </button>
                    )}
                    {!s.builtin && (
                      <ConfirmButton
                        onConfirm={() => del.mutate({ id: s.id })}
                        question={`Delete ${s.name} and its ${s.lines.toLocaleString()} lines?`}
                      >
                        Delete
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {test.data && (
          <p className={`notice ${test.data.ok ? 'notice-ok' : 'notice-error'}`} role="status">
            {test.data.ok
              ? `Loki answered in ${test.data.durationMs} ms with ${test.data.labels.length} labels: ${test.data.labels.slice(0, 8).join(', ')}`
              : test.data.error}
          </p>
        )}
        {del.error && <ErrorNotice error={del.error} title="Not deleted" />}
      </section>
      <section className="card">
        <h2>Pushing logs to this console</h2>
        <p className="muted">
          In serve mode, send with the API token (<span className="mono">Authorization: Bearer …</span>). Add{' '}
          <span className="mono">?source=name</span> for a push source of your own.
        </p>
        <pre className="mono log-sample">{`curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  ${origin}/loki/api/v1/push \\
  -d '{"streams":[{"stream":{"service":"api","level":"error"},"values":[["'$(date +%s%N)'","timeout calling db"]]}]}'

# OpenTelemetry Collector (otlphttp exporter, encoding: json)
exporters:
  otlphttp:
    logs_endpoint: ${origin}/v1/logs
    encoding: json
    headers: { Authorization: "Bearer \${env:TOKEN}" }`}</pre>
      </section>
    </>
  )
}
