import { useState } from 'react'
import type { InstallPreview } from '../../../../shared/contract'
import { navigate } from '../../app/router'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { describePermission } from './permissionText'

/**
 * What an extension asks for, before anything of it runs: its signature, each permission (the user may leave some
 * out: calls needing them are then refused), what an update adds or drops, and consent for unsigned code.
 */
export function PermissionPrompt({ preview, onCancel }: { preview: InstallPreview; onCancel(): void }) {
  const m = preview.manifest
  const [grant, setGrant] = useState<string[]>(m.permissions)
  const [allowUnsigned, setAllowUnsigned] = useState(false)
  const install = useCommand('extensions:install', ['extensions:list', 'extensions:catalogue'])
  const toggle = (p: string) => setGrant((g) => (g.includes(p) ? g.filter((x) => x !== p) : [...g, p]))
  const blocked = !preview.signed && !allowUnsigned
  const c = m.contributes
  const adds = [
    ...c.checkKinds.map((k) => `check kind “${k.title}”`),
    ...c.notificationChannels.map((k) => `notification channel “${k.title}”`),
    ...c.importers.map((k) => `${k.target} importer “${k.title}”`),
    ...c.dashboardPanels.map((k) => `dashboard panel “${k.title}”`),
    ...c.commands.map((k) => `command “${k.title}”`)
  ]
  return (
    <section className="card permission-prompt" aria-label="Permission prompt">
      <h2>
        {preview.update ? 'Update' : 'Install'} {m.name} {m.version}
        {preview.update && <span className="muted"> (installed: {preview.update.from})</span>}
      </h2>
      <p className="muted">
        by <strong>{m.publisher}</strong> · {m.id}
        {m.description && ` · ${m.description}`}
      </p>
      {preview.signed ? (
        <div className="notice notice-ok">
          <strong>Signed by {m.publisher}</strong>
          <p>
            The archive’s signature verifies with the publisher key you trust{preview.sha256 && ` (sha256 ${preview.sha256.slice(0, 16)}…)`}
            .
          </p>
        </div>
      ) : (
        <div className="notice notice-warn" role="alert">
          <strong>Unsigned extension</strong>
          <p>
            {preview.unsignedReason}. Nothing proves who made it or that it was not changed. Install it only if you trust where it came
            from.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={allowUnsigned} onChange={(e) => setAllowUnsigned(e.target.checked)} /> I trust this source:
            install it unsigned
          </label>
        </div>
      )}
      <h3>It asks to</h3>
      {m.permissions.length === 0 ? (
        <p className="muted">Nothing: it cannot read your data or reach the network.</p>
      ) : (
        <ul className="permission-list">
          {m.permissions.map((p) => {
            const d = describePermission(p)
            const isNew = preview.update?.added.includes(p)
            return (
              <li key={p}>
                <label className="checkbox">
                  <input type="checkbox" checked={grant.includes(p)} onChange={() => toggle(p)} />
                  <span className={`risk-${d.risk}`}>{d.title}</span> <code className="small">{p}</code>
                  {isNew && <span className="badge">new in this version</span>}
                </label>
              </li>
            )
          })}
        </ul>
      )}
      {preview.update && preview.update.removed.length > 0 && (
        <p className="muted">No longer asks for: {preview.update.removed.join(', ')}</p>
      )}
      {adds.length > 0 && <p>It adds: {adds.join(', ')}.</p>}
      <p className="muted small">
        It runs in its own process that can read only its own folder and the folders you grant; it reaches the network only through the
        console.
      </p>
      {install.error && <ErrorNotice error={install.error} title="Not installed" />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={blocked || install.isPending}
          onClick={() =>
            install.mutate({ token: preview.token, grant, allowUnsigned }, { onSuccess: (info) => navigate(`/extensions/${info.id}`) })
          }
        >
          {install.isPending ? 'Installing…' : preview.update ? 'Update' : 'Install'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  )
}
