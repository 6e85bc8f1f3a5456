import { Fragment } from 'react'
import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { StatePill } from '../../components/StatePill'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { formatBytes, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { ExtensionCommands } from './ExtensionCommands'
import { ExtensionViews } from './ExtensionViews'
import { ExtensionSettingsForm } from './ExtensionSettingsForm'
import { describePermission, STATUS_HELP } from './permissionText'

const AFTER = ['extensions:list', 'extensions:get', 'extensions:catalogue'] as const

/** One extension: status, process, permissions, what it adds, and its log (refused calls and crashes included). */
export function ExtensionPage({ id }: { id: string }) {
  const ext = useChannel('extensions:get', { id, logLimit: 200 }, { refetchInterval: 3000 })
  const enable = useCommand('extensions:enable', [...AFTER])
  const disable = useCommand('extensions:disable', [...AFTER])
  const uninstall = useCommand('extensions:uninstall', [...AFTER])
  if (ext.isPending) return <Loading what="the extension" />
  if (ext.error) return <ErrorNotice error={ext.error} title="Could not load the extension" />
  const e = ext.data
  const c = e.manifest.contributes
  const contributions: [string, string[]][] = [
    ['Check kinds', c.checkKinds.map((k) => `${k.title} (ext:${e.id}/${k.name})`)],
    ['Notification channels', c.notificationChannels.map((k) => `${k.title} (ext:${e.id}/${k.name})`)],
    ['Importers', c.importers.map((k) => `${k.title} → ${k.target} (${k.extensions.join(', ')})`)],
    ['Dashboard panels', c.dashboardPanels.map((k) => k.title)],
    ['Commands', c.commands.map((k) => k.title)],
    ['Views', c.views.map((k) => k.title)]
  ]
  return (
    <div className="page">
      <PageHeader
        title={e.name}
        subtitle={
          <>
            <a href={href('/extensions')}>Extensions</a> · {e.publisher} · {e.version} ·{' '}
            <StatePill state={e.status} title={STATUS_HELP[e.status]} />
          </>
        }
        actions={
          <>
            {e.status === 'disabled' ? (
              <button type="button" className="primary" onClick={() => enable.mutate({ id })}>
                Enable
              </button>
            ) : (
              <button type="button" onClick={() => disable.mutate({ id })}>
                Disable
              </button>
            )}
            {e.source !== 'builtin' && (
              <ConfirmButton
                className="danger"
                question={`Uninstall ${e.name}? Its files, its data and its log are deleted.`}
                onConfirm={() => uninstall.mutate({ id }, { onSuccess: () => navigate('/extensions') })}
              >
                Uninstall
              </ConfirmButton>
            )}
          </>
        }
      />
      {[enable.error, disable.error, uninstall.error].map((err, i) => err && <ErrorNotice key={i} error={err} title="That did not work" />)}
      {e.disabledReason && (
        <div className="notice notice-warn">
          <strong>Disabled</strong>
          <p>{e.disabledReason}</p>
        </div>
      )}
      <section className="card">
        <h2>Process</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            {e.status} <span className="muted">({e.disabledReason ?? STATUS_HELP[e.status]})</span>
          </dd>
          <dt>Restarts</dt>
          <dd>{e.restarts}</dd>
          <dt>Memory (RSS)</dt>
          <dd>{e.rssBytes === null ? '—' : formatBytes(e.rssBytes)}</dd>
          <dt>Installed</dt>
          <dd>
            {formatTime(e.installedAt)} {e.source === 'builtin' ? 'built into the console' : `from ${e.source}`} ·{' '}
            {e.signed ? 'signed' : 'unsigned'}
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2>Permissions</h2>
        <ul className="permission-list">
          {e.requested.length === 0 && <li className="muted">It asks for none.</li>}
          {e.requested.map((p) => (
            <li key={p}>
              {e.granted.includes(p) ? '✓' : <span className="count-down">✗ not granted</span>} {describePermission(p).title}{' '}
              <code className="small">{p}</code>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>What it adds</h2>
        <dl className="facts">
          {contributions
            .filter(([, items]) => items.length > 0)
            .map(([label, items]) => (
              <Fragment key={label}>
                <dt>{label}</dt>
                <dd>{items.join(', ')}</dd>
              </Fragment>
            ))}
        </dl>
      </section>
      {c.views.length > 0 && e.status !== 'disabled' && <ExtensionViews id={id} views={c.views} />}
      {c.settings && <ExtensionSettingsForm id={id} />}
      {c.commands.length > 0 && <ExtensionCommands id={id} commands={c.commands} />}
      <section className="card">
        <h2>Log</h2>
        {e.logs.length === 0 ? (
          <p className="muted">Nothing logged yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table extension-log">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Level</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {e.logs.map((l) => (
                  <tr key={l.id} className={l.level === 'error' ? 'count-down' : ''}>
                    <td className="nowrap">
                      <TimeAgo at={l.at} />
                    </td>
                    <td>{l.level}</td>
                    <td className="mono small">{l.message}</td>
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
