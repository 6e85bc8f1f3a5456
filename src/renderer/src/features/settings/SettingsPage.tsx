import { useMemo, useState } from 'react'
import { Chart } from '../../components/Chart'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes, formatMs, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { useUi, type ThemePreference } from '../../app/store'
import { buildStorageOption } from './storageChart'
import { BackupsPanel } from './BackupsPanel'
import { BaseUrlPanel } from './BaseUrlPanel'
import { LogStoragePanel } from './LogStoragePanel'
import { ResourcesPanel } from './ResourcesPanel'
import { RetentionPanel } from './RetentionPanel'

export function SettingsPage() {
  const info = useChannel('workspace:info')
  const tables = useChannel('workspace:tables')
  const health = useChannel('system:health', undefined, { refetchInterval: 10_000 })
  const system = useChannel('system:info')
  const rename = useCommand('workspace:rename', ['workspace:info'])
  const [name, setName] = useState<string | null>(null)
  const { theme, setTheme } = useUi()
  const storageOption = useMemo(() => buildStorageOption(tables.data ?? []), [tables.data])

  return (
    <div className="page">
      <PageHeader title="Settings" subtitle="Workspace, backups, appearance and the console’s own health." />
      <div className="grid two">
        <section className="card">
          <h2>Workspace</h2>
          {info.isPending && <Loading what="workspace" />}
          {info.error && <ErrorNotice error={info.error} />}
          {info.data && (
            <>
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault()
                  rename.mutate({ name: name ?? info.data.name }, { onSuccess: () => setName(null) })
                }}
              >
                <label>
                  Name
                  <input value={name ?? info.data.name} onChange={(e) => setName(e.target.value)} aria-label="Workspace name" />
                </label>
                <button type="submit" disabled={name === null || rename.isPending}>
                  Rename
                </button>
              </form>
              {rename.error && <ErrorNotice error={rename.error} title="Rename failed" />}
              <dl className="facts">
                <dt>File</dt>
                <dd className="mono">{info.data.path}</dd>
                <dt>Size</dt>
                <dd>{formatBytes(info.data.sizeBytes)}</dd>
                <dt>Journal</dt>
                <dd>{info.data.journalMode.toUpperCase()}</dd>
                <dt>Schema</dt>
                <dd>
                  version {info.data.schemaVersion} ({info.data.migrations.length} migrations)
                </dd>
                <dt>Created</dt>
                <dd>{formatTime(info.data.createdAt)}</dd>
              </dl>
            </>
          )}
        </section>
        <section className="card">
          <h2>Appearance</h2>
          <fieldset className="radio-row">
            <legend>Theme</legend>
            {(['system', 'light', 'dark'] as ThemePreference[]).map((t) => (
              <label key={t}>
                <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => setTheme(t)} />{' '}
                {t === 'system' ? 'Follow the OS' : t}
              </label>
            ))}
          </fieldset>
          <h2>Console health</h2>
          {health.error && <ErrorNotice error={health.error} />}
          {health.data && (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Check</th>
                  <th>Status</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(health.data.checks).map(([key, [c]]) => (
                  <tr key={key}>
                    <td className="mono">{key}</td>
                    <td>
                      <span className={`pill ${c!.status}`}>{c!.status}</span>
                    </td>
                    <td>
                      {c!.observedUnit === 'ms' && typeof c!.observedValue === 'number'
                        ? formatMs(c!.observedValue)
                        : `${c!.observedValue ?? '—'} ${c!.observedUnit ?? ''}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {system.data && (
            <>
              <h2>Secrets</h2>
              <p data-testid="secret-store">
                <span className={`pill ${system.data.secrets.kind === 'safe-storage' ? 'pass' : 'warn'}`}>
                  {system.data.secrets.kind === 'safe-storage' ? 'OS keychain' : 'key file'}
                </span>{' '}
                {system.data.secrets.description}
              </p>
            </>
          )}
          {system.data && (
            <p className="muted">
              {system.data.name} {system.data.version} · {system.data.mode} · Node {system.data.node}
              {system.data.electron ? ` · Electron ${system.data.electron}` : ''}
            </p>
          )}
        </section>
      </div>
      <ResourcesPanel />
      <section className="card">
        <h2>Storage by table</h2>
        {tables.error && <ErrorNotice error={tables.error} />}
        {tables.data && (
          <Chart option={storageOption} height={Math.max(160, tables.data.length * 28 + 60)} label="Size on disk of each workspace table" />
        )}
      </section>
      <BackupsPanel />
      <RetentionPanel />
      <BaseUrlPanel />
      <LogStoragePanel />
    </div>
  )
}
