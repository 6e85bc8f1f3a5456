import { useState } from 'react'
import type { InstallPreview } from '../../../../shared/contract'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { ExtensionsNav } from './ExtensionsNav'
import { PermissionPrompt } from './PermissionPrompt'
import { TrustSettings } from './TrustSettings'

/** The catalogue index: each extension with its versions, compatibility, what is installed and updates. */
export function CataloguePage() {
  const settings = useChannel('extensions:getSettings')
  const hasCatalogue = !!settings.data?.catalogue
  const catalogue = useChannel('extensions:catalogue', undefined, { enabled: hasCatalogue, retry: false })
  const inspect = useCommand('extensions:inspect')
  const [preview, setPreview] = useState<InstallPreview | null>(null)
  return (
    <div className="page">
      <PageHeader
        title="Extension catalogue"
        subtitle="Signed extensions from the catalogue you set below; archives are checked (sha256 and signature) before install."
      />
      <ExtensionsNav at="catalogue" />
      {preview && <PermissionPrompt preview={preview} onCancel={() => setPreview(null)} />}
      {inspect.error && <ErrorNotice error={inspect.error} title="Cannot install this" />}
      <section className="card">
        {settings.data && !hasCatalogue && (
          <EmptyState title="No catalogue set">Set the catalogue index (an https URL or a JSON file) under “Trust” below.</EmptyState>
        )}
        {catalogue.isLoading && <Loading what="the catalogue" />}
        {catalogue.error && <ErrorNotice error={catalogue.error} title="Could not read the catalogue" />}
        {catalogue.data && (
          <div className="table-scroll">
            <table className="table catalogue-table">
              <thead>
                <tr>
                  <th>Extension</th>
                  <th>Newest</th>
                  <th>Installed</th>
                  <th>Signed</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {catalogue.data.map((e) => {
                  const newest = e.versions.find((v) => v.compatible)
                  const action = e.update ? `Update to ${e.update}` : e.installed ? null : 'Install'
                  return (
                    <tr key={e.id}>
                      <td>
                        <strong>{e.name}</strong>
                        <div className="muted small">
                          {e.publisher} · {e.description}
                        </div>
                      </td>
                      <td>
                        {newest ? newest.version : <span className="count-down">none compatible</span>}
                        {newest?.engines && <div className="muted small">console {newest.engines}</div>}
                      </td>
                      <td>{e.installed ?? <span className="muted">—</span>}</td>
                      <td>{newest?.signature ? '✓' : <span className="count-down">unsigned</span>}</td>
                      <td className="num">
                        {action && newest && (
                          <button
                            type="button"
                            className="primary"
                            disabled={inspect.isPending}
                            onClick={() => inspect.mutate({ source: { kind: 'catalogue', id: e.id } }, { onSuccess: setPreview })}
                          >
                            {action}
                          </button>
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {settings.data && <TrustSettings settings={settings.data} />}
    </div>
  )
}
