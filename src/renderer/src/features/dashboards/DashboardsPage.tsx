import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { DashboardImportReport } from '../../../../shared/contract/dashboards'
import type { Route } from '../../app/router'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { NoSuchPage } from '../../components/NoSuchPage'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { call } from '../../lib/client'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { useChannel } from '../../lib/queries'
import { DashboardPage } from './DashboardPage'
import { TvPage } from './TvPage'
import { VersionsPage } from './VersionsPage'

const ROUTES: RouteTable = [
  ['', () => <DashboardList />],
  ['new', () => <DashboardPage uid={null} />],
  ['import', () => <ImportPage />],
  ['tv', () => <TvPage uid={undefined} />],
  ['tv/~uid', ({ text }) => <TvPage key={text.uid} uid={text.uid} />],
  ['d/~uid', ({ text }) => <DashboardPage key={text.uid} uid={text.uid!} />],
  ['d/~uid/versions', ({ text }) => <VersionsPage key={text.uid} uid={text.uid!} />]
]

export function DashboardsPage({ route }: { route: Route }) {
  return (
    matchRoute(route.parts, ROUTES) ?? (
      <NoSuchPage title="Dashboards" path={route.path} back="/dashboards" backLabel="Back to the dashboards" />
    )
  )
}

function DashboardList() {
  const list = useChannel('dashboards:list')
  return (
    <div className="page dashboards-page">
      <PageHeader
        title="Dashboards"
        subtitle="Your own grids of panels from every area: services, alerts, drift, costs, models, metrics and logs."
        actions={
          <>
            <button className="primary" onClick={() => navigate('/dashboards/new')}>
              New dashboard
            </button>
            <button onClick={() => navigate('/dashboards/import')}>Import JSON</button>
            {!!list.data?.length && <button onClick={() => navigate('/dashboards/tv')}>TV mode</button>}
          </>
        }
      />
      {list.isPending && <Loading what="dashboards" />}
      {list.error && <ErrorNotice error={list.error} />}
      {list.data?.length === 0 && (
        <EmptyState
          title="No dashboards yet"
          action={
            <button className="primary" onClick={() => navigate('/dashboards/new')}>
              Create a dashboard
            </button>
          }
        >
          Build one from panels (uptime, alert counts, spend, drift, PromQL, log lines…), or import a file exported here or from Grafana.
        </EmptyState>
      )}
      {!!list.data?.length && (
        <div className="table-scroll card">
          <table className="table">
            <thead>
              <tr>
                <th>Dashboard</th>
                <th className="num">Panels</th>
                <th className="num">Version</th>
                <th>Saved</th>
                <th>Tags</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((d) => (
                <tr key={d.uid}>
                  <td>
                    <a href={href(`/dashboards/d/${d.uid}`)}>{d.title}</a>
                    {d.description && <div className="muted small">{d.description}</div>}
                  </td>
                  <td className="num">{d.panels}</td>
                  <td className="num">{d.version}</td>
                  <td>
                    {new Date(d.updatedAt).toLocaleString()} by {d.updatedBy}
                  </td>
                  <td>{d.tags.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

/** A folder kept in git (services, alert rules, feature views, dashboards): applied now, at start and on every change. */
function ProvisioningCard() {
  const client = useQueryClient()
  const view = useChannel('dashboards:provisioning')
  const [folder, setFolder] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const refresh = async () => {
    for (const key of ['dashboards:provisioning', 'dashboards:provisionedFrom', 'dashboards:list'])
      await client.invalidateQueries({ queryKey: [key] })
  }
  const run = async (action: () => Promise<unknown>) => {
    setError(null)
    try {
      await action()
      await refresh()
    } catch (e) {
      setError(e)
    }
  }
  const current = view.data
  return (
    <section className="card" aria-label="Provisioning">
      <h2>Provisioning from a folder</h2>
      <p className="muted">
        Keep the configuration in git. Every file of the folder and its subfolders is applied now, when the console starts and whenever it
        changes, by its name’s ending: <code>*.services.yaml</code> services and checks, <code>*.alerts.yaml</code> alert rules and
        destinations, <code>*.features.yaml</code> feature views, <code>*.json</code> dashboards (this console’s or Grafana’s). A removed
        file leaves what it made; what a file defines is marked “provisioned” in its area.
      </p>
      <div className="form-row">
        <Field label="Folder" hint="An absolute path on the machine running the console.">
          <input value={folder ?? current?.folder ?? ''} onChange={(e) => setFolder(e.target.value)} placeholder="/srv/console-config" />
        </Field>
        <button
          className="primary"
          onClick={() => run(() => call('dashboards:setProvisioning', { folder: (folder ?? current?.folder ?? '').trim() || null }))}
        >
          Watch this folder
        </button>
        {current?.folder && <button onClick={() => run(() => call('dashboards:provisionNow', {}))}>Provision now</button>}
        {current?.folder && <button onClick={() => run(() => call('dashboards:setProvisioning', { folder: null }))}>Stop</button>}
      </div>
      {error !== null && <ErrorNotice error={error} title="Not applied" />}
      {current?.folder && (
        <p className="small">
          {current.watching ? 'Watching' : 'Not watching'} {current.folder}.
        </p>
      )}
      {current?.folder && !current.files.length && (
        <p className="muted small">No configuration files in it yet: use Export folder below to start one from this console.</p>
      )}
      {!!current?.files.length && (
        <table className="table compact" aria-label="Provisioned files">
          <thead>
            <tr>
              <th>File</th>
              <th>Kind</th>
              <th>State</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {current.files.map((f) => (
              <tr key={f.file} className={f.state === 'error' ? 'row-error' : undefined}>
                <td className="mono">{f.file}</td>
                <td>{f.kind}</td>
                <td>{f.state}</td>
                <td>{f.uid && f.state !== 'error' ? <a href={href(`/dashboards/d/${f.uid}`)}>{f.message}</a> : f.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ExportFolder />
    </section>
  )
}

/** Writes the console's services, alert rules, feature views and dashboards as such a folder. */
function ExportFolder() {
  const [folder, setFolder] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [written, setWritten] = useState<{ folder: string; files: string[] } | null>(null)
  const run = async () => {
    setError(null)
    setWritten(null)
    try {
      setWritten(await call('dashboards:exportFolder', { folder: folder.trim() }))
    } catch (e) {
      setError(e)
    }
  }
  return (
    <>
      <h3 className="section-title">Export folder</h3>
      <div className="form-row">
        <Field label="Export into" hint="Files of the same name are replaced; sorted keys, so a commit shows only what changed.">
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/home/me/console-config" />
        </Field>
        <button onClick={run} disabled={!folder.trim()}>
          Export folder
        </button>
      </div>
      {error !== null && <ErrorNotice error={error} title="Not exported" />}
      {written && (
        <div className="notice notice-ok" role="status">
          Wrote {written.files.length} files into {written.folder}. Destinations are written without their secrets: add{' '}
          <code>secretEnv: NAME</code> to read one from the console’s environment.
        </div>
      )}
    </>
  )
}

/** Paste or pick a file: this console's dashboard JSON, or Grafana's classic dashboard JSON. */
function ImportPage() {
  const client = useQueryClient()
  const [json, setJson] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [report, setReport] = useState<DashboardImportReport | null>(null)
  const run = async () => {
    setError(null)
    setReport(null)
    try {
      const r = await call('dashboards:import', { json })
      setReport(r)
      await client.invalidateQueries({ queryKey: ['dashboards:list'] })
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div className="page dashboards-page">
      <PageHeader
        title="Import a dashboard"
        subtitle="A file exported from this console (its uid decides: new, or the next version) or a Grafana classic dashboard JSON."
      />
      <div className="card">
        <Field label="Dashboard file" hint="Pick a .json file, or paste its text below.">
          <input type="file" accept=".json,application/json" onChange={async (e) => setJson((await e.target.files?.[0]?.text()) ?? '')} />
        </Field>
        <Field label="Dashboard JSON">
          <textarea rows={12} value={json} onChange={(e) => setJson(e.target.value)} spellCheck={false} />
        </Field>
        <button className="primary" onClick={run} disabled={!json.trim()}>
          Import
        </button>
      </div>
      {error !== null && <ErrorNotice error={error} title="Not imported" />}
      {report && (
        <div className="notice notice-ok" role="status">
          <p>
            {report.created ? 'Imported' : `Updated to version ${report.version}:`}{' '}
            <a href={href(`/dashboards/d/${report.uid}`)}>{report.title}</a>
            {report.unmapped.length
              ? `; ${report.unmapped.length} item${report.unmapped.length === 1 ? '' : 's'} did not map:`
              : ', everything mapped.'}
          </p>
          {report.unmapped.length > 0 && (
            <ul className="dash-unmapped">
              {report.unmapped.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ProvisioningCard />
    </div>
  )
}
