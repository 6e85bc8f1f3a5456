import { useState } from 'react'
import { ErrorNotice, EmptyState } from '../../components/States'
import { formatBytes, formatMs, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'

export function BackupsPanel() {
  const backups = useChannel('workspace:backups')
  const backup = useCommand('workspace:backup', ['workspace:backups', 'workspace:info'])
  const restore = useCommand('workspace:restore', ['workspace:backups'])
  const [custom, setCustom] = useState('')

  const doRestore = (source: string): void => {
    if (window.confirm(`Replace the current workspace with ${source}?\nA safety backup of the current state is made first.`))
      restore.mutate({ source })
  }

  return (
    <section className="card">
      <div className="card-head">
        <h2>Backups</h2>
        <button className="primary" onClick={() => backup.mutate({})} disabled={backup.isPending}>
          {backup.isPending ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      <p className="muted">
        Online backups use SQLite’s backup API, so the console keeps running. A restore checks the file with PRAGMA integrity_check first.
      </p>
      {backup.data && (
        <p className="notice notice-ok" role="status">
          Backed up to <span className="mono">{backup.data.path}</span> ({formatBytes(backup.data.sizeBytes)} in{' '}
          {formatMs(backup.data.durationMs)}).
        </p>
      )}
      {restore.data && (
        <p className="notice notice-ok" role="status">
          Restored from <span className="mono">{restore.data.restoredFrom}</span>; the previous state is in{' '}
          <span className="mono">{restore.data.safetyBackup}</span>.
        </p>
      )}
      {backup.error && <ErrorNotice error={backup.error} title="Backup failed" />}
      {restore.error && <ErrorNotice error={restore.error} title="Restore failed" />}
      {backups.error && <ErrorNotice error={backups.error} />}
      {backups.data?.length === 0 && <EmptyState title="No backups yet">Press “Back up now” to save a copy of this workspace.</EmptyState>}
      {backups.data && backups.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>File</th>
              <th>Made</th>
              <th className="num">Size</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.data.map((b) => (
              <tr key={b.path}>
                <td className="mono">{b.path.split(/[\\/]/).pop()}</td>
                <td>{formatTime(b.createdAt)}</td>
                <td className="num">{formatBytes(b.sizeBytes)}</td>
                <td>
                  <button onClick={() => doRestore(b.path)} disabled={restore.isPending}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          doRestore(custom)
        }}
      >
        <label>
          Restore from a file
          <input
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            placeholder="/absolute/path/to/backup.db"
            aria-label="Backup file path"
          />
        </label>
        <button type="submit" disabled={!custom || restore.isPending}>
          Restore
        </button>
      </form>
    </section>
  )
}
