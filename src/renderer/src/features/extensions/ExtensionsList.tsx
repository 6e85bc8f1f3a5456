import { href } from '../../app/router'
import { StatePill } from '../../components/StatePill'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { ExtensionsNav } from './ExtensionsNav'
import { STATUS_HELP } from './permissionText'

/** Installed extensions with their status, restarts and memory. */
export function ExtensionsList() {
  const list = useChannel('extensions:list', undefined, { refetchInterval: 5000 })
  return (
    <div className="page">
      <PageHeader
        title="Extensions"
        subtitle="Extensions add check kinds, notification channels and more. Each runs in its own sandboxed process."
        actions={
          <a className="button primary" href={href('/extensions/catalogue')}>
            Browse the catalogue
          </a>
        }
      />
      <ExtensionsNav at="installed" />
      <section className="card">
        {list.isPending && <Loading what="extensions" />}
        {list.error && <ErrorNotice error={list.error} title="Could not load the extensions" />}
        {list.data?.length === 0 && (
          <EmptyState
            title="No extensions installed"
            action={
              <a className="button primary" href={href('/extensions/catalogue')}>
                Open the catalogue
              </a>
            }
          >
            Install one from the catalogue, or from a folder or archive under “Install from a file”.
          </EmptyState>
        )}
        {list.data && list.data.length > 0 && (
          <div className="table-scroll">
            <table className="table extensions-table">
              <thead>
                <tr>
                  <th>Extension</th>
                  <th>Version</th>
                  <th>Status</th>
                  <th className="num">Restarts</th>
                  <th className="num">Memory (RSS)</th>
                  <th>Signed</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <a href={href(`/extensions/${e.id}`)}>{e.name}</a>
                      <div className="muted small">
                        {e.publisher} · {e.description}
                      </div>
                    </td>
                    <td>{e.version}</td>
                    <td>
                      <StatePill state={e.status} title={e.disabledReason ?? STATUS_HELP[e.status]} />
                      {e.disabledReason && <div className="small count-down">{e.disabledReason}</div>}
                    </td>
                    <td className="num">{e.restarts}</td>
                    <td className="num">{e.rssBytes === null ? <span className="muted">—</span> : formatBytes(e.rssBytes)}</td>
                    <td>{e.source === 'builtin' ? '✓ built in' : e.signed ? '✓ signed' : <span className="count-down">unsigned</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
