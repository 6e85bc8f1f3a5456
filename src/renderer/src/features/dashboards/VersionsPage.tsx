import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { href, navigate } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { call } from '../../lib/client'
import { useChannel } from '../../lib/queries'

/** The saved versions of a dashboard: who, when, why; a diff of any two; restoring one as a new version. */
export function VersionsPage({ uid }: { uid: string }) {
  const client = useQueryClient()
  const dash = useChannel('dashboards:get', { uid })
  const versions = useChannel('dashboards:versions', { uid })
  const [pair, setPair] = useState<[number, number] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const list = versions.data ?? []
  const [a, b] = pair ?? [list[1]?.version ?? 0, list[0]?.version ?? 0]

  const restore = async (version: number) => {
    setError(null)
    try {
      await call('dashboards:restore', { uid, version, baseVersion: dash.data!.version })
      await client.invalidateQueries({ queryKey: ['dashboards:versions'] })
      await client.invalidateQueries({ queryKey: ['dashboards:get'] })
      setPair(null)
    } catch (e) {
      setError(e)
    }
  }

  if (versions.error) return <ErrorNotice error={versions.error} />
  if (!versions.data || !dash.data) return <Loading what="versions" />
  return (
    <div className="page dashboards-page">
      <PageHeader
        title={`${dash.data.model.title}: versions`}
        subtitle="Every save is a version; the last 50 are kept. Pick two to compare, or restore one as a new version."
        actions={<a href={href(`/dashboards/d/${uid}`)}>Back to the dashboard</a>}
      />
      {error !== null && <ErrorNotice error={error} title="Not restored" />}
      <div className="table-scroll card">
        <table className="table">
          <thead>
            <tr>
              <th>Old</th>
              <th>New</th>
              <th className="num">Version</th>
              <th>Saved by</th>
              <th>When</th>
              <th>Message</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <tr key={v.version}>
                <td>
                  <input
                    type="radio"
                    name="old"
                    aria-label={`Compare from version ${v.version}`}
                    checked={a === v.version}
                    onChange={() => setPair([v.version, b])}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="new"
                    aria-label={`Compare to version ${v.version}`}
                    checked={b === v.version}
                    onChange={() => setPair([a, v.version])}
                  />
                </td>
                <td className="num">{v.version}</td>
                <td>{v.author}</td>
                <td>{new Date(v.createdAt).toLocaleString()}</td>
                <td>{v.message || <span className="muted">no message</span>}</td>
                <td>
                  {v.version !== dash.data!.version && (
                    <button onClick={() => restore(v.version)} aria-label={`Restore version ${v.version}`}>
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {a > 0 && b > 0 && a !== b ? (
        <Diff uid={uid} a={a} b={b} />
      ) : (
        <EmptyState title="Pick two versions to compare">Choose an old and a new version in the table.</EmptyState>
      )}
      <p>
        <button onClick={() => navigate(`/dashboards/d/${uid}`)}>Open the dashboard</button>
      </p>
    </div>
  )
}

function Diff({ uid, a, b }: { uid: string; a: number; b: number }) {
  const diff = useChannel('dashboards:diff', { uid, a, b })
  if (diff.error) return <ErrorNotice error={diff.error} />
  if (!diff.data) return <Loading what="the diff" />
  const d = diff.data
  const nothing = !d.added.length && !d.removed.length && !d.changed.length && !d.settings.length
  return (
    <section className="card dash-diff" aria-label={`Changes from version ${a} to ${b}`}>
      <h2>
        Version {a} → {b}
      </h2>
      {nothing && <p className="muted">The two versions are the same.</p>}
      <ul className="dash-diff-summary">
        {d.added.map((p) => (
          <li key={`a${p.id}`} className="diff-add">
            Panel added: {p.title || p.id}
          </li>
        ))}
        {d.removed.map((p) => (
          <li key={`r${p.id}`} className="diff-del">
            Panel removed: {p.title || p.id}
          </li>
        ))}
        {d.changed.map((p) => (
          <li key={`c${p.id}`} className="diff-chg">
            Panel changed: {p.title || p.id} ({p.fields.join(', ')})
          </li>
        ))}
        {d.settings.map((s) => (
          <li key={`s${s}`} className="diff-chg">
            Dashboard setting changed: {s}
          </li>
        ))}
      </ul>
      <details open={d.lines.length < 400}>
        <summary>JSON diff</summary>
        <pre className="dash-json-diff">
          {d.lines.map((l, i) => (
            <div key={i} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : ''}>
              {l.op} {l.text}
            </div>
          ))}
        </pre>
      </details>
    </section>
  )
}
