import { useState } from 'react'
import type { ViewDetail } from '../../../../shared/contract/features'
import { ErrorNotice } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'

/** The current definition, every version with what made it, and a diff between any two. */
export function VersionsPanel({ view }: { view: ViewDetail }) {
  const [from, setFrom] = useState(Math.max(0, view.version - 1))
  const [to, setTo] = useState(view.version)
  const diff = useChannel('features:diff', { name: view.name, from, to }, { enabled: view.versionCount > 1 })
  return (
    <div className="grid two align-start">
      <section className="card">
        <h2>Features (v{view.version})</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>Feature</th>
              <th>Type</th>
              <th>Reference</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {view.current.features.map((f) => (
              <tr key={f.name}>
                <td className="mono">{f.name}</td>
                <td>{f.type}</td>
                <td className="mono small">
                  {view.name}@v{view.version}:{f.name}
                </td>
                <td>
                  {f.description || <span className="muted">—</span>}
                  {Object.entries(f.tags).map(([k, x]) => (
                    <span key={k} className="tag">
                      {k}={x}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Versions</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>Version</th>
              <th>Created</th>
              <th>What changed</th>
            </tr>
          </thead>
          <tbody>
            {[...view.versions].reverse().map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td className="nowrap">{formatTime(v.createdAt)}</td>
                <td>{v.change}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.versionCount > 1 ? (
          <>
            <h3>Compare versions</h3>
            <div className="inline-form">
              <VersionSelect label="from" view={view} value={from} onChange={setFrom} />
              <VersionSelect label="to" view={view} value={to} onChange={setTo} />
            </div>
            {diff.error && <ErrorNotice error={diff.error} />}
            {diff.data && (
              <table className="table compact features-diff">
                <tbody>
                  {diff.data.changes.length === 0 && (
                    <tr>
                      <td className="muted">No schema or source difference.</td>
                    </tr>
                  )}
                  {diff.data.changes.map((c, i) => (
                    <tr key={i} className={`diff-${c.kind}`}>
                      <td>{c.kind}</td>
                      <td>{c.what}</td>
                      <td className="mono">{c.name}</td>
                      <td className="mono small">
                        {c.before ?? '—'} → {c.after ?? '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        ) : (
          <p className="muted small">
            One version so far. Changing the schema or source makes the next one; pin a version in a training set with view@v0:feature.
          </p>
        )}
      </section>
    </div>
  )
}

function VersionSelect({
  label,
  view,
  value,
  onChange
}: {
  label: string
  view: ViewDetail
  value: number
  onChange: (v: number) => void
}) {
  return (
    <label>
      {label}{' '}
      <select aria-label={`Diff ${label} version`} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {view.versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
          </option>
        ))}
      </select>
    </label>
  )
}
