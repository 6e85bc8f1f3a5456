import { useEffect, useState } from 'react'
import type { ToolFinding } from '../../../../shared/contract/discovery'
import { JobProgress } from '../../components/JobProgress'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useJobCommand } from '../../lib/jobs'
import { useChannel } from '../../lib/queries'
import { ExtensionsNav } from './ExtensionsNav'
import { ToolOfferAction } from './ToolOfferAction'

const STATE_PILL: Record<ToolFinding['state'], string> = { found: 'pass', absent: 'PAUSED', timeout: 'warn', error: 'fail' }

/** Tools on this machine: what discovery found (read-only) and what the console offers for each. */
export function ToolsPage() {
  const results = useChannel('discovery:results')
  const scan = useJobCommand('discovery:scan', ['discovery:results'])
  const [folders, setFolders] = useState('')
  useEffect(() => {
    if (results.data && folders === '') setFolders(results.data.folders.join('\n'))
  }, [results.data]) // eslint-disable-line react-hooks/exhaustive-deps
  const list = folders
    .split('\n')
    .map((f) => f.trim())
    .filter(Boolean)
  return (
    <div className="page">
      <PageHeader
        title="Tools on this machine"
        subtitle="Read-only: lists folders, reads configuration names, asks local daemons if they answer. No credentials are read and nothing leaves this machine."
      />
      <ExtensionsNav at="tools" />
      <section className="card">
        <label className="field">
          <span>Folders to search for MLflow stores and git repositories with an MLproject (absolute paths, one a line)</span>
          <textarea
            rows={3}
            value={folders}
            onChange={(e) => setFolders(e.target.value)}
            placeholder="/home/me/projects"
            aria-label="Folders to search"
          />
        </label>
        <p>
          <button type="button" className="primary" disabled={scan.running} onClick={() => void scan.start({ folders: list })}>
            Scan
          </button>
        </p>
        {scan.running && <JobProgress job={scan.job} onCancel={scan.cancel} label="Scan progress" />}
        {scan.error && <ErrorNotice error={scan.error} title="The scan did not run" />}
      </section>
      {results.isPending && <Loading what="the last scan" />}
      {results.error && <ErrorNotice error={results.error} title="Could not load the last scan" />}
      {results.data && results.data.scannedAt === null && !scan.running && (
        <EmptyState title="Not scanned yet">Name the folders where your projects live (or none), then press Scan.</EmptyState>
      )}
      {results.data && results.data.scannedAt !== null && (
        <section className="card">
          <h2>
            Found{' '}
            <span className="muted small">
              · scanned <TimeAgo at={results.data.scannedAt} />
            </span>
          </h2>
          <div className="table-scroll">
            <table className="table tools-table">
              <thead>
                <tr>
                  <th>Tool</th>
                  <th>State</th>
                  <th>What was found</th>
                  <th>The console offers</th>
                </tr>
              </thead>
              <tbody>
                {results.data.findings.map((f) => (
                  <tr key={f.tool} data-tool={f.tool}>
                    <td>
                      <strong>{f.label}</strong>
                      {f.binary && <div className="mono small muted">{f.binary}</div>}
                      {f.version && <div className="small muted">version {f.version}</div>}
                    </td>
                    <td>
                      <span className={`pill ${STATE_PILL[f.state]}`}>{f.state}</span>
                      <div className="small muted">{f.ms} ms</div>
                    </td>
                    <td>
                      {f.detail}
                      {f.items.length > 0 && (
                        <ul className="permission-list">
                          {f.items.map((i) => (
                            <li key={`${i.name}:${i.path ?? ''}`}>
                              <strong>{i.name}</strong> <span className="muted small">{i.detail}</span>
                              {i.path && <div className="mono small muted">{i.path}</div>}
                              {i.offer && (
                                <div>
                                  <ToolOfferAction offer={i.offer} />
                                </div>
                              )}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      {f.offer ? (
                        <ToolOfferAction offer={f.offer} />
                      ) : f.items.length ? (
                        <span className="muted small">see each item</span>
                      ) : (
                        <span className="muted small">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  )
}
